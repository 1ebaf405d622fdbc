package io.vigil.sdk.testkit;

import java.util.Map;

import io.vigil.sdk.Event;

/**
 * An event that is only a map of field values, as written in rules
 * ({@code "proc.name" -> "nginx"}, {@code "proc.aname[2]" -> "bash"}); pair it with
 * {@link MapFieldExtractor} to evaluate rules against hand-written events.
 *
 * @param source    the source name
 * @param type      the event type code, 0 if none
 * @param timestamp nanoseconds since the epoch
 * @param number    the event number
 * @param values    field values by the field text as written in rules
 */
public record MapEvent(String source, int type, long timestamp, long number, Map<String, Object> values)
        implements Event {

    public MapEvent {
        values = Map.copyOf(values);
    }
}
