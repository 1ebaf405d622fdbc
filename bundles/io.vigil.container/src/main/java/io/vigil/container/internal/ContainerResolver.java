package io.vigil.container.internal;

import java.util.List;

import io.vigil.sdk.Event;
import io.vigil.syscall.api.SyscallEvent;
import io.vigil.syscall.api.SyscallEventTable;
import io.vigil.syscall.api.ThreadStates;
import io.vigil.syscall.api.ThreadView;

/**
 * Finds the container of an event's thread. A small direct-mapped memo by tid, checked
 * against the identity of the thread's cgroup list, answers repeated lookups without hashing
 * or allocating; a miss goes to {@link Containers}. Event thread only.
 */
public final class ContainerResolver {

    private static final int MEMO_SIZE = 8192;

    private final ThreadStates threads;
    private final Containers containers;
    private final int[] memoTid = new int[MEMO_SIZE];
    private final Object[] memoCgroups = new Object[MEMO_SIZE];
    private final Container[] memoContainer = new Container[MEMO_SIZE];

    public ContainerResolver(ThreadStates threads, Containers containers) {
        this.threads = threads;
        this.containers = containers;
        java.util.Arrays.fill(memoTid, -1);
    }

    /** The thread of a syscall event, or null for other events and unknown threads. */
    public ThreadView thread(Event event) {
        return event instanceof SyscallEvent s ? threads.thread(s.tid()) : null;
    }

    /**
     * The container of the event's thread (the host one included), or null if the thread is
     * unknown; for a {@code container} event, the container it announces.
     */
    public Container container(Event event) {
        if (event instanceof SyscallEvent s && s.type() == SyscallEventTable.CONTAINER) {
            Container c = containers.known(s.paramString(ContainerAnnouncer.ID_PARAM));
            if (c != null) {
                return c;
            }
        }
        ThreadView t = thread(event);
        return t == null ? null : container(t);
    }

    public Container container(ThreadView t) {
        int tid = t.tid();
        List<String> cgroups = t.cgroups();
        int slot = tid & (MEMO_SIZE - 1);
        if (memoTid[slot] == tid && memoCgroups[slot] == cgroups) {
            return memoContainer[slot];
        }
        Container c = containers.of(cgroups);
        c.sawThread(tid, t.pid(), t.vpid());
        memoTid[slot] = tid;
        memoCgroups[slot] = cgroups;
        memoContainer[slot] = c;
        return c;
    }
}
