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
}
