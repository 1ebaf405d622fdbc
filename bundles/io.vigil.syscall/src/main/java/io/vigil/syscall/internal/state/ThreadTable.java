package io.vigil.syscall.internal.state;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * All known threads by host tid, bounded.
 *
 * <p>An exited thread is kept until the next event, so that fields of its own procexit event
 * still read it, then removed. If exit events are lost the table could fill up: when it
 * reaches its capacity it sweeps, first dropping threads the kernel no longer has (checked
 * with {@code liveness}), then, if still above 90%, the ones idle the longest. So millions of
 * short-lived processes never grow it beyond the capacity.
 */
public final class ThreadTable {

    /** Falco's default thread table size. */
    public static final int DEFAULT_CAPACITY = 262144;

    private final IntMap<ThreadInfo> threads = new IntMap<>(1024);
    private final int capacity;
    private final IntPredicate liveness;
    private int[] pendingRemoval = new int[16];
    private int pendingCount;
    private long evictions;
    /** Exited processes' reapers: children still naming a dead parent are moved to it lazily. */
    private final IntMap<Integer> reapers = new IntMap<>(64);

    /**
     * @param capacity the most threads kept
     * @param liveness true if a host tid still exists (e.g. {@code /proc/<tid>} is present)
     */
    public ThreadTable(int capacity, IntPredicate liveness) {
        if (capacity < 16) {
            throw new IllegalArgumentException("thread table capacity must be at least 16, not " + capacity);
        }
        this.capacity = capacity;
        this.liveness = liveness;
    }

    public ThreadInfo get(int tid) {
        return threads.get(tid);
    }

    /** Adds or replaces a thread, making room first if the table is full. */
    public void put(ThreadInfo t) {
        if (threads.size() >= capacity && threads.get(t.tid) == null) {
            sweep();
        }
        threads.put(t.tid, t);
    }

    public int size() {
        return threads.size();
    }

    public int capacity() {
        return capacity;
    }

    /** The number of threads dropped by sweeps (not by exit events). */
    public long evictions() {
        return evictions;
    }

    public void forEach(IntMap.Visitor<ThreadInfo> visitor) {
        threads.forEach(visitor);
    }

    /** Marks a thread exited; it is removed by the next {@link #removeExited()}. */
    public void markExited(ThreadInfo t) {
        t.exited = true;
        if (pendingCount == pendingRemoval.length) {
            pendingRemoval = Arrays.copyOf(pendingRemoval, pendingCount * 2);
        }
        pendingRemoval[pendingCount++] = t.tid;
    }

    /** Removes threads marked exited, unless a new thread reused the tid since. */
    public void removeExited() {
        for (int i = 0; i < pendingCount; i++) {
            ThreadInfo t = threads.get(pendingRemoval[i]);
            if (t != null && t.exited) {
                threads.remove(t.tid);
            }
        }
        pendingCount = 0;
    }

    /** The main thread of {@code t}'s process, or {@code t} itself if unknown. */
    public ThreadInfo mainThread(ThreadInfo t) {
        if (t.tid == t.pid) {
            return t;
        }
        ThreadInfo m = threads.get(t.pid);
        return m == null ? t : m;
    }

    /** Records that the children of exited process {@code pid} now belong to {@code reaper}. */
    public void noteReaper(int pid, int reaper) {
        if (reapers.size() >= 65536) {
            reapers.clear(); // children of long-gone parents then read as orphans: bounded memory wins
        }
        reapers.put(pid, reaper);
    }

    /**
     * The parent process of {@code t}'s process, or null if unknown. A parent that exited is
     * replaced by its reaper, as the kernel reparents; a process started after {@code t} is not
     * its parent even if it reuses the parent's pid.
     */
    public ThreadInfo parentProcess(ThreadInfo t) {
        ThreadInfo m = mainThread(t);
        for (int hops = 0; hops < 8; hops++) {
            int ptid = m.ptid;
            if (ptid <= 0 || ptid == m.tid) {
                return null;
            }
            ThreadInfo p = threads.get(ptid);
            boolean reused = p != null && p.cloneTs != 0 && m.cloneTs != 0 && p.cloneTs > m.cloneTs;
            if (p != null && !reused) {
                return mainThread(p);
            }
            Integer reaper = reapers.get(ptid);
            if (reaper == null || reaper == ptid) {
                return null;
            }
            m.ptid = reaper;
        }
        return null;
    }

    /** The ancestor {@code level} generations up (0 is the process itself), or null. */
    public ThreadInfo ancestor(ThreadInfo t, int level) {
        ThreadInfo cur = mainThread(t);
        for (int i = 0; i < level && cur != null; i++) {
            ThreadInfo p = parentProcess(cur);
            if (p == cur) {
                return null;
            }
            cur = p;
        }
        return cur;
    }

    private void sweep() {
        int before = threads.size();
        for (int tid : threads.keys()) {
            ThreadInfo t = threads.get(tid);
            if (t.exited || !liveness.test(tid)) {
                threads.remove(tid);
            }
        }
        int target = capacity / 10 * 9;
        if (threads.size() > target) {
            long[] seen = new long[threads.size()];
            int[] n = {0};
            threads.forEach((k, v) -> seen[n[0]++] = v.lastEvent);
            Arrays.sort(seen);
            long cutoff = seen[threads.size() - target];
            for (int tid : threads.keys()) {
                if (threads.size() <= target) {
                    break;
                }
                if (threads.get(tid).lastEvent < cutoff) {
                    threads.remove(tid);
                }
            }
        }
        evictions += before - threads.size();
    }
}
