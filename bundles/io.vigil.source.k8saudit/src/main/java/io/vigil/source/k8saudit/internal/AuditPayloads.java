package io.vigil.source.k8saudit.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;

/**
 * Splits a received document into audit events, as the k8saudit plugin does: an
 * {@code audit.k8s.io} {@code Event}, an {@code EventList}'s items, or a JSON array of either.
 * Each event is timed by its {@code stageTimestamp} and dropped if larger than the limit.
 */
final class AuditPayloads {

    /** What splitting one document gave besides the events. */
    static final class Counts {
        long events;
        long oversize;
        long untimed;
    }

    private final long maxEventSize;

    AuditPayloads(long maxEventSize) {
        this.maxEventSize = maxEventSize;
    }

    /**
     * Passes each audit event of {@code doc} to {@code out} (numbered 0: the capture numbers them).
     *
     * @return the counts, or null if the document is not an audit Event, EventList or array of them
     */
    Counts split(JsonNode doc, Consumer<JsonEvent> out) {
        Counts c = new Counts();
        return split(doc, out, c) ? c : null;
    }

    private boolean split(JsonNode doc, Consumer<JsonEvent> out, Counts c) {
        if (doc.isArray()) {
            for (JsonNode d : doc) {
                if (!split(d, out, c)) {
                    return false;
                }
            }
            return true;
        }
        String kind = Json.stringOrNull(doc.get("kind"));
        if ("EventList".equals(kind)) {
            JsonNode items = doc.get("items");
            if (items == null || !items.isArray()) {
                return false;
            }
            for (JsonNode item : items) {
                single(item, out, c);
            }
            return true;
        }
        if ("Event".equals(kind)) {
            single(doc, out, c);
            return true;
        }
        return false;
    }

    private void single(JsonNode event, Consumer<JsonEvent> out, Counts c) {
        long time = timestamp(event);
        if (time == Long.MIN_VALUE) {
            c.untimed++;
            return;
        }
        byte[] payload = Json.compact(event);
        if (payload.length > maxEventSize) {
            c.oversize++;
            return;
        }
        c.events++;
        out.accept(new JsonEvent(K8sAuditSource.NAME, 0, time, payload, event));
    }

    /** The stageTimestamp in nanoseconds, or MIN_VALUE if missing or not RFC 3339. */
    static long timestamp(JsonNode event) {
        String s = Json.stringOrNull(event.get("stageTimestamp"));
        if (s == null) {
            return Long.MIN_VALUE;
        }
        try {
            Instant t = Instant.parse(s);
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }
}
