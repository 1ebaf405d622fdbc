package io.vigil.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.syscall.internal.SyscallEventTypes;
import io.vigil.syscall.internal.SyscallFieldExtractor;
import io.vigil.syscall.internal.SyscallStateService;
import io.vigil.syscall.internal.ThreadStatesService;

/** Falco's syscall rule files load with zero errors with the real syscall fields and these fields. */
class FalcoRulesLoadTest {

    static Path rules(String name) {
        Path dir = Path.of(System.getProperty("vigil.falcoRules", "../../../shared/falco-rules"));
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("Falco's rule file " + p.toAbsolutePath() + " is missing: the build sets "
                    + "vigil.falcoRules to ${project.basedir}/../../../shared/falco-rules");
        }
        return p;
    }

    static FieldCatalog catalog(ContainerFieldExtractor containers, SyscallStateService state) {
        SyscallEventTypes types = new SyscallEventTypes();
        return new FieldCatalog(List.of(new SyscallFieldExtractor(state), containers), Map.of("syscall", types),
                List.of("syscall"));
    }

    @Test
    void falcosSyscallRuleFilesLoadWithoutErrors() throws Exception {
        SyscallStateService state = TestThreads.hostState();
        ContainerFieldExtractor containers = new ContainerFieldExtractor(new ThreadStatesService(state), Set.of("default"),
                List.of(), 64, 0);
        FieldCatalog catalog = catalog(containers, state);
        for (String f : List.of("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml")) {
            LoadResult r = new FalcoRuleEngine().load(List.of(RuleFile.read(rules(f))), catalog, EngineConfig.defaults("h"));
            assertEquals(List.of(), r.errors(), f);
            assertNotNull(r.ruleset(), f);
            assertFalse(r.ruleset().rules().isEmpty(), f);
        }
        LoadResult all = new FalcoRuleEngine().load(List.of(RuleFile.read(rules("falco_rules.yaml")),
                RuleFile.read(rules("falco-incubating_rules.yaml")), RuleFile.read(rules("falco-sandbox_rules.yaml"))),
                catalog, EngineConfig.defaults("h"));
        assertEquals(List.of(), all.errors());
        containers.close();
    }
}
