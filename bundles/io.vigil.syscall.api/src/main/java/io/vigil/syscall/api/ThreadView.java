package io.vigil.syscall.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A read-only view of one thread in the syscall state, for bundles that enrich syscall events
 * (containers, ...). Read it only on the event thread, while the event that led to it is
 * being handled: the syscall state updates the object in place, and it does not allocate.
 */
@ProviderType
public interface ThreadView {

    /** The host thread id. */
    int tid();

    /** The host process id (thread-group id). */
    int pid();

    /** The process id as seen in the thread's own pid namespace, or -1 if unknown. */
    int vpid();

    /**
     * The thread's cgroups as {@code controller=path} entries (cgroup v2 entries are listed
     * once per enabled controller), as in {@code thread.cgroups}; empty if unknown. The same
     * list object is returned until the thread's cgroups change, so callers may cache by
     * identity.
     */
    List<String> cgroups();

    /**
     * The start time (ns since the epoch) of the init process of the thread's pid namespace,
     * or 0 if unknown ({@code proc.pidns_init_start_ts}).
     */
    long pidnsInitStartTs();

    /** The executable name as first argument ({@code proc.exe}). */
    String exe();

    /** The command name ({@code proc.name}). */
    String comm();

    /** The arguments after the first ({@code proc.args} as a list). */
    List<String> args();

    /** The time the thread was created (ns since the epoch), or 0 if unknown. */
    long startTs();
}
