package io.vigil.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleEngine;
import io.vigil.engine.api.RuleFile;
import io.vigil.engine.internal.RuleEngineComponent;

/** The OSGi service and the plain engine are the same engine. */
class RuleEngineComponentTest {

    @Test
    void theServiceLoadsRulesLikeThePlainEngine() {
        RuleEngine service = new RuleEngineComponent();
        assertEquals("0.63.0", service.engineVersion());
        assertEquals(new FalcoRuleEngine().engineVersion(), service.engineVersion());
        LoadResult r = service.load(List.of(TestCatalog.upstream("falco_rules.yaml")), TestCatalog.full(),
                EngineConfig.defaults("h"));
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(List.of(), r.warnings());
        assertEquals(25, r.ruleset().rules().size());
        assertTrue(r.ruleset().rules().stream().allMatch(i -> i.enabled()));
        assertTrue(service.load(List.of(new RuleFile("x.yaml", "- rule: [")), TestCatalog.full(),
                EngineConfig.defaults("h")).ruleset() == null);
    }
}
