package io.vigil.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.engine.api.Diagnostic;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;

/** Falco's upstream rule files load unchanged against a catalogue with Falco's field names. */
class UpstreamRulesTest {

    private final FalcoRuleEngine engine = new FalcoRuleEngine();

    @Test
    void everyUpstreamFileLoadsWithoutErrors() throws Exception {
        List<Path> files = TestCatalog.upstreamFiles();
        assertEquals(8, files.size(), "expected Falco's eight upstream rule files in " + TestCatalog.falcoRules());
        for (Path p : files) {
            LoadResult r = engine.load(List.of(RuleFile.read(p)), TestCatalog.full(), EngineConfig.defaults("h"));
            assertEquals(List.of(), r.errors(), p.toString());
            assertNotNull(r.ruleset(), p.toString());
            assertFalse(r.ruleset().rules().isEmpty(), p.toString());
        }
    }

    @Test
    void theSyscallFilesLoadTogetherAndIndexByEventType() {
        LoadResult r = engine.load(List.of(TestCatalog.upstream("falco_rules.yaml"),
                TestCatalog.upstream("falco-incubating_rules.yaml"), TestCatalog.upstream("falco-sandbox_rules.yaml")),
                TestCatalog.full(), EngineConfig.defaults("h"));
        assertEquals(List.of(), r.errors());
        var shell = r.ruleset().rules().stream().filter(i -> i.name().equals("Terminal shell in container"))
                .findFirst().orElseThrow();
        assertTrue(shell.eventTypes().contains("execve"), shell.eventTypes().toString());
        assertTrue(shell.condition().contains("proc.name in ("), shell.condition());
        // with every file's rules enabled, the needed syscalls are a subset of all types
        var types = r.ruleset().eventTypes("syscall");
        if (types != null) {
            assertTrue(types.get(TestCatalog.SYSCALL_TYPES.exit("execve")));
        }
    }

    @Test
    void aCatalogueWithoutThePluginsFieldsSaysWhatIsMissing() {
        FieldCatalog syscallOnly = new FieldCatalog(TestCatalog.extractors(n -> n.equals("syscall")),
                Map.of("syscall", TestCatalog.SYSCALL_TYPES), List.of("syscall"));
        LoadResult r = engine.load(List.of(TestCatalog.upstream("falco_rules.yaml")), syscallOnly,
                EngineConfig.defaults("h"));
        assertNull(r.ruleset());
        Diagnostic plugin = r.errors().get(0);
        assertEquals("LOAD_ERR_VALIDATE", plugin.code());
        assertTrue(plugin.message().contains("Plugin 'container' version 0.4.0"), plugin.message());
        assertTrue(r.errors().stream().anyMatch(d -> d.code().equals("LOAD_ERR_COMPILE_CONDITION")
                && d.message().contains("container.id")), r.errors().toString());

        LoadResult k8s = engine.load(List.of(TestCatalog.upstream("k8s_audit_rules.yaml")), syscallOnly,
                EngineConfig.defaults("h"));
        assertTrue(k8s.errors().stream().anyMatch(d -> d.message().contains("'k8saudit'")), k8s.errors().toString());
        assertTrue(k8s.warnings().stream().anyMatch(d -> d.code().equals("LOAD_UNKNOWN_SOURCE")
                && d.message().contains("k8s_audit")));
    }
}
