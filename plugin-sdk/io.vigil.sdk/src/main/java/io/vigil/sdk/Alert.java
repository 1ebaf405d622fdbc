package io.vigil.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An alert raised by a rule: what Falco users know as one line of Falco's JSON output.
 *
 * <p>Immutable. {@code outputFields} maps each field named in the rule's output to its value
 * ({@code String}, {@code Long}, {@code Boolean} or null for a missing value, printed
 * {@code null} in JSON and {@code <NA>} in text); its keys are sorted as in Falco.
 *
 * @param time         nanoseconds since the epoch of the event that raised the alert
 * @param rule         the rule name
 * @param priority     the rule's priority
 * @param source       the event source, e.g. {@code syscall}
 * @param tags         the rule's tags, sorted
 * @param hostname     the host the event happened on
 * @param output       the formatted output line
 * @param outputFields the values of the fields the output names
 */
public record Alert(long time, String rule, Priority priority, String source, List<String> tags,
        String hostname, String output, Map<String, Object> outputFields) {

    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(source, "source");
        tags = tags == null ? List.of() : List.copyOf(new java.util.TreeSet<>(tags));
        hostname = hostname == null ? "" : hostname;
        output = output == null ? "" : output;
        outputFields = outputFields == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(nullTolerantCopy(outputFields)));
    }

    private static Map<String, Object> nullTolerantCopy(Map<String, Object> in) {
        return new LinkedHashMap<>(in);
    }

    /** Falco's JSON alert with all optional properties included. */
    public String toJson() {
        return AlertFormat.json(this, true, true, true);
    }
}
