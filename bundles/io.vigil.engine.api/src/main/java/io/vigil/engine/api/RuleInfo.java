package io.vigil.engine.api;

import java.util.List;

import io.vigil.sdk.Priority;

/**
 * What {@code vigil -L}, {@code -l RULE} and {@code vigil:rules} show of a loaded rule.
 *
 * @param name        the rule name
 * @param source      the rule's source
 * @param priority    its priority
 * @param enabled     whether it is active
 * @param tags        its tags
 * @param description its {@code desc}
 * @param condition   the compiled condition, after macro, list and exception expansion
 * @param output      its output format
 * @param eventTypes  the event type names the rule is indexed under; empty if it applies to all
 */
public record RuleInfo(String name, String source, Priority priority, boolean enabled, List<String> tags,
        String description, String condition, String output, List<String> eventTypes) {

    public RuleInfo {
        tags = List.copyOf(tags);
        eventTypes = List.copyOf(eventTypes);
    }
}
