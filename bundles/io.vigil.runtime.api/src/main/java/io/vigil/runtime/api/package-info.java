/**
 * The running Vigil as the console, the launcher and tests see it: the field catalogue, the
 * active rules and their last load result, sources, output channels, counters, reload.
 */
@Export
@Version("1.1.0")
package io.vigil.runtime.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
