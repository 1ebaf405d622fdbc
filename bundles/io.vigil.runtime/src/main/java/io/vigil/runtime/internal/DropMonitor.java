package io.vigil.runtime.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import io.vigil.runtime.api.SourceStatus;
import io.vigil.sdk.Priority;

/**
 * Falco's {@code syscall_event_drops}: once a second, compares each source's drop counters
 * with its events; when drops exceed {@code threshold} of the events in that second, carries
 * out the configured actions ({@code log}, {@code alert}, {@code exit}), at most {@code rate}
 * times a second with bursts of {@code max_burst} (a token bucket), as Falco does.
 */
final class DropMonitor {

    /**
     * The {@code syscall_event_drops} settings.
     *
     * @param threshold fraction of events dropped in a second that triggers the actions
     * @param actions   {@code log}, {@code alert}, {@code exit} ({@code ignore} for none)
     * @param rate      tokens per second
     * @param maxBurst  bucket size
     */
    record Settings(double threshold, List<String> actions, double rate, int maxBurst) {
        static Settings from(ConfigTree c) throws ConfigException {
            Object t = c.get("syscall_event_drops.threshold");
            Object r = c.get("syscall_event_drops.rate");
            List<String> actions = c.get("syscall_event_drops.actions") == null ? List.of("log", "alert")
                    : c.strings("syscall_event_drops.actions");
            for (String a : actions) {
                if (!List.of("log", "alert", "exit", "ignore").contains(a)) {
                    throw new ConfigException("configuration key syscall_event_drops.actions: unknown action '" + a
                            + "', expected log, alert, exit or ignore");
                }
            }
            try {
                return new Settings(t == null ? 0.1 : Double.parseDouble(t.toString()), actions,
                        r == null ? 0.03333 : Double.parseDouble(r.toString()),
                        (int) c.number("syscall_event_drops.max_burst", 1));
            } catch (NumberFormatException e) {
                throw new ConfigException("configuration key syscall_event_drops: threshold and rate must be numbers");
            }
        }
    }

    /** What a drop looks like to the actions. */
    interface Sink {
        void alert(String rule, Priority priority, String output, Map<String, Object> fields);
    }

    private final Settings settings;
    private final Supplier<List<SourceStatus>> sources;
    private final Sink sink;
    private final Consumer<String> log;
    private final IntConsumer exit;
    private final Map<String, long[]> last = new HashMap<>();
    private double tokens;
    private long lastRefill = System.nanoTime();

    DropMonitor(Settings settings, Supplier<List<SourceStatus>> sources, Sink sink, Consumer<String> log,
            IntConsumer exit) {
        this.settings = settings;
        this.sources = sources;
        this.sink = sink;
        this.log = log;
        this.exit = exit;
        this.tokens = settings.maxBurst();
    }

    /** Called once a second. */
    void check() {
        long now = System.nanoTime();
        tokens = Math.min(settings.maxBurst(), tokens + settings.rate() * (now - lastRefill) / 1e9);
        lastRefill = now;
        for (SourceStatus s : sources.get()) {
            long drops = s.drops();
            long[] prev = last.put(s.name(), new long[] {s.events(), drops});
            if (prev == null) {
                continue;
            }
            long dEvents = s.events() - prev[0];
            long dDrops = drops - prev[1];
            if (dDrops <= 0 || (double) dDrops / (dEvents + dDrops) <= settings.threshold() || tokens < 1) {
                continue;
            }
            tokens -= 1;
            String text = "Falco internal: syscall event drop. " + dDrops + " system calls dropped in last second.";
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("n_drops", dDrops);
            fields.put("n_evts", dEvents + dDrops);
            fields.put("ebpf_enabled", 1L);
            fields.put("source", s.name());
            for (String a : settings.actions()) {
                switch (a) {
                    case "log" -> log.accept(text);
                    case "alert" -> sink.alert("Falco internal: syscall event drop", Priority.DEBUG, text, fields);
                    case "exit" -> {
                        log.accept(text + " Exiting (syscall_event_drops.actions contains exit).");
                        exit.accept(1);
                    }
                    default -> {
                    }
                }
            }
        }
    }
}
