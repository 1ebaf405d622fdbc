/**
 * Vigil plugin SDK v1: the contract between the Vigil platform and its plugins.
 *
 * <p>A plugin is an OSGi bundle that registers one or more of these services:
 * {@link io.vigil.sdk.EventSource} (produce events of a named source),
 * {@link io.vigil.sdk.FieldExtractor} (declare fields and extract their values),
 * {@link io.vigil.sdk.EventParser} (update state from events before rules see them),
 * {@link io.vigil.sdk.EventTypes} (name the event types of a source, for rule indexing) and
 * {@link io.vigil.sdk.OutputChannel} (receive alerts). The platform finds them through the
 * service registry (whiteboard pattern), so plugins can be deployed and removed at run time.
 */
@Export
@Version("1.1.0")
package io.vigil.sdk;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
