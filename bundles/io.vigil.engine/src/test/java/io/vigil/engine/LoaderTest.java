package io.vigil.engine;

import static io.vigil.engine.Rules.eval;
import static io.vigil.engine.Rules.load;
import static io.vigil.engine.Rules.ruleset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.engine.api.Diagnostic;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleInfo;
import io.vigil.engine.api.Ruleset;
import io.vigil.sdk.Priority;

/** Items, keys, append and override, exceptions, visibility, versions: Falco's loader semantics. */
class LoaderTest {

    private static final String BASE = """
            - list: shells
              items: [bash, sh]
            - macro: spawned
              condition: evt.type = execve
            - rule: Shell
              desc: a shell ran
              condition: spawned and proc.name in (shells)
              output: shell %proc.name
              priority: WARNING
              tags: [a]
            """;

    private static RuleInfo info(Ruleset rs, String name) {
        return rs.rules().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static boolean fires(Ruleset rs, Map<String, Object> ev) {
        return !eval(rs, ev).isEmpty();
    }

    private static final Map<String, Object> BASH = Map.of("evt.type", "execve", "proc.name", "bash");
    private static final Map<String, Object> ZSH = Map.of("evt.type", "execve", "proc.name", "zsh");

    private static Diagnostic only(LoadResult r, String code) {
        return r.diagnostics().stream().filter(d -> d.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + r.diagnostics()));
    }

    @Test
    void listsAppendReplaceAndNest() {
        Ruleset rs = ruleset(BASE + "- list: shells\n  items: [zsh]\n  override:\n    items: append\n");
        assertTrue(fires(rs, ZSH));
        assertTrue(fires(rs, BASH));
        rs = ruleset(BASE + "- list: shells\n  items: [zsh]\n  override:\n    items: replace\n");
        assertTrue(fires(rs, ZSH));
        assertFalse(fires(rs, BASH));
        rs = ruleset(BASE + "- list: shells\n  items: [zsh]\n  append: true\n");
        assertTrue(fires(rs, ZSH) && fires(rs, BASH));
        rs = ruleset("- list: a\n  items: [zsh]\n- list: b\n  items: [a, fish]\n" + Rules.rule(
                "evt.type = execve and proc.name in (b)"));
        assertTrue(fires(rs, ZSH));
        assertTrue(fires(rs, Map.of("evt.type", "execve", "proc.name", "fish")));
    }

    @Test
    void aRedefinitionKeepsItsPosition() {
        Ruleset rs = ruleset(BASE + Rules.rule("evt.type = execve") + BASE.substring(BASE.indexOf("- rule")));
        assertEquals(List.of("Shell", "r"), rs.rules().stream().map(RuleInfo::name).toList());
    }

    @Test
    void macrosAppendAndVisibility() {
        Ruleset rs = ruleset(BASE + "- macro: spawned\n  condition: or evt.type = openat\n  override:\n"
                + "    condition: append\n");
        assertTrue(fires(rs, Map.of("evt.type", "openat", "proc.name", "bash")));
        LoadResult r = load("- macro: a\n  condition: b\n- macro: b\n  condition: proc.name = x\n" + Rules.rule("a"));
        Diagnostic d = only(r, "LOAD_ERR_COMPILE_CONDITION");
        assertEquals("macro", d.itemType());
        assertEquals("a", d.itemName());
        assertTrue(d.message().contains("Undefined macro 'b'"), d.message());
        // a rule sees every macro, even those defined after it
        ruleset(Rules.rule("evt.type = execve and later") + "- macro: later\n  condition: proc.name = x\n");
        assertTrue(load("- macro: a\n  condition: a\n" + Rules.rule("a")).errors().get(0).message()
                .contains("Undefined macro 'a'"), "a macro cannot refer to itself");
    }

    @Test
    void ruleAppendConcatenatesConditionText() {
        Ruleset rs = ruleset(BASE + "- rule: Shell\n  condition: or proc.name = zsh\n  append: true\n");
        // text concatenation: "spawned and proc.name in (shells) or proc.name = zsh"
        assertTrue(fires(rs, ZSH));
        assertTrue(info(rs, "Shell").condition().contains("or proc.name = zsh"), info(rs, "Shell").condition());
    }

    @Test
    void overrideAppendKeys() {
        Ruleset rs = ruleset(BASE + """
                - rule: Shell
                  condition: and proc.pid > 0
                  output: pid=%proc.pid
                  desc: more
                  tags: [b]
                  exceptions:
                    - name: not_root
                      fields: [user.name]
                      values: [[root]]
                  override:
                    condition: append
                    output: append
                    desc: append
                    tags: append
                    exceptions: append
                """);
        RuleInfo i = info(rs, "Shell");
        assertEquals("shell %proc.name pid=%proc.pid", i.output());
        assertEquals("a shell ran more", i.description());
        assertEquals(List.of("a", "b"), i.tags());
        assertTrue(i.condition().contains("proc.pid > 0") && i.condition().contains("user.name = root"), i.condition());
    }

    @Test
    void overrideReplaceKeys() {
        Ruleset rs = ruleset(BASE + """
                - rule: Shell
                  condition: evt.type = execve and proc.name = zsh
                  output: zsh %proc.name
                  desc: replaced
                  priority: ERROR
                  tags: [c]
                  enabled: false
                  warn_evttypes: false
                  skip-if-unknown-filter: true
                  capture: true
                  capture_duration: 3000
                  exceptions: []
                  override:
                    condition: replace
                    output: replace
                    desc: replace
                    priority: replace
                    tags: replace
                    enabled: replace
                    warn_evttypes: replace
                    skip-if-unknown-filter: replace
                    capture: replace
                    capture_duration: replace
                    exceptions: replace
                """);
        RuleInfo i = info(rs, "Shell");
        assertEquals("zsh %proc.name", i.output());
        assertEquals("replaced", i.description());
        assertEquals(Priority.ERROR, i.priority());
        assertEquals(List.of("c"), i.tags());
        assertFalse(i.enabled());
        assertFalse(fires(rs, ZSH), "disabled");
        rs = rs.select(List.of(new io.vigil.engine.api.EngineConfig.RuleSelection(true, "Shell", null)));
        assertTrue(fires(rs, ZSH));
        assertFalse(fires(rs, BASH));
    }

    @Test
    void overrideErrors() {
        assertTrue(load(BASE + "- rule: Shell\n  condition: x\n  append: true\n  override:\n    condition: append\n")
                .errors().get(0).message().contains("cannot be used together"));
        assertTrue(load(BASE + "- rule: Shell\n  priority: INFO\n  override:\n    priority: append\n")
                .errors().get(0).message().contains("cannot be appended to"));
        assertTrue(load(BASE + "- rule: Shell\n  condition: x\n  output: y\n  override:\n    condition: append\n")
                .errors().get(0).message().contains("Unexpected key 'output'"));
        assertTrue(load(BASE + "- rule: Shell\n  override:\n    condition: append\n")
                .errors().get(0).message().contains("is not defined"));
        assertTrue(load(BASE + "- rule: Nope\n  condition: x\n  override:\n    condition: append\n")
                .errors().get(0).message().contains("no rule by that name"));
        assertTrue(load(BASE + "- rule: Nope\n  condition: x\n  override:\n    condition: replace\n")
                .errors().get(0).message().contains("no rule by that name"));
        assertTrue(load(BASE + "- rule: Shell\n  condition: x\n  override:\n    condition: merge\n")
                .errors().get(0).message().contains("Invalid override operation"));
        assertTrue(load("- list: nope\n  items: [a]\n  override:\n    items: append\n").errors().get(0).message()
                .contains("no list by that name"));
        assertTrue(load("- macro: nope\n  condition: a\n  append: true\n").errors().get(0).message()
                .contains("no macro by that name"));
    }

    @Test
    void enabledOnlyItemsToggleRules() {
        LoadResult r = load(BASE + "- rule: Shell\n  enabled: false\n");
        assertFalse(info(r.ruleset(), "Shell").enabled());
        assertEquals("LOAD_DEPRECATED_ITEM", only(r, "LOAD_DEPRECATED_ITEM").code());
        assertTrue(load("- rule: Ghost\n  enabled: false\n").errors().get(0).message().contains("no rule by that name"));
    }

    @Test
    void exceptionForms() {
        String rule = """
                - list: trusted
                  items: [ops, admin]
                - rule: Open
                  desc: d
                  condition: evt.type = openat and fd.name startswith /etc
                  output: o
                  priority: INFO
                  exceptions:
                    - name: by_proc
                      fields: proc.name
                      values: [vi, "my editor"]
                    - name: by_pair
                      fields: [proc.name, fd.name]
                      comps: [=, startswith]
                      values:
                        - [cat, /etc/hosts]
                    - name: by_user_list
                      fields: [user.name, fd.name]
                      comps: [in, pmatch]
                      values:
                        - [trusted, [/etc/ssl, /etc/pki]]
                    - name: default_comps
                      fields: [proc.pname, proc.name]
                      values:
                        - [sshd, bash]
                    - name: modifier
                      fields: [proc.cmdline]
                      comps: [contains anyof]
                      values:
                        - [[--safe, --dry-run]]
                """;
        Ruleset rs = ruleset(rule);
        Map<String, Object> base = Map.of("evt.type", "openat", "fd.name", "/etc/shadow", "proc.name", "less");
        assertTrue(fires(rs, base));
        assertFalse(fires(rs, with(base, "proc.name", "vi")));
        assertFalse(fires(rs, with(base, "proc.name", "my editor")));
        assertFalse(fires(rs, with(with(base, "proc.name", "cat"), "fd.name", "/etc/hosts.allow")));
        assertTrue(fires(rs, with(base, "proc.name", "cat")));
        assertFalse(fires(rs, with(with(base, "user.name", "ops"), "fd.name", "/etc/ssl/x")));
        assertTrue(fires(rs, with(with(base, "user.name", "ops"), "fd.name", "/etc/sslx")));
        assertFalse(fires(rs, with(with(base, "proc.pname", "sshd"), "proc.name", "bash")));
        assertFalse(fires(rs, with(base, "proc.cmdline", "x --dry-run")));
        assertTrue(fires(rs, with(base, "proc.cmdline", "x --wet-run")));
        String cond = info(rs, "Open").condition();
        assertTrue(cond.contains("not proc.name in (vi, \"my editor\")"), cond);
        assertTrue(cond.contains("user.name in (ops, admin)"), cond);

        // appended exceptions add values to an existing exception
        rs = ruleset(rule + """
                - rule: Open
                  exceptions:
                    - name: by_proc
                      values: [less]
                  override:
                    exceptions: append
                """);
        assertFalse(fires(rs, base));
    }

    @Test
    void exceptionErrorsAndWarnings() {
        String head = "- rule: R\n  desc: d\n  condition: evt.type = openat\n  output: o\n  priority: INFO\n  exceptions:\n";
        assertTrue(load(head + "    - name: e\n      fields: [proc.name, fd.name]\n      values: [[a]]\n").errors()
                .get(0).message().contains("equal length"));
        assertTrue(load(head + "    - name: e\n      fields: [proc.name]\n      comps: [=, =]\n      values: [[a]]\n")
                .errors().get(0).message().contains("equal length"));
        assertTrue(load(head + "    - name: e\n      fields: proc.name\n      comps: startswith\n      values: [a]\n")
                .errors().get(0).message().contains("must be one of (in, pmatch, intersects)"));
        assertTrue(load(head + "    - name: e\n      fields: [proc.name]\n      comps: [like]\n      values: [[a]]\n")
                .errors().get(0).message().contains("not a supported operator"));
        assertTrue(load(head + "    - name: e\n      fields: [proc.nme]\n      values: [[a]]\n").errors().get(0)
                .message().contains("did you mean 'proc.name'"));
        assertEquals("LOAD_EXCEPTION_NAME_NOT_UNIQUE", only(load(head
                + "    - name: e\n      fields: proc.name\n      values: [a]\n"
                + "    - name: e\n      fields: proc.name\n      values: [b]\n"), "LOAD_EXCEPTION_NAME_NOT_UNIQUE").code());
        LoadResult r = load(head + "    - name: e\n      fields: proc.name\n      values: [a]\n"
                + "- rule: R\n  exceptions:\n    - name: e\n  override:\n    exceptions: append\n");
        assertTrue(r.ok(), r.diagnostics().toString());
        only(r, "LOAD_APPEND_NO_VALUES");
    }

    @Test
    void versions() {
        assertTrue(load("- required_engine_version: 10\n").ok());
        assertTrue(load("- required_engine_version: 0.63.0\n").ok());
        Diagnostic d = load("- required_engine_version: 64\n").errors().get(0);
        assertTrue(d.message().contains("require engine version 0.64.0"), d.message());
        assertTrue(load("- required_engine_version: 1.0.0\n").errors().get(0).message().contains("0.63.0"));
        assertTrue(load("- required_engine_version: banana\n").errors().get(0).message().contains("semver"));
        assertTrue(load("- required_plugin_versions:\n  - name: container\n    version: 0.3.0\n").ok());
        assertTrue(load("- required_plugin_versions:\n  - name: container\n    version: 0.5.0\n").errors().get(0)
                .message().contains("only incompatible versions"));
        assertTrue(load("- required_plugin_versions:\n  - name: nope\n    version: 1.0.0\n    alternatives:\n"
                + "      - name: k8saudit\n        version: 0.1.0\n").ok(), "an alternative satisfies it");
        assertTrue(load("- required_plugin_versions:\n  - name: nope\n    version: 1.0.0\n").errors().get(0).message()
                .contains("no installed Vigil bundle provides it"));
    }

    private static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
        java.util.HashMap<String, Object> c = new java.util.HashMap<>(m);
        c.put(k, v);
        return c;
    }
}
