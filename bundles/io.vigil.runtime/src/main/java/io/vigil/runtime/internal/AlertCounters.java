package io.vigil.runtime.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.vigil.sdk.Alert;

/** Alerts raised, by priority and by rule, for {@code vigil:stats} and {@code vigil:rules}. */
final class AlertCounters {

    private final Map<String, LongAdder> byPriority = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byRule = new ConcurrentHashMap<>();

    void count(Alert a) {
        byPriority.computeIfAbsent(a.priority().displayName(), k -> new LongAdder()).increment();
        byRule.computeIfAbsent(a.rule(), k -> new LongAdder()).increment();
    }

    Map<String, Long> byPriority() {
        return snapshot(byPriority);
    }

    Map<String, Long> byRule() {
        return snapshot(byRule);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
