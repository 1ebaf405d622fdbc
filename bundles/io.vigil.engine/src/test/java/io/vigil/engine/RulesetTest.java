package io.vigil.engine;

import static io.vigil.engine.Rules.eval;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.EngineConfig.AppendOutput;
import io.vigil.engine.api.EngineConfig.RuleMatching;
import io.vigil.engine.api.EngineConfig.RuleSelection;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleInfo;
import io.vigil.engine.api.Ruleset;
import io.vigil.sdk.Alert;
import io.vigil.sdk.Priority;

/** Outputs, alerts, rule matching, priorities, selections, the event-type index and explain. */
class RulesetTest {

    private static final String TWO_RULES = """
            - rule: Shell
              desc: a shell
              condition: evt.type = execve and proc.name = bash
              output: "Shell %proc.name (pid=%proc.pid parent=%proc.pname up=%toupper(proc.name) ip=%fd.sip ok=%evt.is_open_read t=%fd.types)"
              priority: WARNING
              tags: [shell, mitre_execution]
            - rule: Any exec
              desc: any exec
              condition: evt.type in (execve, execveat)
              output: exec %proc.name
              priority: NOTICE
              tags: [exec]
            - rule: Opens
              desc: opens
              condition: evt.type = openat and fd.name startswith /etc
              output: open %fd.name
              priority: DEBUG
              tags: [file]
            """;

    private static final Map<String, Object> EXEC = Map.of("evt.type", "execve", "proc.name", "bash",
            "proc.pid", 12L, "fd.sip", new byte[] {10, 0, 0, 1}, "evt.is_open_read", false,
            "fd.types", List.of("ipv4", "file"), "evt.rawtime", 1_700_000_000_123_456_789L);

    private static Ruleset load(EngineConfig c) {
        LoadResult r = Rules.load(TWO_RULES, c);
        assertEquals(List.of(), r.errors());
        return r.ruleset();
    }

    @Test
    void alertCarriesFalcosFieldsAndFormatting() {
        List<Alert> alerts = eval(load(EngineConfig.defaults("myhost")), EXEC);
        assertEquals(1, alerts.size(), "rule_matching first");
        Alert a = alerts.get(0);
        assertEquals("Shell", a.rule());
        assertEquals(Priority.WARNING, a.priority());
        assertEquals("syscall", a.source());
        assertEquals("myhost", a.hostname());
        assertEquals(List.of("mitre_execution", "shell"), a.tags());
        assertEquals(1_700_000_000_123_456_789L, a.time());
        assertEquals("Shell bash (pid=12 parent=<NA> up=BASH ip=10.0.0.1 ok=false t=(ipv4,file))", a.output());
        Map<String, Object> f = a.outputFields();
        assertEquals("bash", f.get("proc.name"));
        assertEquals(12L, f.get("proc.pid"));
        assertTrue(f.containsKey("proc.pname") && f.get("proc.pname") == null);
        assertEquals("BASH", f.get("toupper(proc.name)"));
        assertEquals("10.0.0.1", f.get("fd.sip"));
        assertEquals(false, f.get("evt.is_open_read"));
        assertEquals(List.of("ipv4", "file"), f.get("fd.types"));
        String json = a.toJson();
        assertTrue(json.contains("\"output_fields\":{\"evt.is_open_read\":false,\"fd.sip\":\"10.0.0.1\""), json);
        assertTrue(json.contains("\"proc.pname\":null"), json);
        assertTrue(json.contains("\"time\":\"2023-11-14T22:13:20.123456789Z\""), json);
    }

    @Test
    void ruleMatchingAllReportsEveryMatchInOrder() {
        EngineConfig all = new EngineConfig(null, RuleMatching.ALL, null, null, "h", false);
        List<Alert> alerts = eval(load(all), EXEC);
        assertEquals(List.of("Shell", "Any exec"), alerts.stream().map(Alert::rule).toList());
    }

    @Test
    void priorityThresholdDisablesLessSevereRules() {
        EngineConfig c = new EngineConfig(Priority.NOTICE, RuleMatching.ALL, null, null, "h", false);
        Ruleset rs = load(c);
        Map<String, Boolean> enabled = new HashMap<>();
        rs.rules().forEach(r -> enabled.put(r.name(), r.enabled()));
        assertEquals(Map.of("Shell", true, "Any exec", true, "Opens", false), enabled);
        assertTrue(eval(rs, Map.of("evt.type", "openat", "fd.name", "/etc/passwd")).isEmpty());
    }

    @Test
    void selectionsApplyInOrderByNameWildcardAndTag() {
        Ruleset rs = load(EngineConfig.defaults("h"));
        Ruleset s = rs.select(List.of(new RuleSelection(false, "*", null), new RuleSelection(true, null, "exec"),
                new RuleSelection(true, "Op*s", null)));
        Map<String, Boolean> enabled = new HashMap<>();
        s.rules().forEach(r -> enabled.put(r.name(), r.enabled()));
        assertEquals(Map.of("Shell", false, "Any exec", true, "Opens", true), enabled);
        assertEquals("Any exec", eval(s, EXEC).get(0).rule());
        assertEquals("Shell", eval(rs, EXEC).get(0).rule(), "select returns a copy");
        EngineConfig fromConfig = new EngineConfig(null, null, List.of(new RuleSelection(false, "Shell", null)), null,
                "h", false);
        assertEquals("Any exec", eval(load(fromConfig), EXEC).get(0).rule());
    }

    @Test
    void appendOutputAddsTextAndFields() {
        EngineConfig c = new EngineConfig(null, null, null, List.of(
                new AppendOutput("syscall", null, null, "cmd=%proc.cmdline", Map.of("static", "v", "pid", "%proc.pid")),
                new AppendOutput(null, "file", null, "never", Map.of())), "h", false);
        Alert a = eval(load(c), Map.of("evt.type", "execve", "proc.name", "bash", "proc.cmdline", "bash -i")).get(0);
        assertTrue(a.output().endsWith(") cmd=bash -i"), a.output());
        assertEquals("bash -i", a.outputFields().get("proc.cmdline"));
        assertEquals("v", a.outputFields().get("static"));
        assertEquals("<NA>", a.outputFields().get("pid"));
    }

    @Test
    void eventTypeIndex() {
        Ruleset rs = load(EngineConfig.defaults("h"));
        RuleInfo any = rs.rules().stream().filter(r -> r.name().equals("Any exec")).findFirst().orElseThrow();
        assertEquals(List.of("execve", "execveat"), any.eventTypes());
        BitSet types = rs.eventTypes("syscall");
        BitSet expected = new BitSet();
        for (String n : List.of("execve", "execveat", "openat")) {
            for (int code : TestCatalog.SYSCALL_TYPES.codes(n)) {
                expected.set(code);
            }
        }
        assertEquals(expected, types);
        // an event of another type is never evaluated against these rules
        assertTrue(eval(rs, Map.of("evt.type", "connect", "proc.name", "bash")).isEmpty());
        Ruleset withAll = Rules.ruleset(TWO_RULES + Rules.rule("proc.name = x"));
        assertNull(withAll.eventTypes("syscall"), "a rule without evt.type needs every type");
    }

    @Test
    void eventTypesFollowFalcosResolver() {
        assertEquals(List.of("open", "openat"), types("evt.type in (open, openat) and proc.name = x"));
        assertEquals(List.of("open"), types("evt.type = open or (evt.type = openat and evt.type = open)"));
        assertEquals(List.of("connect", "open"), types("evt.type = open or evt.type = connect"));
        assertEquals(List.of(), types("evt.type = open and evt.type = connect"));
        int all = TestCatalog.SYSCALL_TYPES.size() / 2;
        assertEquals(all - 1, types("evt.type != open").size());
        assertEquals(all - 1, types("not evt.type = open").size());
        assertEquals(List.of("open"), types("not (evt.type != open)"));
        assertEquals(all - 2, types("not evt.type in (open, connect) and proc.name = x").size());
        assertEquals(List.of("open"), types("evt.type = open and not proc.name = x"));
    }

    private static List<String> types(String cond) {
        return Rules.ruleset(Rules.rule(cond)).rules().get(0).eventTypes();
    }

    @Test
    void ruleInfoShowsTheExpandedCondition() {
        Ruleset rs = Rules.ruleset("""
                - list: shells
                  items: [bash, "my shell"]
                - macro: spawned
                  condition: evt.type = execve
                - rule: R
                  desc: d
                  condition: spawned and proc.name in (shells)
                  output: o
                  priority: INFO
                  exceptions:
                    - name: e
                      fields: [proc.pname]
                      values: [[sshd]]
                """);
        assertEquals("((evt.type = execve and proc.name in (bash, \"my shell\")) and not proc.pname = sshd)",
                rs.rules().get(0).condition());
    }

    @Test
    void explainShowsEveryLeafValueAndResult() {
        Ruleset rs = load(EngineConfig.defaults("h"));
        String json = rs.explain("Shell", MapEvents.of("syscall", Map.of("evt.type", "execve", "proc.name", "zsh"),
                TestCatalog.full()));
        assertTrue(json.startsWith("{\"rule\":\"Shell\""), json);
        assertTrue(json.contains("{\"check\":\"proc.name = bash\",\"field\":\"proc.name\",\"value\":\"zsh\",\"result\":false}"), json);
        assertTrue(json.contains("\"check\":\"evt.type = execve\",\"field\":\"evt.type\",\"value\":\"execve\",\"result\":true"), json);
        assertTrue(json.endsWith("\"result\":false}"), json);
        String match = rs.explain("Shell", MapEvents.of("syscall", EXEC, TestCatalog.full()));
        assertTrue(match.contains("\"output\":\"Shell bash"), match);
        assertThrows(IllegalArgumentException.class, () -> rs.explain("Nope", MapEvents.of("syscall", EXEC,
                TestCatalog.full())));
    }

    @Test
    void sourcesAreThoseOfEnabledRules() {
        assertEquals(java.util.Set.of("syscall"), load(EngineConfig.defaults("h")).sources());
    }
}
