package io.vigil.sdk;

import java.io.IOException;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives alerts; registered as an OSGi service, typically one instance per factory
 * configuration. The platform gives each channel its own bounded queue and thread, so
 * {@link #deliver} may block (network, disk) without slowing capture or other channels.
 */
@ConsumerType
public interface OutputChannel {

    /** Service property: the channel instance name shown by {@code vigil:outputs}. */
    String NAME_PROPERTY = "vigil.output.name";

    /** Service property: the least severe priority this channel receives (e.g. {@code warning}). */
    String MIN_PRIORITY_PROPERTY = "vigil.output.priority";

    /** The channel instance name. */
    String name();

    /**
     * Delivers one alert; called from the channel's own thread.
     *
     * @throws IOException if delivery failed; the platform counts the failure
     */
    void deliver(Alert alert) throws IOException;

    /** Flushes buffered alerts; called when the queue is empty and at shutdown. */
    default void flush() throws IOException {
    }

    /**
     * Counters of the channel's own beyond what the platform counts (delivered, failed,
     * dropped), shown by {@code vigil:outputs}; the key {@code retries} (attempts repeated
     * after a transient failure) is shown as the channel's retried count. Called from any
     * thread, so it must be cheap and thread-safe.
     *
     * @return counter name to value; empty by default
     * @since 1.1
     */
    default Map<String, Long> stats() {
        return Map.of();
    }
}
