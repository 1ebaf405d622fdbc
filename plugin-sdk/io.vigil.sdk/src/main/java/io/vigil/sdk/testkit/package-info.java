/**
 * A small testkit for plugin authors: run a {@link io.vigil.sdk.FieldExtractor} or an
 * {@link io.vigil.sdk.EventSource} against sample events in a plain JUnit test, without Karaf.
 */
@Export
@Version("1.0.0")
package io.vigil.sdk.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
