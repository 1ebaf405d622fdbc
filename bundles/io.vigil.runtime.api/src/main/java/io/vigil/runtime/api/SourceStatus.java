package io.vigil.runtime.api;

import java.util.Map;

/**
 * A source as {@code vigil:sources} shows it.
 *
 * @param name     the source name
 * @param state    {@code running}, {@code failed: reason}, {@code stopped}, {@code ended}
 * @param events   events read so far
 * @param counters the capture's own counters (drops, ...)
 */
public record SourceStatus(String name, String state, long events, Map<String, Long> counters) {
    public SourceStatus {
        counters = Map.copyOf(counters);
    }

    /** Events the source reports as dropped: the sum of its counters whose name contains "drop". */
    public long drops() {
        long sum = 0;
        for (Map.Entry<String, Long> c : counters.entrySet()) {
            if (c.getKey().contains("drop")) {
                sum += c.getValue();
            }
        }
        return sum;
    }
}
