package io.vigil.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vigil.runtime.api.OutputStatus;
import io.vigil.sdk.Alert;
import io.vigil.sdk.OutputChannel;
import io.vigil.sdk.Priority;

/**
 * Hands each alert to every channel's queue and to live subscribers ({@code vigil:tail}), and
 * watches the channels: a watchdog thread raises an internal alert when a channel's queue
 * dropped alerts (at most one per channel per notice interval, with the exact number dropped
 * since the previous one) and when a delivery call runs longer than {@code output_timeout}
 * (once per stuck call).
 *
 * <p>A notice about channel X goes to every channel but X. Sent to X it would only join X's
 * full queue (or wait behind X's stuck call) and, dropped there, be the next reason to warn
 * about X: a notice every interval for ever, about nothing but notices. Between two channels
 * that are both full the same ping-pong could happen (A's notice dropped by B, B's by A), so
 * a dropped notice is counted in the channel's dropped total and in the next notice's number,
 * but never by itself makes a new notice due: only the loss of a real alert does.
 */
final class OutputRouter {

    private static final Logger LOG = LoggerFactory.getLogger(OutputRouter.class);

    /** Falco's default {@code output_timeout} in milliseconds. */
    static final long DEFAULT_OUTPUT_TIMEOUT_MILLIS = 2000;

    /** At most one queue-full notice per channel in this many milliseconds. */
    static final long DEFAULT_NOTICE_INTERVAL_MILLIS = 10_000;

    private final Map<OutputChannel, ChannelWorker> workers = new ConcurrentHashMap<>();
    private final List<Consumer<Alert>> subscribers = new CopyOnWriteArrayList<>();
    private volatile ChannelWorker[] snapshot = new ChannelWorker[0];
    private final int capacity;
    private final long timeoutMillis;
    private final long noticeIntervalMillis;
    private final OutputNotices notices;
    private final Consumer<Alert> noticeListener;
    private final ScheduledExecutorService watchdog;

    /** A router with Falco's default {@code output_timeout} and the default notice interval. */
    OutputRouter(int capacity) {
        this(capacity, DEFAULT_OUTPUT_TIMEOUT_MILLIS, DEFAULT_NOTICE_INTERVAL_MILLIS, Hostname.get(), a -> {
        });
    }

    /**
     * @param capacity             each channel's queue capacity
     * @param timeoutMillis        Falco's {@code output_timeout}: a delivery call running longer is reported
     * @param noticeIntervalMillis the least time between two queue-full notices about one channel
     * @param hostname             the host name put in the notices
     * @param noticeListener       also told of every notice raised (e.g. to count it in the statistics)
     */
    OutputRouter(int capacity, long timeoutMillis, long noticeIntervalMillis, String hostname,
            Consumer<Alert> noticeListener) {
        this(capacity, timeoutMillis, noticeIntervalMillis, hostname, noticeListener, true);
    }

    /** As above; without {@code watchdogThread} the owner calls {@link #watch(long)} itself (tests). */
    OutputRouter(int capacity, long timeoutMillis, long noticeIntervalMillis, String hostname,
            Consumer<Alert> noticeListener, boolean watchdogThread) {
        if (timeoutMillis <= 0 || noticeIntervalMillis < 0) {
            throw new IllegalArgumentException("output_timeout must be > 0 ms (got " + timeoutMillis
                    + ") and the notice interval >= 0 ms (got " + noticeIntervalMillis + ")");
        }
        this.capacity = capacity;
        this.timeoutMillis = timeoutMillis;
        this.noticeIntervalMillis = noticeIntervalMillis;
        this.notices = new OutputNotices(hostname);
        this.noticeListener = noticeListener;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-output-watchdog");
            t.setDaemon(true);
            return t;
        });
        if (watchdogThread) {
            // Checking a few times per timeout reports a stuck call at most a quarter late.
            long period = Math.max(10, Math.min(500, timeoutMillis / 4));
            watchdog.scheduleWithFixedDelay(() -> watch(System.nanoTime()), period, period, TimeUnit.MILLISECONDS);
        }
    }

    void add(OutputChannel channel, Priority minPriority) {
        workers.computeIfAbsent(channel, c -> new ChannelWorker(c, minPriority, capacity));
        snapshot = workers.values().toArray(new ChannelWorker[0]);
    }

    void remove(OutputChannel channel, long drainMillis) {
        ChannelWorker w = workers.remove(channel);
        snapshot = workers.values().toArray(new ChannelWorker[0]);
        if (w != null) {
            report(w.awaitStop(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis)), "removed");
        }
    }

    /** Called on the event thread: never blocks. */
    void publish(Alert alert) {
        for (ChannelWorker w : snapshot) {
            w.offer(alert);
        }
        tellSubscribers(alert);
    }

    private void tellSubscribers(Alert alert) {
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
        long timeout = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (ChannelWorker w : snapshot) {
            out.add(w.status(timeout));
        }
        return out;
    }

    /** One watchdog round: stuck calls first (they explain the drops that follow), then drops. */
    void watch(long now) {
        try {
            long timeout = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            long interval = TimeUnit.MILLISECONDS.toNanos(noticeIntervalMillis);
            for (ChannelWorker w : snapshot) {
                ChannelWorker.Call stuck = w.newlyStuck(now, timeout);
                if (stuck != null) {
                    long ms = TimeUnit.NANOSECONDS.toMillis(now - stuck.startNanos());
                    Alert a = notices.stuck(w.channel().name(), stuck.method(), ms, timeoutMillis);
                    LOG.warn(a.output());
                    raise(a, w);
                }
            }
            for (ChannelWorker w : snapshot) {
                long n = w.dropsToReport(now, interval);
                if (n > 0) {
                    Alert a = notices.queueFull(w.channel().name(), n, w.droppedTotal(), w.capacity());
                    LOG.warn(a.output());
                    raise(a, w);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("output watchdog: {}", e.toString()); // never let one failure end the watchdog
        }
    }

    /** Delivers a notice about {@code subject} everywhere but to {@code subject} (see the class comment). */
    private void raise(Alert notice, ChannelWorker subject) {
        for (ChannelWorker w : snapshot) {
            if (w != subject) {
                w.offer(notice);
            }
        }
        tellSubscribers(notice);
        try {
            noticeListener.accept(notice);
        } catch (RuntimeException e) {
            LOG.warn("notice listener failed: {}", e.toString());
        }
    }

    /**
     * Drains every channel within {@code millis} in total, the channels in parallel, and logs
     * per channel what was not delivered; returns the number of alerts not delivered.
     */
    int shutdown(long millis) {
        int left = 0;
        for (ChannelWorker.Undelivered u : drain(millis)) {
            left += u.total();
        }
        return left;
    }

    /** As {@link #shutdown}, returning what each channel left undelivered. */
    List<ChannelWorker.Undelivered> drain(long millis) {
        watchdog.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<ChannelWorker> all = new ArrayList<>(workers.values());
        workers.clear();
        snapshot = new ChannelWorker[0];
        for (ChannelWorker w : all) {
            w.beginStop(); // all drain at once, so one stuck channel does not eat the others' time
        }
        List<ChannelWorker.Undelivered> out = new ArrayList<>();
        for (ChannelWorker w : all) {
            ChannelWorker.Undelivered u = w.awaitStop(deadline);
            report(u, "at shutdown");
            out.add(u);
        }
        return out;
    }

    private static void report(ChannelWorker.Undelivered u, String when) {
        if (u.inFlight() != null) {
            LOG.warn("output channel {}: {} alerts not delivered {}: {} queued, and a {} call still running after"
                    + " {} ms was abandoned{}", u.channel(), u.total(), when, u.queued(), u.inFlight().method(),
                    u.runningMillis(), u.inFlight().method().equals("deliver") ? " (its alert may or may not arrive)"
                            : "");
        } else if (u.queued() > 0) {
            LOG.warn("output channel {}: {} queued alerts not delivered {}", u.channel(), u.queued(), when);
        }
    }
}
