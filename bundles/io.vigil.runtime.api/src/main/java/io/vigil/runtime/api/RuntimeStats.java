package io.vigil.runtime.api;

import java.util.Map;

/**
 * What {@code vigil:stats} shows.
 *
 * @param uptimeMillis       milliseconds since Vigil started capturing
 * @param events             events read from all sources
 * @param sourceDrops        events the sources report as dropped (kernel and user space)
 * @param alertsByPriority   alerts raised, by priority display name
 * @param alertsByRule       alerts raised, by rule name
 * @param outputDrops        alerts dropped by full channel queues
 * @param queued             alerts waiting in channel queues
 * @param reloads            successful rules reloads
 * @param failedReloads      rules reloads that failed and kept the previous rules
 * @param heapUsedBytes      JVM heap in use
 * @param heapMaxBytes       JVM heap limit
 */
public record RuntimeStats(long uptimeMillis, long events, long sourceDrops, Map<String, Long> alertsByPriority,
        Map<String, Long> alertsByRule, long outputDrops, long queued, long reloads, long failedReloads,
        long heapUsedBytes, long heapMaxBytes) {

    public RuntimeStats {
        alertsByPriority = Map.copyOf(alertsByPriority);
        alertsByRule = Map.copyOf(alertsByRule);
    }
}
