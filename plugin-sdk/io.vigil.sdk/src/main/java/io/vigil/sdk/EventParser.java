package io.vigil.sdk;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Updates state from events before rules see them (process tables, container metadata,
 * ...); registered as an OSGi service. Parsers run on the event thread, in ascending
 * {@code service.ranking} order reversed (highest first), and must not block.
 */
@ConsumerType
public interface EventParser {

    /** The sources whose events this parser wants. */
    Set<String> sources();

    /** Updates state from one event. */
    void parse(Event event);

    /**
     * Updates state from one event and may add events of its own to the stream, as Falco's
     * async events do (a container that started): each event given to {@code emit} goes
     * through the parsers and rules of its source right after {@code event} has. An emitted
     * event must be a new object that the parser does not change afterwards (the platform
     * keeps it until it is handled). The default calls {@link #parse(Event)}.
     *
     * @since 1.1
     */
    default void parse(Event event, EventSink emit) {
        parse(event);
    }

    /**
     * The event types of {@code source} this parser needs to keep its state right, whatever
     * the rules need (added to the set a capture filters at the origin); null means all.
     */
    default java.util.BitSet eventTypes(String source) {
        return null;
    }
}
