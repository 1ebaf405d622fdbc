package io.vigil.engine.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Loads Falco rule files and compiles them against a field catalogue. Registered as an
 * OSGi service by {@code io.vigil.engine}; also usable as a plain library.
 *
 * <p>Loading never throws for bad input: every problem becomes a {@link Diagnostic} with
 * Falco's code, the file, line and column, the item and a message a person can act on.
 */
@ProviderType
public interface RuleEngine {

    /** The version of Falco's rule language this engine implements, e.g. {@code 0.63.0}. */
    String engineVersion();

    /**
     * Loads {@code files} in order (later files append to and override earlier ones, as in
     * Falco), resolves lists and macros, and compiles every rule against {@code catalog}.
     *
     * @return the diagnostics, and a ruleset unless there were errors
     */
    LoadResult load(List<RuleFile> files, FieldCatalog catalog, EngineConfig config);
}
