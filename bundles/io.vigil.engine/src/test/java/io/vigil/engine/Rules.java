package io.vigil.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.engine.api.Ruleset;
import io.vigil.sdk.Alert;

/** Small helpers: load YAML text against the test catalogue and evaluate map events. */
final class Rules {

    static final FalcoRuleEngine ENGINE = new FalcoRuleEngine();

    private Rules() {
    }

    static LoadResult load(String yaml) {
        return load(yaml, EngineConfig.defaults("testhost"));
    }

    static LoadResult load(String yaml, EngineConfig config) {
        return ENGINE.load(List.of(new RuleFile("test.yaml", yaml)), TestCatalog.full(), config);
    }

    static Ruleset ruleset(String yaml) {
        LoadResult r = load(yaml);
        assertEquals(List.of(), r.errors());
        assertNotNull(r.ruleset());
        return r.ruleset();
    }

    static List<Alert> eval(Ruleset rs, Map<String, Object> values) {
        List<Alert> out = new ArrayList<>();
        rs.evaluate(MapEvents.of("syscall", values, TestCatalog.full()), out::add);
        return out;
    }

    static String rule(String condition) {
        return "- rule: r\n  desc: d\n  condition: " + yamlQuote(condition) + "\n  output: o\n  priority: WARNING\n";
    }

    static String yamlQuote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** True if a rule with {@code condition} fires on an event with {@code values}. */
    static boolean matches(String condition, Map<String, Object> values) {
        return !eval(ruleset(rule(condition)), values).isEmpty();
    }

    /** The single diagnostic code set for {@code yaml}. */
    static List<String> codes(String yaml) {
        return load(yaml).diagnostics().stream().map(d -> d.code()).toList();
    }
}
