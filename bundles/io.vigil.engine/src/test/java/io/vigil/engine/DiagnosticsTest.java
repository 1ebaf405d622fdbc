package io.vigil.engine;

import static io.vigil.engine.Rules.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vigil.engine.api.Diagnostic;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;

/** Every error and warning code, with file, line, column, item and an actionable message. */
class DiagnosticsTest {

    private static Diagnostic first(LoadResult r, String code) {
        return r.diagnostics().stream().filter(d -> d.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + r.diagnostics()));
    }

    private static final String OK_RULE = "- rule: r\n  desc: d\n  condition: evt.type = execve\n  output: o\n"
            + "  priority: INFO\n";

    @Test
    void yamlParseErrorHasPosition() {
        Diagnostic d = first(load("- rule: r\n  desc: [unclosed\n"), "LOAD_ERR_YAML_PARSE");
        assertEquals(Diagnostic.Severity.ERROR, d.severity());
        assertEquals("test.yaml", d.file());
        assertTrue(d.line() >= 2, d.toString());
        assertTrue(d.column() > 0, d.toString());
    }

    @Test
    void yamlValidateErrors() {
        Diagnostic d = first(load("rule: r\n"), "LOAD_ERR_YAML_VALIDATE");
        assertTrue(d.message().contains("not yaml array of objects"), d.message());
        d = first(load("- just a string\n"), "LOAD_ERR_YAML_VALIDATE");
        assertTrue(d.message().contains("yaml associative array"));
        d = first(load("- rule: r\n  desc: d\n  condition: evt.type = execve\n  output: o\n"), "LOAD_ERR_YAML_VALIDATE");
        assertEquals("rule", d.itemType());
        assertEquals("r", d.itemName());
        assertEquals(1, d.line());
        assertTrue(d.message().contains("'priority'"), d.message());
        d = first(load("- rule: r\n  desc: d\n  condition: evt.type = execve\n  output: o\n  priority: LOUD\n"),
                "LOAD_ERR_YAML_VALIDATE");
        assertEquals(5, d.line());
        assertEquals(13, d.column());
        assertTrue(d.message().contains("Invalid priority"), d.message());
        d = first(load(OK_RULE.replace("priority: INFO", "priority: INFO\n  enabled: maybe")), "LOAD_ERR_YAML_VALIDATE");
        assertTrue(d.message().contains("boolean"), d.message());
        d = first(load("- list: l\n  items: notalist\n"), "LOAD_ERR_YAML_VALIDATE");
        assertTrue(d.message().contains("not a sequence"));
    }

    @Test
    void compileConditionErrorPointsIntoTheCondition() {
        Diagnostic d = first(load(OK_RULE.replace("evt.type = execve", "evt.type = execve and (proc.name = x")),
                "LOAD_ERR_COMPILE_CONDITION");
        assertEquals(3, d.line());
        assertEquals(14, d.column());
        assertTrue(d.message().contains("expected a ')' token"), d.message());
        d = first(load(OK_RULE.replace("evt.type = execve", "proc.nmae = x")), "LOAD_ERR_COMPILE_CONDITION");
        assertTrue(d.message().contains("nonexistent field proc.nmae") && d.message().contains("proc.name"), d.message());
        d = first(load(OK_RULE.replace("evt.type = execve", "undefined_macro")), "LOAD_ERR_COMPILE_CONDITION");
        assertTrue(d.message().contains("Undefined macro 'undefined_macro'"));
    }

    @Test
    void compileOutputError() {
        Diagnostic d = first(load(OK_RULE.replace("output: o", "output: o %proc.nmae")), "LOAD_ERR_COMPILE_OUTPUT");
        assertEquals(4, d.line());
        assertTrue(d.message().contains("%proc.nmae"), d.message());
    }

    @Test
    void validateErrors() {
        first(load(OK_RULE + OK_RULE.replace("desc: d", "desc: d\n  source: k8s_audit")), "LOAD_ERR_VALIDATE");
        first(load("- required_engine_version: 99\n"), "LOAD_ERR_VALIDATE");
    }

    @Test
    void theFirstFileWithAnErrorEndsTheLoad() {
        LoadResult r = Rules.ENGINE.load(List.of(new RuleFile("a.yaml", "- rule: [\n"), new RuleFile("b.yaml", OK_RULE)),
                TestCatalog.full(), EngineConfig.defaults("h"));
        assertNull(r.ruleset());
        assertEquals("a.yaml", r.errors().get(0).file());
    }

    @Test
    void warnings() {
        first(load(OK_RULE.replace("desc: d", "desc: d\n  source: nosuchsource")), "LOAD_UNKNOWN_SOURCE");
        Diagnostic d = first(load(OK_RULE.replace("evt.type = execve", "proc.name = x")), "LOAD_NO_EVTTYPE");
        assertEquals(Diagnostic.Severity.WARNING, d.severity());
        assertTrue(load(OK_RULE.replace("evt.type = execve", "proc.name = x").replace("desc: d",
                "desc: d\n  warn_evttypes: false")).warnings().isEmpty());
        assertTrue(load(OK_RULE.replace("evt.type = execve", "evt.type = execve and proc.name = <NA>")).warnings()
                .isEmpty(), "Falco warns about <NA> only for k8s audit fields");
        LoadResult na = Rules.ENGINE.load(List.of(new RuleFile("k.yaml", "- rule: k\n  desc: d\n  condition: "
                + "ka.verb = create and ka.user.name in (<NA>, x)\n  output: o\n  priority: INFO\n  source: k8s_audit\n")),
                TestCatalog.full(), EngineConfig.defaults("h"));
        first(na, "LOAD_UNSAFE_NA_CHECK");
        LoadResult skipped = load(OK_RULE.replace("evt.type = execve", "evt.type = execve and nope.field = 1")
                .replace("desc: d", "desc: d\n  skip-if-unknown-filter: true"));
        assertTrue(skipped.ok());
        first(skipped, "LOAD_UNKNOWN_FILTER");
        LoadResult disabled = Rules.load(OK_RULE.replace("evt.type = execve", "evt.type = execve and nope.field = 1"),
                new EngineConfig(null, null, null, null, "h", true));
        assertTrue(disabled.ok());
        first(disabled, "LOAD_UNKNOWN_FILTER");
        first(load(OK_RULE.replace("evt.type = execve", "evt.type = execve and evt.dir = <")), "LOAD_DEPRECATED_ITEM");
        first(load(OK_RULE.replace("evt.type = execve", "evt.type in (execve, name_to_handle_at)")),
                "LOAD_COMPILE_CONDITION");
        first(load(OK_RULE + "- macro: unused\n  condition: proc.name = x\n"), "LOAD_UNUSED_MACRO");
        first(load(OK_RULE + "- list: unused\n  items: [a]\n"), "LOAD_UNUSED_LIST");
        first(load(OK_RULE + "- frobnicate: x\n"), "LOAD_UNKNOWN_ITEM");
        first(load(OK_RULE + "- list: l\n  items: [a]\n  append: true\n".replace("[a]\n  append", "[a]\n  appendx")),
                "LOAD_UNKNOWN_KEY");
        first(load(OK_RULE + "- rule: r\n  condition: and proc.name = x\n  append: true\n"), "LOAD_DEPRECATED_ITEM");
        first(load(OK_RULE + "- macro: 1bad\n  condition: proc.name = x\n"), "LOAD_INVALID_MACRO_NAME");
        first(load(OK_RULE + "- list: \"bad name\"\n  items: [a]\n"), "LOAD_INVALID_LIST_NAME");
        first(load(OK_RULE.replace("priority: INFO", "priority: INFO\n  exceptions:\n    - name: e\n      fields: proc.name\n"
                + "      values: [a]\n    - name: e\n      fields: proc.name\n      values: [b]")),
                "LOAD_EXCEPTION_NAME_NOT_UNIQUE");
        first(load(OK_RULE.replace("priority: INFO", "priority: INFO\n  exceptions:\n    - name: e\n      fields: proc.name\n"
                + "      values: [a]") + "- rule: r\n  exceptions:\n    - name: e\n  override:\n    exceptions: append\n"),
                "LOAD_APPEND_NO_VALUES");
    }

    @Test
    void toStringIsActionable() {
        Diagnostic d = first(load(OK_RULE.replace("evt.type = execve", "proc.nmae = x")), "LOAD_ERR_COMPILE_CONDITION");
        assertTrue(d.toString().startsWith("test.yaml:3:14: error LOAD_ERR_COMPILE_CONDITION: rule 'r': "), d.toString());
    }
}
