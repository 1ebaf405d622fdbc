package io.vigil.engine;

import static io.vigil.engine.Rules.matches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.engine.api.Diagnostic;
import io.vigil.engine.api.LoadResult;
import io.vigil.sdk.Alert;

/**
 * A scalar field that yields several values (proc.aname, proc.apid without an index: every
 * ancestor) compares as libsinsp's compare_full_aname/compare_full_apid: the check is applied to
 * each ancestor and holds if it holds for one of them, whatever the operator. Falco's
 * 'interactive' macro relies on it (proc.aname=sshd). In outputs such a field prints its values
 * separated by spaces, and libsinsp forbids it in field-to-field comparisons and transformers.
 */
class ManyValuedFieldsTest {

    private static final Map<String, Object> EVENT = Map.of("evt.type", "execve", "proc.name", "bash",
            "proc.pid", 300L, "proc.aname", List.of("bash", "sshd", "systemd"), "proc.apid", List.of(200L, 100L, 1L));

    @Test
    void anyAncestorMatches() {
        assertTrue(matches("evt.type = execve and proc.aname = sshd", EVENT));
        assertFalse(matches("evt.type = execve and proc.aname = nginx", EVENT));
        assertTrue(matches("evt.type = execve and proc.aname in (nginx, sshd)", EVENT));
        assertTrue(matches("evt.type = execve and proc.aname startswith sys", EVENT));
    }

    @Test
    void notEqualHoldsIfSomeAncestorDiffers() {
        assertTrue(matches("evt.type = execve and proc.aname != sshd", EVENT));
        assertFalse(matches("evt.type = execve and proc.aname != sshd",
                Map.of("evt.type", "execve", "proc.aname", List.of("sshd", "sshd"))));
        assertFalse(matches("evt.type = execve and not proc.aname = sshd", EVENT), "'not =' means no ancestor is");
    }

    @Test
    void numericChecksApplyToEveryAncestorPid() {
        assertTrue(matches("evt.type = execve and proc.apid = 1", EVENT));
        assertTrue(matches("evt.type = execve and proc.apid = 100", EVENT));
        assertFalse(matches("evt.type = execve and proc.apid = 300", EVENT), "the process itself is no ancestor");
        assertTrue(matches("evt.type = execve and proc.apid in (7, 200)", EVENT));
        assertFalse(matches("evt.type = execve and proc.apid in (7, 8)", EVENT));
        assertTrue(matches("evt.type = execve and proc.apid < 2", EVENT));
        assertFalse(matches("evt.type = execve and proc.apid > 200", EVENT));
        assertTrue(matches("evt.type = execve and proc.apid != 1", EVENT));
        assertFalse(matches("evt.type = execve and not proc.apid = 1", EVENT));
        assertTrue(matches("evt.type = execve and proc.apid exists", EVENT));
        assertFalse(matches("evt.type = execve and proc.apid = 1", Map.of("evt.type", "execve")));
        assertTrue(matches("evt.type = execve and proc.apid[1] = 200", Map.of("evt.type", "execve", "proc.apid[1]", 200L)));
    }

    @Test
    void outputPrintsTheValuesSeparatedBySpaces() {
        List<Alert> alerts = Rules.eval(Rules.ruleset("- rule: r\n  desc: d\n  condition: evt.type = execve\n"
                + "  output: ancestors %proc.aname\n  priority: INFO\n"), EVENT);
        assertEquals(1, alerts.size());
        assertEquals("ancestors bash sshd systemd", alerts.get(0).output());
        assertEquals("bash sshd systemd", alerts.get(0).outputFields().get("proc.aname"));
    }

    @Test
    void apidWithoutIndexPrintsTheProcessItselfAsLibsinsp() {
        Map<String, Object> ev = new java.util.HashMap<>(EVENT);
        ev.put("proc.apid[0]", 300L);
        List<Alert> alerts = Rules.eval(Rules.ruleset("- rule: r\n  desc: d\n  condition: evt.type = execve and "
                + "proc.apid = 1\n  output: pid %proc.apid parent %proc.apid[1]\n  priority: INFO\n"),
                Map.copyOf(ev));
        assertEquals(1, alerts.size());
        assertTrue(alerts.get(0).output().startsWith("pid 300 parent "), alerts.get(0).output());
        assertEquals(300L, alerts.get(0).outputFields().get("proc.apid"));
    }

    @Test
    void noFieldToFieldComparisonsNorTransformers() {
        assertError("proc.aname = val(proc.name)", "field 'proc.aname' doesn't support right-hand side fields");
        assertError("proc.name = val(proc.aname[1])", "field 'proc.aname' can't be used as a right-hand side field");
        assertError("proc.pid = val(proc.apid)", "field 'proc.apid' can't be used as a right-hand side field");
        assertError("tolower(proc.aname) = bash", "field 'proc.aname' does not support transformers");
        assertTrue(Rules.load(Rules.rule("evt.type = execve and proc.name = val(proc.pname)")).ok());
    }

    private static void assertError(String condition, String message) {
        LoadResult r = Rules.load(Rules.rule("evt.type = execve and " + condition));
        Diagnostic d = r.errors().stream().findFirst().orElseThrow(() -> new AssertionError(condition + ": no error"));
        assertEquals("LOAD_ERR_COMPILE_CONDITION", d.code());
        assertTrue(d.message().startsWith(message), d.message());
    }
}
