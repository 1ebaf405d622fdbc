/**
 * The syscall event schema shared by every syscall source (live eBPF capture, replay) and
 * by the syscall state and field bundles: event types with Falco's names, their parameters,
 * and the event view parsers and extractors read.
 */
@Export
@Version("1.2.0")
package io.vigil.syscall.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
