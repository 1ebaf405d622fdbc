package io.vigil.runtime.api;

import java.util.Map;

/**
 * An output channel as {@code vigil:outputs} shows it.
 *
 * @param name        the channel instance name
 * @param queued      alerts waiting in its queue
 * @param delivered   alerts delivered
 * @param failed      deliveries that failed
 * @param dropped     alerts dropped because the queue was full
 * @param retried     attempts the channel repeated after a transient failure (its {@code retries}
 *                    counter; 0 for channels that do not retry)
 * @param stuckMillis how long the delivery in progress has been running, if longer than
 *                    {@code output_timeout}; else 0
 * @param counters    the channel's own counters ({@code OutputChannel.stats()}), e.g. timeouts
 */
public record OutputStatus(String name, int queued, long delivered, long failed, long dropped, long retried,
        long stuckMillis, Map<String, Long> counters) {

    public OutputStatus {
        counters = Map.copyOf(counters);
    }

    /** A status without retries, stuck time or channel counters (the 1.0 shape). */
    public OutputStatus(String name, int queued, long delivered, long failed, long dropped) {
        this(name, queued, delivered, failed, dropped, 0, 0, Map.of());
    }
}
