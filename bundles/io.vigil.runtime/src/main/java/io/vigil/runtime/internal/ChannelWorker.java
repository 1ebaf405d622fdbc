package io.vigil.runtime.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vigil.runtime.api.OutputStatus;
import io.vigil.sdk.Alert;
import io.vigil.sdk.OutputChannel;
import io.vigil.sdk.Priority;

/**
 * One output channel with its own bounded queue and thread: a slow or blocked channel fills
 * its own queue, and what does not fit is dropped and counted, never blocking the event
 * thread or the other channels. The call in progress is visible to the router's watchdog.
 */
final class ChannelWorker {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelWorker.class);

    /** A call into the channel in progress; a new object per call, so one stuck call is one episode. */
    record Call(String method, long startNanos) {
    }

    /**
     * What a stopped channel did not deliver.
     *
     * @param channel  the channel name
     * @param queued   alerts still queued, never attempted
     * @param inFlight a call still running when the wait ended (its alert's fate is unknown), or null
     * @param runningMillis how long that call had been running
     */
    record Undelivered(String channel, int queued, Call inFlight, long runningMillis) {
        int total() {
            return queued + (inFlight != null && inFlight.method().equals("deliver") ? 1 : 0);
        }
    }

    private final OutputChannel channel;
    private final Priority minPriority;
    private final int capacity;
    private final BlockingQueue<Alert> queue;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Drops of alerts other than the router's own notices: only these call for a notice. */
    private final AtomicLong alertDrops = new AtomicLong();
    private volatile Call inFlight;
    private volatile Call reportedStuck;
    private volatile boolean stopping;
    private volatile boolean abandoned;

    // The watchdog's own bookkeeping, touched by the watchdog thread only.
    private long droppedAtNotice;
    private long alertDropsAtNotice;
    private long lastNoticeNanos;
    private boolean noticed;

    ChannelWorker(OutputChannel channel, Priority minPriority, int capacity) {
        this.channel = channel;
        this.minPriority = minPriority;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "vigil-output-" + channel.name());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    OutputChannel channel() {
        return channel;
    }

    int capacity() {
        return capacity;
    }

    /** Queues an alert without blocking; counts it as dropped if the queue is full. */
    void offer(Alert alert) {
        if (alert.priority().isAtLeast(minPriority)) {
            offerAlways(alert);
        }
    }

    /** Queues an alert whatever its priority (test alerts); counts it as dropped if full. */
    void offerAlways(Alert alert) {
        if (!queue.offer(alert)) {
            dropped.incrementAndGet();
            if (!OutputNotices.isNotice(alert)) {
                alertDrops.incrementAndGet();
            }
        }
    }

    private void run() {
        while (!abandoned) {
            Alert a;
            try {
                a = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // an interrupt means abandon: the loop condition says so
            }
            if (a == null) {
                if (stopping) {
                    break;
                }
                continue;
            }
            try {
                Call c = begin("deliver");
                try {
                    channel.deliver(a);
                } finally {
                    end(c);
                }
                delivered.incrementAndGet();
            } catch (Exception | LinkageError e) {
                long n = failed.incrementAndGet();
                if (n == 1 || Long.bitCount(n) == 1) { // log the 1st, 2nd, 4th, 8th... failure
                    LOG.warn("output channel {}: delivery failed ({} failures so far): {}", channel.name(), n,
                            e.toString());
                }
            }
            if (queue.isEmpty() && !abandoned) {
                flush();
            }
        }
        if (!abandoned) {
            flush();
        }
    }

    private void flush() {
        try {
            Call c = begin("flush");
            try {
                channel.flush();
            } finally {
                end(c);
            }
        } catch (Exception | LinkageError e) {
            LOG.warn("output channel {}: flush failed: {}", channel.name(), e.toString());
        }
    }

    private Call begin(String method) {
        Call c = new Call(method, System.nanoTime());
        inFlight = c;
        return c;
    }

    private void end(Call c) {
        inFlight = null;
        if (reportedStuck == c) {
            LOG.info("output channel {}: {} returned after {} ms; the channel is moving again", channel.name(),
                    c.method(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c.startNanos()));
        }
    }

    /** Watchdog: the call in progress if it has run longer than {@code timeoutNanos} and was not reported yet. */
    Call newlyStuck(long nowNanos, long timeoutNanos) {
        Call c = inFlight;
        if (c == null || c == reportedStuck || nowNanos - c.startNanos() <= timeoutNanos) {
            return null;
        }
        reportedStuck = c;
        return c;
    }

    /**
     * Watchdog: the alerts dropped since the last notice, if a notice is due (some alert that is
     * not itself a notice was dropped, and the last notice is at least {@code intervalNanos}
     * old); else -1.
     */
    long dropsToReport(long nowNanos, long intervalNanos) {
        long alerts = alertDrops.get();
        if (alerts == alertDropsAtNotice || noticed && nowNanos - lastNoticeNanos < intervalNanos) {
            return -1;
        }
        long total = dropped.get();
        long since = total - droppedAtNotice;
        droppedAtNotice = total;
        alertDropsAtNotice = alerts;
        lastNoticeNanos = nowNanos;
        noticed = true;
        return since;
    }

    long droppedTotal() {
        return dropped.get();
    }

    /** Asks the thread to deliver what is queued and end; see {@link #awaitStop}. */
    void beginStop() {
        stopping = true;
    }

    /**
     * Waits until the queue is delivered or {@code deadlineNanos} (System.nanoTime) passes;
     * then gives up on what is left, interrupting a call in progress.
     */
    Undelivered awaitStop(long deadlineNanos) {
        stopping = true;
        try {
            long wait = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            thread.join(Math.max(1, wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            return new Undelivered(channel.name(), queue.size(), null, 0);
        }
        abandoned = true;
        thread.interrupt();
        List<Alert> left = new ArrayList<>();
        queue.drainTo(left);
        Call c = inFlight;
        return new Undelivered(channel.name(), left.size(), c,
                c == null ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c.startNanos()));
    }

    /** The status; {@code timeoutNanos} decides whether the call in progress counts as stuck. */
    OutputStatus status(long timeoutNanos) {
        Map<String, Long> own = new LinkedHashMap<>();
        try {
            Map<String, Long> s = channel.stats();
            if (s != null) {
                s.forEach((k, v) -> {
                    if (k != null && v != null) {
                        own.put(k, v);
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.debug("output channel {}: stats() failed: {}", channel.name(), e.toString());
        }
        Call c = inFlight;
        long running = c == null ? 0 : System.nanoTime() - c.startNanos();
        long stuckMillis = running > timeoutNanos ? TimeUnit.NANOSECONDS.toMillis(running) : 0;
        return new OutputStatus(channel.name(), queue.size(), delivered.get(), failed.get(), dropped.get(),
                own.getOrDefault("retries", 0L), stuckMillis, own);
    }
}
