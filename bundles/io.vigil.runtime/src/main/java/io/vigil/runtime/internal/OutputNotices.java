package io.vigil.runtime.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.sdk.Alert;
import io.vigil.sdk.Priority;

/**
 * The internal alerts (source {@code internal}) the output router raises about its own
 * channels: a queue that dropped alerts, a delivery call stuck past {@code output_timeout}.
 * They have the shape of Vigil's other internal alerts (a failed rules reload), so consumers
 * match them with the same rules.
 */
final class OutputNotices {

    /** Rule name of the notice about alerts dropped by a full channel queue. */
    static final String QUEUE_FULL = "Vigil output queue full";

    /** Rule name of the notice about a delivery call running longer than output_timeout. */
    static final String STUCK = "Vigil output stuck";

    private final String hostname;

    OutputNotices(String hostname) {
        this.hostname = hostname;
    }

    /** True for the alerts made here: their own loss must not cause another notice. */
    static boolean isNotice(Alert a) {
        return "internal".equals(a.source()) && (QUEUE_FULL.equals(a.rule()) || STUCK.equals(a.rule()));
    }

    Alert queueFull(String channel, long droppedSinceNotice, long droppedTotal, int capacity) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("vigil.output.channel", channel);
        f.put("vigil.output.dropped", droppedSinceNotice);
        f.put("vigil.output.dropped_total", droppedTotal);
        f.put("vigil.output.queue_capacity", (long) capacity);
        return alert(QUEUE_FULL, "Output channel '" + channel + "' dropped " + droppedSinceNotice
                + " alerts since the last notice: its queue of " + capacity + " was full (" + droppedTotal
                + " dropped in total)", f);
    }

    Alert stuck(String channel, String call, long stuckMillis, long timeoutMillis) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("vigil.output.channel", channel);
        f.put("vigil.output.call", call);
        f.put("vigil.output.stuck_ms", stuckMillis);
        f.put("vigil.output.timeout_ms", timeoutMillis);
        return alert(STUCK, "Output channel '" + channel + "' has been stuck in " + call + " for " + stuckMillis
                + " ms (output_timeout " + timeoutMillis + " ms): its alerts wait in its queue, and what does"
                + " not fit is dropped", f);
    }

    private Alert alert(String rule, String output, Map<String, Object> fields) {
        return new Alert(System.currentTimeMillis() * 1_000_000L, rule, Priority.ERROR, "internal",
                List.of("vigil"), hostname, output, fields);
    }
}
