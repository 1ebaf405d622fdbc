package io.vigil.sdk;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One field, with its argument, bound once when a rule is compiled and then called for
 * every event the rule sees. Implementations must not allocate in the common case and must
 * be safe to call from the single event thread that evaluates rules.
 */
@ConsumerType
@FunctionalInterface
public interface FieldAccessor {

    /**
     * Writes the field's value for {@code event} into {@code out}.
     *
     * @return false if the event has no value for this field (Falco's {@code <NA>}); a
     *         comparison against a missing value is false
     */
    boolean extract(Event event, FieldValue out);
}
