package io.vigil.engine;

import java.util.List;

import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleEngine;
import io.vigil.engine.api.RuleFile;
import io.vigil.engine.internal.RuleCompiler;
import io.vigil.engine.internal.RulesetImpl;
import io.vigil.engine.internal.load.Diagnostics;
import io.vigil.engine.internal.load.RuleCollector;
import io.vigil.engine.internal.load.RuleFileReader;

/**
 * Vigil's implementation of Falco's rule language; construct it with {@code new} in plain Java,
 * or get it as the {@link RuleEngine} OSGi service.
 */
public final class FalcoRuleEngine implements RuleEngine {

    /** The version of Falco's rule language implemented. */
    public static final String ENGINE_VERSION = RuleFileReader.ENGINE_VERSION;

    @Override
    public String engineVersion() {
        return ENGINE_VERSION;
    }

    @Override
    public LoadResult load(List<RuleFile> files, FieldCatalog catalog, EngineConfig config) {
        Diagnostics diag = new Diagnostics();
        RuleCollector collector = new RuleCollector(diag);
        RuleFileReader reader = new RuleFileReader(collector, diag);
        for (RuleFile f : files) {
            // as in Falco, the first file with an error ends the load: later files would
            // append to items that are not there
            if (!reader.read(f)) {
                return new LoadResult(diag.list(), null);
            }
        }
        RulesetImpl ruleset = new RuleCompiler(catalog, config, diag).compile(collector);
        return new LoadResult(diag.list(), diag.hasErrors() ? null : ruleset);
    }
}
