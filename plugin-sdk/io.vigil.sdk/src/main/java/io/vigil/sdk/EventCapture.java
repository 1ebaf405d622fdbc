package io.vigil.sdk;

import java.io.IOException;
import java.util.BitSet;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An open capture of an {@link EventSource}: yields events in batches until closed or
 * exhausted. The platform calls {@link #poll} from one thread; {@link #close} and
 * {@link #setEventTypes} may come from another.
 */
@ConsumerType
public interface EventCapture extends AutoCloseable {

    /** Returned by {@link #poll} when the capture has no more events (end of a file). */
    int END = -1;

    /**
     * Delivers the events that are ready, as one batch, to {@code sink}, waiting up to
     * {@code timeoutMillis} for the first one.
     *
     * @return the number of events delivered (0 on timeout), or {@link #END}
     */
    int poll(EventSink sink, long timeoutMillis) throws IOException, InterruptedException;

    /**
     * Tells the capture which event types the loaded rules and parsers need, so it may drop
     * the others at the origin; null means all. Called again whenever rules change.
     */
    default void setEventTypes(BitSet types) {
    }

    /** Counters for {@code vigil:sources} and stats: events, drops, ... by name. */
    default Map<String, Long> stats() {
        return Map.of();
    }

    @Override
    void close() throws IOException;
}
