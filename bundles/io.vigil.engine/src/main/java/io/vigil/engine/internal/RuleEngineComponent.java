package io.vigil.engine.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleEngine;
import io.vigil.engine.api.RuleFile;

/** Registers the rule engine as an OSGi service; the engine itself holds no state. */
@Component(service = RuleEngine.class)
public final class RuleEngineComponent implements RuleEngine {

    private final FalcoRuleEngine engine = new FalcoRuleEngine();

    @Override
    public String engineVersion() {
        return engine.engineVersion();
    }

    @Override
    public LoadResult load(List<RuleFile> files, FieldCatalog catalog, EngineConfig config) {
        return engine.load(files, catalog, config);
    }
}
