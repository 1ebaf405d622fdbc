package io.vigil.sdk;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Formats alerts the way Falco prints them, for output channels: Falco's JSON object
 * ({@code time, rule, priority, source, tags, hostname, output, output_fields}) and Falco's
 * text line ({@code time: Priority output}).
 */
public final class AlertFormat {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter ISO_DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private AlertFormat() {
    }

    /**
     * Falco's JSON alert.
     *
     * @param includeOutput       Falco's {@code json_include_output_property}
     * @param includeTags         Falco's {@code json_include_tags_property}
     * @param includeOutputFields Falco's {@code json_include_output_fields_property}
     */
    public static String json(Alert alert, boolean includeOutput, boolean includeTags,
            boolean includeOutputFields) {
        StringBuilder sb = new StringBuilder(256 + alert.output().length() * 2);
        sb.append("{\"hostname\":");
        quote(sb, alert.hostname());
        if (includeOutput) {
            sb.append(",\"output\":");
            quote(sb, alert.output());
        }
        if (includeOutputFields) {
            sb.append(",\"output_fields\":{");
            boolean first = true;
            for (Map.Entry<String, Object> e : alert.outputFields().entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, e.getKey());
                sb.append(':');
                value(sb, e.getValue());
            }
            sb.append('}');
        }
        sb.append(",\"priority\":");
        quote(sb, alert.priority().displayName());
        sb.append(",\"rule\":");
        quote(sb, alert.rule());
        sb.append(",\"source\":");
        quote(sb, alert.source());
        if (includeTags) {
            sb.append(",\"tags\":[");
            List<String> tags = alert.tags();
            for (int i = 0; i < tags.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                quote(sb, tags.get(i));
            }
            sb.append(']');
        }
        sb.append(",\"time\":");
        quote(sb, isoTime(alert.time()));
        sb.append('}');
        return sb.toString();
    }

    /**
     * Falco's text line: {@code 13:19:05.149125583: Warning output} in local time, or with
     * {@code iso8601} the full UTC date and time.
     */
    public static String text(Alert alert, boolean iso8601, ZoneId zone) {
        return (iso8601 ? isoTimeOffset(alert.time()) : clockTime(alert.time(), zone)) + ": "
                + alert.priority().displayName() + " " + alert.output();
    }

    /** {@code 2026-12-01T02:20:21.123456789Z}, as in Falco's JSON {@code time}. */
    public static String isoTime(long nanos) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L));
        return ISO_DATE_TIME.format(t.atOffset(ZoneOffset.UTC)) + "." + nine(t.getNano()) + "Z";
    }

    private static String isoTimeOffset(long nanos) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L));
        return ISO_DATE_TIME.format(t.atOffset(ZoneOffset.UTC)) + "." + nine(t.getNano()) + "+0000";
    }

    private static String clockTime(long nanos, ZoneId zone) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L));
        return CLOCK.format(t.atZone(zone)) + "." + nine(t.getNano());
    }

    private static String nine(int nanos) {
        String s = Integer.toString(nanos);
        return "000000000".substring(s.length()) + s;
    }

    private static void value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                value(sb, list.get(i));
            }
            sb.append(']');
        } else {
            quote(sb, v.toString());
        }
    }

    /** Appends {@code s} as a JSON string literal. */
    public static void quote(StringBuilder sb, CharSequence s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
