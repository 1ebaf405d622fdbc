package io.vigil.sdk;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One event of a source, as seen by parsers, extractors and rules.
 *
 * <p>Sources may hand out the same mutable object for successive events (a cursor over a
 * ring buffer, say): an event is valid only while the call that received it runs. Extractors
 * of the same plugin downcast to their own event class to reach the payload.
 */
@ConsumerType
public interface Event {

    /** The source name, e.g. {@code syscall}, {@code k8s_audit}. */
    String source();

    /** The source-specific event type code (see {@link EventTypes}), or 0 if the source has none. */
    int type();

    /** Nanoseconds since the epoch at which the event happened. */
    long timestamp();

    /** A number increasing by one per event of this capture ({@code evt.num}). */
    long number();

    /** The raw payload for sources whose events are documents (JSON, ...), else null. */
    default byte[] payload() {
        return null;
    }
}
