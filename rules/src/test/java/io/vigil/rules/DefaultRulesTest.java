package io.vigil.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.Diagnostic;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.engine.api.RuleInfo;
import io.vigil.engine.api.Ruleset;
import io.vigil.sdk.Alert;
import io.vigil.sdk.Priority;
import io.vigil.sdk.testkit.MapEvent;
import io.vigil.syscall.api.SyscallEventTable;

/**
 * Loads {@code vigil_rules.yaml} into the real rule engine and runs every event fixture of
 * {@code tests/} through it: each fixture must raise exactly the rules {@code tests/expectations.yaml}
 * lists for it (all matches are collected, as with Falco's {@code rule_matching: all}).
 */
class DefaultRulesTest {

    private static final Path RULES = Path.of("vigil_rules.yaml");
    private static final Path FIXTURES = Path.of("tests");
    private static final Pattern MITRE_TACTIC = Pattern.compile("mitre_[a-z_]+");
    private static final Pattern MITRE_TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");

    private static LoadResult result;
    private static FixtureEvents events;
    private static Map<String, List<String>> expectations;

    @BeforeAll
    static void load() throws IOException {
        TestFields fields = TestFields.load("syscall-fields.txt");
        FieldCatalog catalog = new FieldCatalog(fields.extractors(), Map.of("syscall", SyscallEventTable.get()),
                List.of("syscall"));
        EngineConfig config = new EngineConfig(Priority.DEBUG, EngineConfig.RuleMatching.ALL, List.of(), List.of(),
                "vigil-test", false);
        result = new FalcoRuleEngine().load(List.of(RuleFile.read(RULES)), catalog, config);
        events = new FixtureEvents(fields.descriptors(), SyscallEventTable.get());
        expectations = readExpectations(FIXTURES.resolve("expectations.yaml"));
    }

    @Test
    void rulesLoadWithoutErrorsOrWarnings() {
        List<String> problems = result.diagnostics().stream().map(Diagnostic::toString).toList();
        assertEquals(List.of(), problems, "diagnostics of " + RULES);
        assertNotNull(result.ruleset());
    }

    @Test
    void everyRuleIsDescribedTaggedAndIndexedByEventType() {
        List<RuleInfo> rules = ruleset().rules();
        assertTrue(rules.size() >= 30, "expected the full default set, got " + rules.size() + " rules");
        for (RuleInfo r : rules) {
            assertEquals("syscall", r.source(), r.name());
            assertTrue(r.enabled(), r.name() + " is enabled by default");
            assertFalse(r.description().isBlank(), r.name() + " has a desc");
            assertTrue(r.tags().stream().anyMatch(t -> MITRE_TACTIC.matcher(t).matches()),
                    r.name() + " has a MITRE tactic tag: " + r.tags());
            assertTrue(r.tags().stream().anyMatch(t -> MITRE_TECHNIQUE.matcher(t).matches()),
                    r.name() + " has a MITRE technique id: " + r.tags());
            assertFalse(r.eventTypes().isEmpty(), r.name() + " must be restricted by evt.type");
            assertTrue(r.output().contains("%proc.name") && r.output().contains("%container.id"),
                    r.name() + " output names the process and the container");
        }
    }

    @Test
    void everyRuleHasAMatchingAndANonMatchingFixture() {
        for (RuleInfo r : ruleset().rules()) {
            String slug = slug(r.name());
            for (String kind : List.of("match", "nomatch")) {
                Path p = FIXTURES.resolve(slug + "." + kind + ".json");
                assertTrue(Files.isRegularFile(p), "missing fixture " + p + " for rule '" + r.name() + "'");
            }
            assertTrue(expectations.getOrDefault(slug + ".match.json", List.of()).contains(r.name()),
                    slug + ".match.json must be expected to raise '" + r.name() + "'");
        }
    }

    @Test
    void expectationsListEveryFixtureFileAndNothingElse() throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(FIXTURES)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(files::add);
        }
        assertEquals(files, new TreeSet<>(expectations.keySet()));
        Set<String> names = new TreeSet<>(ruleset().rules().stream().map(RuleInfo::name).toList());
        expectations.forEach((file, rules) -> rules.forEach(rule ->
                assertTrue(names.contains(rule), file + " expects unknown rule '" + rule + "'")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void programNameListsFitTheFifteenCharactersOfProcName() throws IOException {
        // proc.name is the kernel's task name: a longer list item could never match
        List<Object> items = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(RULES));
        List<String> tooLong = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> m = (Map<String, Object>) item;
            if (m.get("list") instanceof String name && (name.endsWith("_binaries") || name.endsWith("_parents")
                    || name.endsWith("_launchers"))) {
                for (Object v : (List<Object>) m.get("items")) {
                    String text = v.toString().replaceAll("^\"|\"$", "");
                    if (text.length() > 15) {
                        tooLong.add(name + ": " + text);
                    }
                }
            }
        }
        assertEquals(List.of(), tooLong);
    }

    @TestFactory
    Stream<DynamicTest> eachFixtureRaisesExactlyTheExpectedRules() {
        return expectations.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            MapEvent event = events.read(FIXTURES.resolve(e.getKey()));
            List<Alert> alerts = new ArrayList<>();
            ruleset().evaluate(event, alerts::add);
            Set<String> raised = new TreeSet<>();
            for (Alert a : alerts) {
                raised.add(a.rule());
                assertFalse(a.output().isBlank(), a.rule() + " formats an output");
            }
            assertEquals(new TreeSet<>(e.getValue()), raised, e.getKey() + ": rules raised");
        }));
    }

    private static Ruleset ruleset() {
        if (result.ruleset() == null) {
            fail("the rules did not load: " + result.errors());
        }
        return result.ruleset();
    }

    /** The fixture name of a rule: lower case, runs of other characters as one dash. */
    static String slug(String rule) {
        return rule.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> readExpectations(Path file) throws IOException {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) doc).entrySet()) {
            out.put(e.getKey(), e.getValue() == null ? List.of() : (List<String>) e.getValue());
        }
        return out;
    }
}
