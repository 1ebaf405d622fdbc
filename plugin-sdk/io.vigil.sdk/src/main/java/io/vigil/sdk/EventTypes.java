package io.vigil.sdk;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Names the event types of one source, so that the rule engine can index rules by event type
 * ({@code evt.type = openat}) and compute the set of types the loaded rules need, which a
 * source may use to filter at the origin (in the kernel, for the syscall source).
 */
@ConsumerType
public interface EventTypes {

    /** The source these types belong to. */
    String source();

    /** The codes that the name stands for (a syscall may have several), empty if unknown. */
    int[] codes(String name);

    /** The name of a code, or null if unknown. */
    String name(int code);

    /** One more than the largest code. */
    int size();
}
