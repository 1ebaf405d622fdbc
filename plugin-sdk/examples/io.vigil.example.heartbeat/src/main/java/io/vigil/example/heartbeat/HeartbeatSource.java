package io.vigil.example.heartbeat;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSink;
import io.vigil.sdk.EventSource;

/**
 * An event source that ticks at a fixed interval: the smallest complete source, showing the
 * capture contract (poll with a timeout, batches, end of stream, counters).
 *
 * <p>Open parameters: {@code interval_ms} (default 200), {@code message} (default
 * {@code tick}), {@code count} (stop after that many ticks; default unlimited).
 */
@Component(property = EventSource.SOURCE_PROPERTY + "=" + HeartbeatEvent.SOURCE)
public final class HeartbeatSource implements EventSource {

    @Override
    public String name() {
        return HeartbeatEvent.SOURCE;
    }

    @Override
    public EventCapture open(Map<String, String> params) {
        long interval = Long.parseLong(params.getOrDefault("interval_ms", "200"));
        long count = Long.parseLong(params.getOrDefault("count", "0"));
        if (interval <= 0) {
            throw new IllegalArgumentException("interval_ms must be positive, got " + interval);
        }
        return new Capture(interval, count, params.getOrDefault("message", "tick"));
    }

    private static final class Capture implements EventCapture {
        private final long intervalNanos;
        private final long count;
        private final String message;
        private long next = System.nanoTime();
        private long ticks;
        private volatile boolean closed;

        Capture(long intervalMillis, long count, String message) {
            this.intervalNanos = intervalMillis * 1_000_000L;
            this.count = count;
            this.message = message;
        }

        @Override
        public int poll(EventSink sink, long timeoutMillis) throws InterruptedException {
            if (closed || (count > 0 && ticks >= count)) {
                return END;
            }
            long wait = next - System.nanoTime();
            if (wait > timeoutMillis * 1_000_000L) {
                Thread.sleep(timeoutMillis);
                return 0;
            }
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            }
            next += intervalNanos;
            ticks++;
            sink.accept(new HeartbeatEvent(ticks, System.currentTimeMillis() * 1_000_000L, message));
            return 1;
        }

        @Override
        public Map<String, Long> stats() {
            return Map.of("ticks", ticks);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
