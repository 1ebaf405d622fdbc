package io.vigil.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vigil.runtime.api.OutputStatus;
import io.vigil.sdk.Alert;
import io.vigil.sdk.OutputChannel;
import io.vigil.sdk.Priority;

/** Hands each alert to every channel's queue and to live subscribers ({@code vigil:tail}). */
final class OutputRouter {

    private static final Logger LOG = LoggerFactory.getLogger(OutputRouter.class);

    private final Map<OutputChannel, ChannelWorker> workers = new ConcurrentHashMap<>();
    private final List<Consumer<Alert>> subscribers = new CopyOnWriteArrayList<>();
    private volatile ChannelWorker[] snapshot = new ChannelWorker[0];
    private final int capacity;

    OutputRouter(int capacity) {
        this.capacity = capacity;
    }

    void add(OutputChannel channel, Priority minPriority) {
        workers.computeIfAbsent(channel, c -> new ChannelWorker(c, minPriority, capacity));
        snapshot = workers.values().toArray(new ChannelWorker[0]);
    }

    void remove(OutputChannel channel, long drainMillis) {
        ChannelWorker w = workers.remove(channel);
        snapshot = workers.values().toArray(new ChannelWorker[0]);
        if (w != null) {
            int left = w.stop(drainMillis);
            if (left > 0) {
                LOG.warn("output channel {} removed with {} alerts undelivered", channel.name(), left);
            }
        }
    }

    /** Called on the event thread: never blocks. */
    void publish(Alert alert) {
        for (ChannelWorker w : snapshot) {
            w.offer(alert);
        }
        for (Consumer<Alert> s : subscribers) {
            try {
                s.accept(alert);
            } catch (RuntimeException e) {
                LOG.warn("alert subscriber failed: {}", e.toString());
            }
        }
    }

    /** Queues {@code alert} for the named channel (all if null), whatever their minimum priority. */
    List<String> test(Alert alert, String channel) {
        List<String> out = new ArrayList<>();
        for (ChannelWorker w : snapshot) {
            if (channel == null || channel.equals(w.channel().name())) {
                w.offerAlways(alert);
                out.add(w.channel().name());
            }
        }
        return out;
    }

    AutoCloseable subscribe(Consumer<Alert> listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    List<OutputStatus> status() {
        List<OutputStatus> out = new ArrayList<>();
        for (ChannelWorker w : snapshot) {
            out.add(w.status());
        }
        return out;
    }

    /** Drains every channel within {@code millis} in total; returns alerts not delivered. */
    int shutdown(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        int left = 0;
        for (ChannelWorker w : workers.values()) {
            left += w.stop(Math.max(1, deadline - System.currentTimeMillis()));
        }
        workers.clear();
        snapshot = new ChannelWorker[0];
        return left;
    }
}
