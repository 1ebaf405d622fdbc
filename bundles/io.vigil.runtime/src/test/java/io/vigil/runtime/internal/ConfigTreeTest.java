package io.vigil.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.engine.api.EngineConfig;
import io.vigil.sdk.Priority;

class ConfigTreeTest {

    @TempDir
    Path dir;

    @Test
    void readsFalcoYamlAndAppliesOverrides() throws Exception {
        Path f = dir.resolve("falco.yaml");
        Files.writeString(f, String.join("\n",
                "rules_files:",
                "  - /etc/falco/falco_rules.yaml",
                "  - rules.d",
                "json_output: false",
                "priority: warning",
                "stdout_output:",
                "  enabled: true",
                "rules:",
                "  - disable:",
                "      tag: network",
                "  - enable:",
                "      rule: Read sensitive*",
                ""));
        ConfigTree c = ConfigTree.read(f);
        c.override("json_output=true");
        c.override("stdout_output.enabled=false");
        c.override("rules_files[]=extra.yaml");
        VigilSettings s = VigilSettings.from(c, dir, Path.of("/opt/vigil"), "h");
        assertTrue(s.output().json());
        assertFalse(s.output().stdout());
        assertEquals(List.of(Path.of("/etc/falco/falco_rules.yaml"), dir.resolve("rules.d"), dir.resolve("extra.yaml")),
                s.rulesPaths());
        assertEquals(Priority.WARNING, s.engine().minPriority());
        assertEquals(List.of(new EngineConfig.RuleSelection(false, null, "network"),
                new EngineConfig.RuleSelection(true, "Read sensitive*", null)), s.engine().selections());
    }

    @Test
    void unknownOverrideKeysAreRejectedByName() {
        ConfigTree c = ConfigTree.empty();
        ConfigException e = assertThrows(ConfigException.class, () -> c.override("stdout_output.enabeld=true"));
        assertTrue(e.getMessage().startsWith("-o stdout_output.enabeld: unknown configuration key 'stdout_output.enabeld'"),
                e.getMessage());
        assertEquals("-o json_output: expected key=value",
                assertThrows(ConfigException.class, () -> c.override("json_output")).getMessage());
    }

    @Test
    void badFilesNameTheFileAndPosition() throws Exception {
        Path missing = dir.resolve("nope.yaml");
        assertEquals("config file " + missing + ": not found (or not a regular file)",
                assertThrows(ConfigException.class, () -> ConfigTree.read(missing)).getMessage());
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "json_output: true\nrules_files: [a, b\n");
        String m = assertThrows(ConfigException.class, () -> ConfigTree.read(broken)).getMessage();
        assertTrue(m.startsWith("config file " + broken + ":3:1: invalid YAML"), m);
        Path list = dir.resolve("list.yaml");
        Files.writeString(list, "- a\n- b\n");
        assertEquals("config file " + list + ": the top level must be a map of keys",
                assertThrows(ConfigException.class, () -> ConfigTree.read(list)).getMessage());
    }

    @Test
    void badValuesNameTheKey() throws Exception {
        ConfigTree c = ConfigTree.empty();
        c.override("priority=loud");
        assertTrue(assertThrows(ConfigException.class, () -> VigilSettings.from(c, dir, dir, "h")).getMessage()
                .startsWith("configuration key priority: unknown priority 'loud'"));
        ConfigTree d = ConfigTree.empty();
        d.override("json_output=maybe");
        assertEquals("configuration key json_output: expected true or false, got 'maybe'",
                assertThrows(ConfigException.class, () -> VigilSettings.from(d, dir, dir, "h")).getMessage());
        ConfigTree e = ConfigTree.empty();
        e.override("file_output.enabled=true");
        assertEquals("configuration key file_output.filename: required when file_output.enabled is true",
                assertThrows(ConfigException.class, () -> VigilSettings.from(e, dir, dir, "h")).getMessage());
        ConfigTree t = ConfigTree.empty();
        t.override("output_timeout=0");
        assertEquals("configuration key output_timeout: expected milliseconds > 0, got 0",
                assertThrows(ConfigException.class, () -> VigilSettings.from(t, dir, dir, "h")).getMessage());
    }

    @Test
    void outputTimeoutIsFalcosKeyWithFalcosDefault() throws Exception {
        assertEquals(2000, VigilSettings.from(ConfigTree.empty(), dir, dir, "h").outputTimeoutMillis());
        ConfigTree c = ConfigTree.empty();
        c.override("output_timeout=350");
        assertEquals(350, VigilSettings.from(c, dir, dir, "h").outputTimeoutMillis());
    }

    @Test
    void keysThatAreNeitherVigilsNorFalcosAreErrorsWithTheirLine() throws Exception {
        Path falco = dir.resolve("falco.yaml");
        Files.writeString(falco, String.join("\n", "rules_files: [a.yaml]", "webserver:", "  enabled: true",
                "metrics:", "  interval: 1h", "engine:", "  kind: modern_ebpf", "  kmod:", "    buf_size_preset: 4",
                "  modern_ebpf:", "    disable_iterators: false",
                "http_output:", "  enabled: false", "  max_consecutive_timeouts: 5", ""));
        // Falco's own falco.yaml keys, including ones Vigil ignores, load.
        assertEquals(1, ConfigTree.read(falco).lineOf("rules_files"));
        assertEquals(7, ConfigTree.read(falco).lineOf("engine.kind"));
        assertEquals(6, ConfigTree.read(falco).lineOf("engine.nope"), "a missing key: its closest parent");

        Path top = dir.resolve("top.yaml");
        Files.writeString(top, "priority: debug\nprority: warning\n");
        assertEquals("config file " + top + ":2:1: unknown key 'prority' (neither a Vigil nor a Falco configuration key)",
                assertThrows(ConfigException.class, () -> ConfigTree.read(top)).getMessage());
        Path nested = dir.resolve("nested.yaml");
        Files.writeString(nested, "stdout_output:\n  enabled: true\nfile_output:\n  enabeld: true\n");
        assertEquals("config file " + nested + ":4:1: unknown key 'file_output.enabeld' (neither a Vigil nor a Falco "
                + "configuration key)", assertThrows(ConfigException.class, () -> ConfigTree.read(nested)).getMessage());
        Path free = dir.resolve("free.yaml");
        Files.writeString(free, "plugins:\n  - name: k8saudit\n    anything: goes\nappend_output:\n  - match: {}\n");
        assertTrue(ConfigTree.read(free).topLevelKeys().contains("plugins"));
    }
}
