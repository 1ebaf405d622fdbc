package io.vigil.source.jsonkit;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

import io.vigil.sdk.FieldType;

/**
 * The {@code evt.*} fields that Falco offers for every plugin event source (time, number,
 * source, plugin name and summary line), declared per document source since the platform's
 * {@code evt.*} extractor serves only syscalls.
 */
public final class PluginEventFields {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.nnnnnnnnn");
    private static final DateTimeFormatter TIME_S = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.nnnnnnnnn");
    private static final DateTimeFormatter DATETIME_S = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'")
            .withZone(ZoneOffset.UTC);

    private PluginEventFields() {
    }

    /**
     * Declares the fields in {@code table}.
     *
     * @param pluginName the Falco plugin name ({@code evt.pluginname})
     * @param info       the event's one-line summary ({@code evt.plugininfo})
     */
    public static void addTo(FieldTable table, String pluginName, Function<JsonEvent, String> info) {
        table.add("evt.num", FieldType.UINT64, "The number of the event in its capture, from 1.",
                a -> (e, out) -> out.setLong(e.number()) != null);
        table.add("evt.time", FieldType.STRING, "The event time in local time with nanoseconds (hh:mm:ss.nnnnnnnnn).",
                a -> (e, out) -> out.setText(local(e.timestamp(), TIME)) != null);
        table.add("evt.time.s", FieldType.STRING, "The event time in local time without nanoseconds.",
                a -> (e, out) -> out.setText(local(e.timestamp(), TIME_S)) != null);
        table.add("evt.time.iso8601", FieldType.STRING, "The event time in ISO 8601 form, UTC, with nanoseconds.",
                a -> (e, out) -> out.setText(ISO.format(instant(e.timestamp()))) != null);
        table.add("evt.datetime", FieldType.STRING, "The event date and local time with nanoseconds.",
                a -> (e, out) -> out.setText(local(e.timestamp(), DATETIME)) != null);
        table.add("evt.datetime.s", FieldType.STRING, "The event date and local time without nanoseconds.",
                a -> (e, out) -> out.setText(local(e.timestamp(), DATETIME_S)) != null);
        table.add("evt.rawtime", FieldType.ABSTIME, "The event time in nanoseconds since the epoch.",
                a -> (e, out) -> out.setLong(e.timestamp()) != null);
        table.add("evt.rawtime.s", FieldType.ABSTIME, "The whole seconds of the event time since the epoch.",
                a -> (e, out) -> out.setLong(e.timestamp() / 1_000_000_000L) != null);
        table.add("evt.rawtime.ns", FieldType.ABSTIME, "The nanoseconds part of the event time.",
                a -> (e, out) -> out.setLong(e.timestamp() % 1_000_000_000L) != null);
        table.add("evt.source", FieldType.STRING, "The name of the event's source.",
                a -> (e, out) -> out.setText(e.source()) != null);
        table.add("evt.pluginname", FieldType.STRING, "The name of the Falco plugin this source stands for.",
                a -> (e, out) -> out.setText(pluginName) != null);
        table.add("evt.plugininfo", FieldType.STRING, "A one-line summary of the event, as the plugin prints it.",
                a -> (e, out) -> {
                    if (!(e instanceof JsonEvent j)) {
                        return false;
                    }
                    String s = info.apply(j);
                    return s != null && out.setText(s) != null;
                });
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static String local(long nanos, DateTimeFormatter f) {
        return f.format(instant(nanos).atZone(ZoneId.systemDefault()));
    }
}
