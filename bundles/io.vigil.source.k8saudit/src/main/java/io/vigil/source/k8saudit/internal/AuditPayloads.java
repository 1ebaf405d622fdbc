package io.vigil.source.k8saudit.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.source.jsonkit.DocumentSplitter;
import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;

/**
 * Splits a received document into audit events, as the k8saudit plugin does: an
 * {@code audit.k8s.io} {@code Event}, an {@code EventList}'s items, or a JSON array of either.
 * Each event is timed by its {@code stageTimestamp}; events larger than the limit, or without
 * a valid stageTimestamp, are dropped and counted. Safe for concurrent webhook requests.
 */
final class AuditPayloads implements DocumentSplitter {

    private final long maxEventSize;
    private final AtomicLong oversize = new AtomicLong();
    private final AtomicLong untimed = new AtomicLong();

    AuditPayloads(long maxEventSize) {
        this.maxEventSize = maxEventSize;
    }

    @Override
    public int split(JsonNode doc, Consumer<JsonEvent> out) {
        int[] n = {0};
        return split(doc, e -> {
            n[0]++;
            out.accept(e);
        }, 0) ? n[0] : -1;
    }

    /** The events dropped so far, by reason. */
    Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("dropped_oversize", oversize.get());
        m.put("dropped_no_timestamp", untimed.get());
        return m;
    }

    private boolean split(JsonNode doc, Consumer<JsonEvent> out, int depth) {
        if (doc.isArray()) {
            for (JsonNode d : doc) {
                if (!split(d, out, depth + 1)) {
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
                single(item, out);
            }
            return true;
        }
        if ("Event".equals(kind)) {
            single(doc, out);
            return true;
        }
        return false;
    }

    private void single(JsonNode event, Consumer<JsonEvent> out) {
        long time = DocumentSplitter.nanos(event.get("stageTimestamp"), Long.MIN_VALUE);
        if (time == Long.MIN_VALUE) {
            untimed.incrementAndGet();
            return;
        }
        byte[] payload = Json.compact(event);
        if (payload.length > maxEventSize) {
            oversize.incrementAndGet();
            return;
        }
        out.accept(new JsonEvent(K8sAuditSource.NAME, 0, time, payload, event));
    }
}
