/**
 * The rule engine as the platform sees it: Falco rule files in, a compiled {@link
 * io.vigil.engine.api.Ruleset} or precise diagnostics out.
 */
@Export
@Version("1.0.0")
package io.vigil.engine.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
