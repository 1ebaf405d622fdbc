package io.vigil.runtime.internal;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vigil.runtime.api.SourceStatus;
import io.vigil.sdk.Event;
import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSink;
import io.vigil.sdk.EventSource;

/**
 * Runs one open capture on its own thread: polls batches and hands each event to the
 * runtime's pipeline (parsers, then rules).
 */
final class SourceRunner implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(SourceRunner.class);

    private final EventSource source;
    private final EventCapture capture;
    private final EventSink pipeline;
    private final Thread thread;
    private final AtomicLong events = new AtomicLong();
    private volatile String state = "running";
    private volatile boolean stopping;

    SourceRunner(EventSource source, EventCapture capture, EventSink pipeline) {
        this.source = source;
        this.capture = capture;
        this.pipeline = pipeline;
        this.thread = new Thread(this::run, "vigil-source-" + source.name());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    EventCapture capture() {
        return capture;
    }

    @Override
    public void accept(Event event) {
        events.incrementAndGet();
        pipeline.accept(event);
    }

    private void run() {
        try {
            while (!stopping) {
                int n = capture.poll(this, 100);
                if (n == EventCapture.END) {
                    state = "ended";
                    LOG.info("source {} reached the end of its events", source.name());
                    return;
                }
            }
            state = "stopped";
        } catch (InterruptedException e) {
            state = "stopped";
        } catch (Exception | LinkageError e) {
            state = "failed: " + e;
            LOG.error("source {} failed: {}", source.name(), e.toString(), e);
        }
    }

    /** Stops polling and closes the capture. */
    void stop() {
        stopping = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        try {
            capture.close();
        } catch (Exception e) {
            LOG.warn("closing source {} failed: {}", source.name(), e.toString());
        }
        if (state.equals("running")) {
            state = "stopped";
        }
    }

    SourceStatus status() {
        Map<String, Long> counters;
        try {
            counters = capture.stats();
        } catch (RuntimeException e) {
            counters = Map.of();
        }
        return new SourceStatus(source.name(), state, events.get(), counters);
    }
}
