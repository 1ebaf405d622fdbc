package io.vigil.engine;

import static io.vigil.engine.Rules.matches;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A scalar field that yields several values (proc.aname without an index: every ancestor)
 * matches as in libsinsp: one value passing is enough, and != holds only if no value is equal.
 * Falco's 'interactive' macro relies on it: proc.aname=sshd.
 */
class ManyValuedFieldsTest {

    private static final Map<String, Object> EVENT = Map.of("evt.type", "execve", "proc.name", "bash",
            "proc.aname", List.of("bash", "sshd", "systemd"));

    @Test
    void anyAncestorMatches() {
        assertTrue(matches("evt.type = execve and proc.aname = sshd", EVENT));
        assertFalse(matches("evt.type = execve and proc.aname = nginx", EVENT));
        assertTrue(matches("evt.type = execve and proc.aname in (nginx, sshd)", EVENT));
        assertTrue(matches("evt.type = execve and proc.aname startswith sys", EVENT));
    }

    @Test
    void notEqualHoldsOnlyIfNoAncestorIsEqual() {
        assertFalse(matches("evt.type = execve and proc.aname != sshd", EVENT));
        assertTrue(matches("evt.type = execve and proc.aname != nginx", EVENT));
        assertFalse(matches("evt.type = execve and not proc.aname = sshd", EVENT));
    }
}
