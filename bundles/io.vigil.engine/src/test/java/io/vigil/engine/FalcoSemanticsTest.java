package io.vigil.engine;

import static io.vigil.engine.Rules.matches;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.engine.api.LoadResult;

/** Details of Falco's semantics checked against the libsinsp and Falco sources one by one. */
class FalcoSemanticsTest {

    private static Map<String, Object> open(String path) {
        return Map.of("evt.type", "openat", "fd.name", path);
    }

    /** libsinsp's path_prefix_search: components, not characters; glob characters per component. */
    @Test
    void pmatchComparesPathComponentsAndGlobsEachComponent() {
        assertTrue(matches("fd.name pmatch (/etc)", open("/etc/shadow")));
        assertTrue(matches("fd.name pmatch (/etc)", open("/etc")));
        assertTrue(matches("fd.name pmatch (/etc/)", open("/etc/shadow")));
        assertTrue(matches("fd.name pmatch (//etc//)", open("/etc//shadow")), "runs of '/' separate components");
        assertFalse(matches("fd.name pmatch (/et)", open("/etc/shadow")));
        assertFalse(matches("fd.name pmatch (/etc/shadow/x)", open("/etc/shadow")));
        assertTrue(matches("fd.name pmatch (/)", open("/anything")));
        assertTrue(matches("fd.name pmatch (/home/*/.ssh)", open("/home/alice/.ssh/id_rsa")));
        assertFalse(matches("fd.name pmatch (/home/*/.ssh)", open("/home/alice/.bashrc")));
        assertFalse(matches("fd.name pmatch (/home/*/.ssh)", open("/home/.ssh")), "'*' stays within one component");
        assertTrue(matches("fd.name pmatch (/usr, /var/lib/d?cker)", open("/var/lib/docker/overlay2")));
        assertTrue(matches("fd.name pmatch (/etc/[pg]shadow)", open("/etc/gshadow")));
        assertFalse(matches("fd.name pmatch (/etc/[pg]shadow)", open("/etc/shadow")));
    }

    /** Falco's rule_loader_compiler: syscall rules only, more than 100 event codes. */
    @Test
    void noEvttypeWarningFollowsFalcosThreshold() {
        assertTrue(warns("proc.name = x"), "no evt.type at all");
        assertTrue(warns("evt.type != open and proc.name = x"), "a negated restriction still matches nearly all");
        assertTrue(warns("not evt.type in (open, openat) and proc.name = x"));
        assertFalse(warns("evt.type in (open, openat) and proc.name = x"));
        assertFalse(warns("evt.type = open and evt.type = execve"), "a condition matching nothing is not warned");
        assertFalse(warns("(evt.type = open or evt.type = execve) and proc.name = x"));
        LoadResult k8s = Rules.ENGINE.load(List.of(new io.vigil.engine.api.RuleFile("k.yaml", "- rule: k\n  desc: d\n"
                + "  condition: ka.verb = create\n  output: o\n  priority: INFO\n  source: k8s_audit\n")),
                TestCatalog.full(), io.vigil.engine.api.EngineConfig.defaults("h"));
        assertTrue(k8s.ok(), k8s.diagnostics().toString());
        assertFalse(k8s.warnings().stream().anyMatch(w -> w.code().equals("LOAD_NO_EVTTYPE")),
                "Falco checks event types of syscall rules only");
    }

    private static boolean warns(String condition) {
        LoadResult r = Rules.load(Rules.rule(condition));
        assertTrue(r.ok(), r.diagnostics().toString());
        return r.warnings().stream().anyMatch(w -> w.code().equals("LOAD_NO_EVTTYPE"));
    }

    /** Falco's rule_loader_collector: an append or redefinition moves a macro's visibility. */
    @Test
    void anAppendedMacroSeesMacrosDefinedBeforeTheAppend() {
        String base = "- macro: a\n  condition: proc.name = x\n"
                + "- macro: b\n  condition: proc.name = y\n"
                + "- macro: a\n  condition: or b\n  override:\n    condition: append\n";
        io.vigil.engine.api.Ruleset rs = Rules.ruleset(base + Rules.rule("evt.type = execve and a"));
        assertFalse(Rules.eval(rs, Map.of("evt.type", "execve", "proc.name", "y")).isEmpty());
        assertFalse(Rules.eval(rs, Map.of("evt.type", "execve", "proc.name", "x")).isEmpty());
        assertTrue(Rules.eval(rs, Map.of("evt.type", "execve", "proc.name", "z")).isEmpty());
    }

    /** Falco's filter_macro_resolver: a macro reached again while it is being expanded is a loop. */
    @Test
    void macroReferenceLoopsAreErrorsAtTheReference() {
        LoadResult r = Rules.load("- macro: a\n  condition: proc.name = x\n"
                + "- macro: b\n  condition: a and proc.pid = 1\n"
                + "- macro: a\n  condition: or b\n  override:\n    condition: append\n"
                + Rules.rule("evt.type = execve and a"));
        io.vigil.engine.api.Diagnostic d = r.errors().stream().findFirst()
                .orElseThrow(() -> new AssertionError(r.diagnostics().toString()));
        assertTrue(d.message().contains("reference loop in macro 'a'"), d.message());
        assertTrue("macro".equals(d.itemType()), d.toString());
        assertTrue(d.line() == 4 && d.column() == 14, d.toString());
        LoadResult self = Rules.load("- macro: a\n  condition: proc.name = x\n"
                + "- macro: a\n  condition: or a\n  override:\n    condition: append\n" + Rules.rule("a"));
        assertTrue(self.errors().get(0).message().contains("reference loop in macro 'a'"), self.diagnostics().toString());
    }

    /** libsinsp compiles regex values with RE2::POSIX: egrep syntax, no Perl extensions. */
    @Test
    void regexIsRe2InPosixMode() {
        Map<String, Object> ev = Map.of("evt.type", "execve", "proc.name", "bash");
        assertTrue(matches("proc.name regex 'b[[:alpha:]]+'", ev));
        assertTrue(matches("proc.name regex 'ba\\\\.?sh|zsh'", ev));
        assertTrue(matches("proc.name regex '[a-z]{4}'", ev));
        assertTrue(matches("proc.name regex '[*?]?bash'", ev), "*? inside a class is not a repetition");
        compileError("proc.name regex '\\\\d+'", "invalid regex pattern: invalid escape sequence: \\d");
        compileError("proc.name regex 'b\\\\w+'", "invalid escape sequence: \\w");
        compileError("proc.name regex '\\\\bbash'", "invalid escape sequence: \\b");
        compileError("proc.name regex '(?i)BASH'", "missing argument to repetition operator: ?");
        compileError("proc.name regex '(?:ba)sh'", "missing argument to repetition operator: ?");
        compileError("proc.name regex 'ba.*?h'", "bad repetition operator: *?");
        compileError("proc.name regex 'a{2}?'", "bad repetition operator: {2}?");
        compileError("proc.name regex '(b)\\\\1'", "invalid escape sequence: \\1");
    }

    /** libsinsp's value parser: NUL is only allowed in byte-buffer values. */
    @Test
    void nulBytesOnlyInByteBuffers() {
        compileError("proc.name = \"\\x00\"", "filter value cannot contain a NUL byte");
        compileError("proc.name contains \"a\\x00\"", "filter value cannot contain a NUL byte");
        assertTrue(Rules.load(Rules.rule("evt.type = read and evt.buffer = \"\\x00\"")).ok());
        assertTrue(matches("proc.name contains \"\\x62\"", Map.of("evt.type", "execve", "proc.name", "bash")),
                "\\xHH escapes a byte");
    }

    private static void compileError(String condition, String message) {
        LoadResult r = Rules.load(Rules.rule("evt.type = execve and " + condition));
        io.vigil.engine.api.Diagnostic d = r.errors().stream().findFirst()
                .orElseThrow(() -> new AssertionError(condition + ": no error"));
        assertTrue("LOAD_ERR_COMPILE_CONDITION".equals(d.code()), d.toString());
        assertTrue(d.message().contains(message), condition + " -> " + d.message());
    }

    /** Falco's collector: a single-field exception may use a string operator with a modifier. */
    @Test
    void singleFieldExceptionsTakeModifierOperators() {
        String rule = "- rule: r\n  desc: d\n  condition: evt.type = execve\n  output: o\n  priority: INFO\n"
                + "  exceptions:\n    - name: tools\n      fields: proc.name\n      comps: startswith oneof\n"
                + "      values: [ba, zs]\n";
        io.vigil.engine.api.Ruleset rs = Rules.ruleset(rule);
        assertTrue(Rules.eval(rs, Map.of("evt.type", "execve", "proc.name", "bash")).isEmpty());
        assertFalse(Rules.eval(rs, Map.of("evt.type", "execve", "proc.name", "sh")).isEmpty());
        LoadResult bad = Rules.load(rule.replace("startswith oneof", "in oneof"));
        assertTrue(bad.errors().stream().anyMatch(d -> d.code().equals("LOAD_ERR_VALIDATE")
                && d.message().contains("modifier operator")), bad.diagnostics().toString());
        LoadResult bad2 = Rules.load(rule.replace("fields: proc.name", "fields: [proc.name]")
                .replace("comps: startswith oneof", "comps: [\">= oneof\"]").replace("values: [ba, zs]", "values: [[ba]]"));
        assertTrue(bad2.errors().stream().anyMatch(d -> d.message().contains("is not a supported")),
                bad2.diagnostics().toString());
    }

    /** Falco's collector: exception fields may be transformed; unknown ones fail validation. */
    @Test
    void exceptionFieldsMayBeTransformedAndMustExist() {
        String rule = "- rule: r\n  desc: d\n  condition: evt.type = execve\n  output: o\n  priority: INFO\n"
                + "  exceptions:\n    - name: shells\n      fields: [tolower(proc.name), proc.pid]\n"
                + "      values: [[bash, 1]]\n";
        io.vigil.engine.api.Ruleset rs = Rules.ruleset(rule);
        assertTrue(Rules.eval(rs, Map.of("evt.type", "execve", "proc.name", "BaSh", "proc.pid", 1L)).isEmpty());
        assertFalse(Rules.eval(rs, Map.of("evt.type", "execve", "proc.name", "BaSh", "proc.pid", 2L)).isEmpty());
        LoadResult bad = Rules.load(rule.replace("proc.pid]", "proc.pdi]"));
        io.vigil.engine.api.Diagnostic d = bad.errors().stream().findFirst()
                .orElseThrow(() -> new AssertionError(bad.diagnostics().toString()));
        assertTrue(d.code().equals("LOAD_ERR_VALIDATE") && d.message().contains("'proc.pdi' is not a supported filter field"),
                d.toString());
        LoadResult noValues = Rules.load(rule.replace("proc.pid]", "proc.pdi]").replace("      values: [[bash, 1]]\n", ""));
        assertFalse(noValues.ok(), "fields are checked even without values");
    }
}
