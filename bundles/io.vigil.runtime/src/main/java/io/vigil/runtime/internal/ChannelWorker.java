package io.vigil.runtime.internal;

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
 * thread or the other channels.
 */
final class ChannelWorker {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelWorker.class);

    private final OutputChannel channel;
    private final Priority minPriority;
    private final BlockingQueue<Alert> queue;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean stopping;

    ChannelWorker(OutputChannel channel, Priority minPriority, int capacity) {
        this.channel = channel;
        this.minPriority = minPriority;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "vigil-output-" + channel.name());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    OutputChannel channel() {
        return channel;
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
        }
    }

    private void run() {
        while (true) {
            Alert a;
            try {
                a = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (queue.isEmpty()) {
                    break;
                }
                continue;
            }
            if (a == null) {
                if (stopping) {
                    break;
                }
                continue;
            }
            try {
                channel.deliver(a);
                delivered.incrementAndGet();
                if (queue.isEmpty()) {
                    channel.flush();
                }
            } catch (Exception | LinkageError e) {
                long n = failed.incrementAndGet();
                if (n == 1 || Long.bitCount(n) == 1) { // log the 1st, 2nd, 4th, 8th... failure
                    LOG.warn("output channel {}: delivery failed ({} failures so far): {}", channel.name(), n,
                            e.toString());
                }
            }
        }
        try {
            channel.flush();
        } catch (Exception e) {
            LOG.warn("output channel {}: flush failed: {}", channel.name(), e.toString());
        }
    }

    /** Delivers what is queued, waiting at most {@code millis}; returns alerts left undelivered. */
    int stop(long millis) {
        stopping = true;
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        return queue.size();
    }

    OutputStatus status() {
        return new OutputStatus(channel.name(), queue.size(), delivered.get(), failed.get(), dropped.get());
    }
}
