package io.vigil.engine.api;

import java.util.List;
import java.util.Map;

import io.vigil.sdk.Priority;

/**
 * The engine settings Falco users set in {@code falco.yaml}.
 *
 * @param minPriority          Falco's {@code priority}: rules below it are not loaded as active
 * @param ruleMatching         Falco's {@code rule_matching}
 * @param selections           Falco's {@code rules:} list of enable/disable directives, applied in order
 * @param appendOutputs        Falco's {@code append_output} entries
 * @param hostname             the host name put in alerts
 * @param missingFieldsDisable if true, a rule naming a field no extractor declares is disabled
 *                             with a {@code LOAD_UNKNOWN_FILTER} warning instead of failing the
 *                             load (used by a running Vigil while plugins come and go)
 */
public record EngineConfig(Priority minPriority, RuleMatching ruleMatching, List<RuleSelection> selections,
        List<AppendOutput> appendOutputs, String hostname, boolean missingFieldsDisable) {

    public EngineConfig {
        minPriority = minPriority == null ? Priority.DEBUG : minPriority;
        ruleMatching = ruleMatching == null ? RuleMatching.FIRST : ruleMatching;
        selections = selections == null ? List.of() : List.copyOf(selections);
        appendOutputs = appendOutputs == null ? List.of() : List.copyOf(appendOutputs);
        hostname = hostname == null ? "" : hostname;
    }

    /** Falco's defaults: every priority, first match, no selections. */
    public static EngineConfig defaults(String hostname) {
        return new EngineConfig(Priority.DEBUG, RuleMatching.FIRST, List.of(), List.of(), hostname, false);
    }

    /** The same settings where a field no extractor declares is an error, as in Falco. */
    public EngineConfig strict() {
        return new EngineConfig(minPriority, ruleMatching, selections, appendOutputs, hostname, false);
    }

    /** The same settings with another {@code rule_matching}. */
    public EngineConfig withRuleMatching(RuleMatching matching) {
        return new EngineConfig(minPriority, matching, selections, appendOutputs, hostname, missingFieldsDisable);
    }

    /** Falco's {@code rule_matching}. */
    public enum RuleMatching { FIRST, ALL }

    /**
     * One entry of Falco's {@code rules:} config: enable or disable rules by name (with
     * {@code *} wildcards) or by tag.
     *
     * @param enable true for {@code enable:}, false for {@code disable:}
     * @param rule   a rule name pattern, or null
     * @param tag    a tag, or null
     */
    public record RuleSelection(boolean enable, String rule, String tag) {
    }

    /**
     * One entry of Falco's {@code append_output}: for matching rules, text appended to the
     * output and extra fields added to {@code output_fields}.
     *
     * @param source      match rules of this source, or null for any
     * @param tag         match rules with this tag, or null
     * @param rule        match this rule name, or null
     * @param extraOutput text appended to the output (may contain {@code %field})
     * @param extraFields extra output fields: name to a field expression or a static value
     */
    public record AppendOutput(String source, String tag, String rule, String extraOutput,
            Map<String, String> extraFields) {
        public AppendOutput {
            extraFields = extraFields == null ? Map.of() : Map.copyOf(extraFields);
        }
    }
}
