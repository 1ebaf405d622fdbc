package io.vigil.syscall.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Read-only lookup of the threads the syscall state knows, registered as an OSGi service by
 * the syscall state bundle. Call it only on the event thread (from an extractor or a parser):
 * the state is not synchronised.
 */
@ProviderType
public interface ThreadStates {

    /** The thread with host id {@code tid}, or null if the state does not know it. */
    ThreadView thread(int tid);
}
