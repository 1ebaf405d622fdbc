package io.vigil.engine;

import static io.vigil.engine.Rules.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.engine.api.LoadResult;

/** Hostile inputs are rejected or handled with a clear error, never a StackOverflowError. */
class HostileInputTest {

    @Test
    void tenMebibyteRulesFileLoads() {
        StringBuilder sb = new StringBuilder(10_600_000);
        String longDesc = "d".repeat(40_000);
        int i = 0;
        while (sb.length() < 10 * 1024 * 1024) {
            sb.append("- list: l").append(i).append("\n  items: [a").append(i).append(", b, c]\n");
            sb.append("- macro: m").append(i).append("\n  condition: proc.name in (l").append(i).append(")\n");
            sb.append("- rule: r").append(i).append("\n  desc: ").append(longDesc).append("\n  condition: evt.type = execve")
                    .append(" and m").append(i).append("\n  output: o %proc.name\n  priority: INFO\n");
            i++;
        }
        LoadResult r = load(sb.toString());
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(i, r.ruleset().rules().size());
    }

    @Test
    void filesOverTheSizeLimitAreRejectedWithAReason() {
        String big = "# " + "x".repeat(13 * 1024 * 1024) + "\n";
        LoadResult r = load(big);
        assertEquals("LOAD_ERR_YAML_PARSE", r.errors().get(0).code());
        assertTrue(r.errors().get(0).message().contains("split the file"), r.errors().get(0).message());
    }

    @Test
    void yamlNestedFiveThousandDeep() {
        String deep = "- rule: r\n  desc: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        LoadResult r = load(deep);
        assertEquals("LOAD_ERR_YAML_PARSE", r.errors().get(0).code());
        assertTrue(r.errors().get(0).message().toLowerCase().contains("nesting"), r.errors().get(0).message());
    }

    @Test
    void billionLaughs() {
        StringBuilder sb = new StringBuilder("- list: a0\n  items: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            sb.append("- list: a").append(i).append("\n  items: &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                sb.append(j > 0 ? ", " : "").append("*a").append(i - 1);
            }
            sb.append("]\n");
        }
        LoadResult r = load(sb.toString());
        assertFalse(r.ok());
        String msg = r.errors().get(0).message();
        assertTrue(msg.contains("aliases"), msg);
    }

    @Test
    void aliasesThatStayUnderTheLimitCannotExpandBeyondTheFileSize() {
        // 2 aliases per level keeps the alias count low while doubling the size each level
        StringBuilder sb = new StringBuilder("- list: a0\n  items: &a0 [x, x]\n");
        for (int i = 1; i < 24; i++) {
            sb.append("- list: a").append(i).append("\n  items: &a").append(i).append(" [*a").append(i - 1)
                    .append(", *a").append(i - 1).append("]\n");
        }
        LoadResult r = load(sb.toString());
        assertFalse(r.ok());
        // a nested sequence is not a list item, so the expansion never starts
        assertTrue(r.errors().get(0).message().contains("is not scalar"), r.errors().get(0).message());
    }

    @Test
    void conditionNestedAThousandDeep() {
        String cond = "(".repeat(1000) + "proc.name = x" + ")".repeat(1000);
        LoadResult r = load(Rules.rule(cond));
        assertEquals("LOAD_ERR_COMPILE_CONDITION", r.errors().get(0).code());
        assertTrue(r.errors().get(0).message().contains("nested more than"), r.errors().get(0).message());
        String nots = "not ".repeat(100_000) + "proc.name = x";
        assertTrue(load(Rules.rule(nots)).ok(), "a chain of 'not' is iterative");
        String ands = "proc.name = x" + " and proc.name = x".repeat(50_000);
        assertTrue(load(Rules.rule(ands)).ok(), "long and-chains are flat");
    }

    @Test
    void macroChainsDeeperThanTheLimitAreRejected() {
        StringBuilder sb = new StringBuilder("- macro: m0\n  condition: proc.name = x\n");
        for (int i = 1; i < 1200; i++) {
            sb.append("- macro: m").append(i).append("\n  condition: not (m").append(i - 1).append(")\n");
        }
        sb.append(Rules.rule("m1199"));
        LoadResult r = load(sb.toString());
        assertFalse(r.ok());
        assertTrue(r.errors().get(0).message().contains("after macro expansion"), r.errors().get(0).message());
    }

    @Test
    void pathologicalRegexRunsInLinearTime() {
        String text = "a".repeat(100_000);
        // (a|aa)*c and (a*)*b are exponential for backtracking engines; RE2 semantics are linear
        assertFalse(Rules.matches("proc.cmdline regex '(a|aa)*c'", Map.of("evt.type", "execve", "proc.cmdline", text)));
        assertFalse(Rules.matches("proc.cmdline regex '(a*)*b'", Map.of("evt.type", "execve", "proc.cmdline", text)));
        assertTrue(Rules.matches("proc.cmdline regex '(a|b)*'", Map.of("evt.type", "execve", "proc.cmdline", text)));
    }

    @Test
    void pathologicalGlobIsBounded() {
        String text = "a".repeat(20_000);
        assertFalse(Rules.matches("proc.cmdline glob '*a*a*a*a*a*a*a*b'", Map.of("evt.type", "execve",
                "proc.cmdline", text)));
    }
}
