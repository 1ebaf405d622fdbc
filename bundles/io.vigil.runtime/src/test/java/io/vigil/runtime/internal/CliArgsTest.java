package io.vigil.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CliArgsTest {

    @Test
    void falcoFlagsParse() throws Exception {
        CliArgs a = CliArgs.parse(List.of("-c", "f.yaml", "-r", "a.yaml", "-r", "dir", "-o", "json_output=true",
                "-M", "5"));
        assertEquals(CliArgs.Action.RUN, a.action);
        assertEquals("f.yaml", a.configFile);
        assertEquals(List.of("a.yaml", "dir"), a.rulesPaths);
        assertEquals(List.of("json_output=true"), a.overrides);
        assertEquals(5, a.stopAfterSeconds);
        assertEquals(CliArgs.Action.VALIDATE, CliArgs.parse(List.of("-V", "x.yaml", "-V", "y.yaml")).action);
        assertEquals("syscall", CliArgs.parse(List.of("--list=syscall")).listSource);
        assertEquals("k8s_audit", CliArgs.parse(List.of("--list", "k8s_audit", "-N")).listSource);
        assertEquals("R", CliArgs.parse(List.of("-l", "R")).describeRule);
        assertEquals(CliArgs.Action.HELP, CliArgs.parse(List.of("-L", "--help")).action);
    }

    @Test
    void evalNeedsRulesAndAnEvent() throws Exception {
        CliArgs a = CliArgs.parse(List.of("eval", "-r", "r.yaml", "--event", "e.json", "--explain"));
        assertEquals(CliArgs.Action.EVAL, a.action);
        assertTrue(a.explain);
        assertEquals("eval: --event EVENT.json is required",
                assertThrows(ConfigException.class, () -> CliArgs.parse(List.of("eval", "-r", "r.yaml"))).getMessage());
        assertEquals("eval: at least one -r RULES file is required",
                assertThrows(ConfigException.class, () -> CliArgs.parse(List.of("eval", "--event", "e"))).getMessage());
    }

    @Test
    void badCommandLinesNameTheProblem() {
        assertEquals("unknown option '--frobnicate' (see vigil --help)",
                assertThrows(ConfigException.class, () -> CliArgs.parse(List.of("--frobnicate"))).getMessage());
        assertEquals("option -r needs a value (see vigil --help)",
                assertThrows(ConfigException.class, () -> CliArgs.parse(List.of("-r"))).getMessage());
        assertEquals("-M soon: expected a positive number of seconds",
                assertThrows(ConfigException.class, () -> CliArgs.parse(List.of("-M", "soon"))).getMessage());
        assertEquals("--format yaml: expected text, markdown or json",
                assertThrows(ConfigException.class, () -> CliArgs.parse(List.of("--list", "--format", "yaml")))
                        .getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> CliArgs.parse(List.of("-V", "a", "-L"))).getMessage()
                .contains("different commands"));
    }
}
