package io.vigil.engine.api;

import io.vigil.sdk.AlertFormat;

/** {@code vigil -L} and {@code -l RULE}: the loaded rules, as text or JSON. */
public final class RuleReport {

    private RuleReport() {
    }

    public static String list(Ruleset rs, boolean json) {
        StringBuilder sb = new StringBuilder();
        if (json) {
            sb.append("{\"rules\":[");
            boolean first = true;
            for (RuleInfo r : rs.rules()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                info(sb, r);
            }
            return sb.append("]}\n").toString();
        }
        sb.append(String.format("%-60s %-13s %-8s %s%n", "Rule", "Priority", "Enabled", "Description"));
        sb.append("-".repeat(100)).append('\n');
        for (RuleInfo r : rs.rules()) {
            sb.append(String.format("%-60s %-13s %-8s %s%n", r.name(), r.priority().displayName(), r.enabled(),
                    r.description().replace('\n', ' ').trim()));
        }
        return sb.toString();
    }

    public static String describe(RuleInfo r, boolean json) {
        if (json) {
            StringBuilder sb = new StringBuilder();
            info(sb, r);
            return sb.append('\n').toString();
        }
        return "Rule: " + r.name() + "\n"
                + "Source: " + r.source() + "\n"
                + "Priority: " + r.priority().displayName() + "\n"
                + "Enabled: " + r.enabled() + "\n"
                + "Tags: " + String.join(", ", r.tags()) + "\n"
                + "Event types: " + (r.eventTypes().isEmpty() ? "all" : String.join(", ", r.eventTypes())) + "\n"
                + "Description: " + r.description().trim() + "\n"
                + "Condition (compiled): " + r.condition() + "\n"
                + "Output: " + r.output().trim() + "\n";
    }

    private static void info(StringBuilder sb, RuleInfo r) {
        sb.append("{\"name\":");
        AlertFormat.quote(sb, r.name());
        sb.append(",\"source\":");
        AlertFormat.quote(sb, r.source());
        sb.append(",\"priority\":");
        AlertFormat.quote(sb, r.priority().displayName());
        sb.append(",\"enabled\":").append(r.enabled()).append(",\"tags\":[");
        for (int i = 0; i < r.tags().size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            AlertFormat.quote(sb, r.tags().get(i));
        }
        sb.append("],\"event_types\":[");
        for (int i = 0; i < r.eventTypes().size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            AlertFormat.quote(sb, r.eventTypes().get(i));
        }
        sb.append("],\"desc\":");
        AlertFormat.quote(sb, r.description());
        sb.append(",\"condition\":");
        AlertFormat.quote(sb, r.condition());
        sb.append(",\"output\":");
        AlertFormat.quote(sb, r.output());
        sb.append('}');
    }
}
