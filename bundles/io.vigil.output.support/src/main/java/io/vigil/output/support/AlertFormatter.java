package io.vigil.output.support;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vigil.sdk.Alert;
import io.vigil.sdk.AlertFormat;

/**
 * Turns an alert into the line a channel sends: Falco's JSON alert or Falco's text line, with
 * the {@code json_include_*} switches and static extra fields of the channel's configuration.
 *
 * @param json                Falco's {@code json_output}
 * @param includeOutput       Falco's {@code json_include_output_property}
 * @param includeTags         Falco's {@code json_include_tags_property}
 * @param includeOutputFields Falco's {@code json_include_output_fields_property}
 * @param iso8601             Falco's {@code time_format_iso_8601} (text lines only: JSON is always ISO)
 * @param extraFields         static fields added to every alert's {@code output_fields}, and
 *                            appended as {@code key=value} to the text line
 * @param zone                the time zone of text lines without ISO time
 */
public record AlertFormatter(boolean json, boolean includeOutput, boolean includeTags,
        boolean includeOutputFields, boolean iso8601, Map<String, String> extraFields, ZoneId zone) {

    public AlertFormatter {
        extraFields = Map.copyOf(extraFields);
    }

    /** Falco's JSON with every optional property, no extra fields. */
    public static AlertFormatter defaultJson() {
        return new AlertFormatter(true, true, true, true, false, Map.of(), ZoneId.systemDefault());
    }

    /** The alert as one line, without a line terminator. */
    public String format(Alert alert) {
        Alert a = withExtraFields(alert);
        if (json) {
            return AlertFormat.json(a, includeOutput, includeTags, includeOutputFields);
        }
        String line = AlertFormat.text(a, iso8601, zone);
        if (extraFields.isEmpty()) {
            return line;
        }
        StringBuilder sb = new StringBuilder(line);
        new java.util.TreeMap<>(extraFields).forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    private Alert withExtraFields(Alert alert) {
        if (extraFields.isEmpty() || !json) {
            return alert;
        }
        Map<String, Object> fields = new LinkedHashMap<>(alert.outputFields());
        // A field the rule itself produced wins over a static one of the same name.
        extraFields.forEach(fields::putIfAbsent);
        return new Alert(alert.time(), alert.rule(), alert.priority(), alert.source(), alert.tags(),
                alert.hostname(), alert.output(), fields);
    }

    /**
     * Parses configured extra fields, each {@code name=value}.
     *
     * @param attribute the configuration attribute, for the error message
     * @throws IllegalArgumentException naming the entry that is not {@code name=value}
     */
    public static Map<String, String> parseExtraFields(String attribute, String[] entries) {
        Map<String, String> out = new LinkedHashMap<>();
        if (entries == null) {
            return out;
        }
        for (String e : entries) {
            if (e == null || e.isBlank()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(attribute + ": entry '" + e
                        + "' is not name=value (e.g. environment=production)");
            }
            out.put(e.substring(0, eq).trim(), e.substring(eq + 1).trim());
        }
        return out;
    }
}
