package io.vigil.sdk.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSource;
import io.vigil.sdk.FieldExtractor;

/** Runs an event source for tests and snapshots what it yields. */
public final class Sources {

    private Sources() {
    }

    /**
     * Opens {@code source}, polls until {@code maxEvents} events were seen, the capture ends,
     * or {@code timeoutMillis} passed, and returns one snapshot per event (events may be
     * reused by the source, so they are never returned themselves).
     */
    public static <T> List<T> collect(EventSource source, Map<String, String> params, int maxEvents,
            long timeoutMillis, Function<io.vigil.sdk.Event, T> snapshot)
            throws IOException, InterruptedException {
        List<T> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try (EventCapture capture = source.open(params)) {
            while (out.size() < maxEvents && System.nanoTime() < deadline) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
                int n = capture.poll(e -> {
                    if (out.size() < maxEvents) {
                        out.add(snapshot.apply(e));
                    }
                }, Math.min(left, 100));
                if (n == EventCapture.END) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Opens {@code source} and extracts {@code fields} (as written in rules) from each event
     * with {@code extractors}; a missing value is null.
     */
    public static List<Map<String, Object>> extractAll(EventSource source, Map<String, String> params,
            List<String> fields, int maxEvents, long timeoutMillis, FieldExtractor... extractors)
            throws IOException, InterruptedException {
        Map<String, Extractors.BoundField> bound = new LinkedHashMap<>();
        for (String f : fields) {
            bound.put(f, Extractors.bind(source.name(), f, extractors));
        }
        return collect(source, params, maxEvents, timeoutMillis, e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            bound.forEach((name, b) -> row.put(name, b.extract(e)));
            return row;
        });
    }
}
