package io.vigil.engine;

import static io.vigil.engine.Rules.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.engine.api.Diagnostic;
import io.vigil.engine.api.LoadResult;

/**
 * An evt.type name Falco does not know fails the load as in Falco 0.36 and later (libsinsp
 * throws "unknown event type X" while compiling the condition; the rule loader reports it as
 * LOAD_ERR_COMPILE_CONDITION, or as the LOAD_UNKNOWN_FILTER warning and skips the rule when the
 * rule says skip-if-unknown-filter). The error points at the name itself.
 */
class UnknownEventTypeTest {

    private static Diagnostic onlyError(LoadResult r) {
        assertEquals(1, r.errors().size(), r.diagnostics().toString());
        assertNull(r.ruleset());
        return r.errors().get(0);
    }

    @Test
    void misspelledNameIsAnErrorAtTheName() {
        Diagnostic d = onlyError(load("- rule: r\n  desc: d\n  condition: evt.type = opne and proc.name = x\n"
                + "  output: o\n  priority: INFO\n"));
        assertEquals("LOAD_ERR_COMPILE_CONDITION", d.code());
        assertEquals("rule", d.itemType());
        assertEquals("r", d.itemName());
        assertTrue(d.message().startsWith("unknown event type opne"), d.message());
        assertTrue(d.message().contains("did you mean 'open'"), d.message());
        assertEquals(3, d.line());
        assertEquals(25, d.column());
    }

    @Test
    void unknownNameInAListOnALaterLineOfABlockCondition() {
        Diagnostic d = onlyError(load("- rule: r\n  desc: d\n  condition: >\n    proc.name = x and\n"
                + "    evt.type in (open,\n      notacall)\n  output: o\n  priority: INFO\n"));
        assertTrue(d.message().startsWith("unknown event type notacall"), d.message());
        assertEquals(6, d.line());
        assertEquals(7, d.column());
    }

    @Test
    void nameFromAMacroOrAListPointsIntoTheMacroOrList() {
        Diagnostic d = onlyError(load("- macro: spawned\n  condition: evt.type = exceve\n"
                + "- rule: r\n  desc: d\n  condition: spawned and proc.name = x\n  output: o\n  priority: INFO\n"));
        assertTrue(d.message().startsWith("unknown event type exceve"), d.message());
        assertEquals("r", d.itemName());
        assertEquals(2, d.line());
        assertEquals(25, d.column());
        d = onlyError(load("- list: my_types\n  items: [open, openat, opennat]\n"
                + "- rule: r\n  desc: d\n  condition: evt.type in (my_types)\n  output: o\n  priority: INFO\n"));
        assertTrue(d.message().startsWith("unknown event type opennat"), d.message());
        assertEquals(2, d.line());
        assertEquals(25, d.column());
    }

    @Test
    void everyOperatorValidatesTheName() {
        Diagnostic d = onlyError(load(Rules.rule("evt.type startswith opne")));
        assertTrue(d.message().startsWith("unknown event type opne"), d.message());
        d = onlyError(load(Rules.rule("evt.type != opne")));
        assertTrue(d.message().startsWith("unknown event type opne"), d.message());
        assertTrue(load(Rules.rule("evt.type startswith open")).ok());
    }

    @Test
    void anUnusedMacroIsNotCompiled() {
        LoadResult r = load(Rules.rule("evt.type = open") + "- macro: m\n  condition: evt.type = opne\n");
        assertTrue(r.ok(), r.diagnostics().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.code().equals("LOAD_UNUSED_MACRO")));
    }

    @Test
    void skipIfUnknownFilterTurnsItIntoAWarningAndSkipsTheRule() {
        LoadResult r = load("- rule: r\n  desc: d\n  condition: evt.type = opne\n  output: o\n  priority: INFO\n"
                + "  skip-if-unknown-filter: true\n" + Rules.rule("evt.type = open").replace("rule: r", "rule: other"));
        assertTrue(r.ok(), r.diagnostics().toString());
        Diagnostic w = r.warnings().stream().filter(x -> x.code().equals("LOAD_UNKNOWN_FILTER")).findFirst()
                .orElseThrow(() -> new AssertionError(r.diagnostics().toString()));
        assertTrue(w.message().contains("unknown event type opne"), w.message());
        assertEquals(List.of("other"), r.ruleset().rules().stream().map(x -> x.name()).toList());
    }

    @Test
    void aFalcoNameNoSourceProducesIsValidAndNeverMatches() {
        LoadResult r = load(Rules.rule("evt.type in (open, name_to_handle_at)"));
        assertTrue(r.ok(), r.diagnostics().toString());
        assertNotNull(r.ruleset());
        assertTrue(r.warnings().stream().anyMatch(w -> w.code().equals("LOAD_COMPILE_CONDITION")
                && w.message().contains("name_to_handle_at")), r.diagnostics().toString());
        assertTrue(Rules.matches("evt.type in (open, name_to_handle_at)", Map.of("evt.type", "open")));
        // tracepoint and meta-event names are Falco names too
        assertTrue(load(Rules.rule("evt.type in (sched_process_exit, container, procexit)")).ok());
    }

    @Test
    void stillAnErrorWhereMissingPluginFieldsOnlyDisableRules() {
        LoadResult r = Rules.load(Rules.rule("evt.type = opne"),
                new io.vigil.engine.api.EngineConfig(null, null, null, null, "h", true));
        assertEquals("LOAD_ERR_COMPILE_CONDITION", onlyError(r).code());
    }
}
