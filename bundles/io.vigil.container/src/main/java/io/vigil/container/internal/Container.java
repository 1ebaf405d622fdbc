package io.vigil.container.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One container seen in events: its identity from cgroups, and its metadata, which a fetcher
 * thread fills in later ({@link #complete}); the event thread reads it, waiting at most until
 * a deadline set when the container was first seen.
 */
public final class Container {

    private final ContainerIdentity identity;
    private final long firstSeenNanos;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile ContainerInfo info;
    private volatile boolean finished;
    private volatile boolean noWait;
    private int eventTid;
    private int eventPid;
    private int eventVpid;

    Container(ContainerIdentity identity, long firstSeenNanos) {
        this.identity = identity;
        this.firstSeenNanos = firstSeenNanos;
    }

    /** A container whose metadata is known already (the host). */
    static Container known(ContainerIdentity identity, ContainerInfo info) {
        Container c = new Container(identity, 0);
        c.complete(info);
        return c;
    }

    public ContainerIdentity identity() {
        return identity;
    }

    /** The metadata if it has arrived, else null; never waits. */
    public ContainerInfo info() {
        return info;
    }

    /** True once the fetch ended, with or without metadata. */
    public boolean finished() {
        return finished;
    }

    /**
     * The metadata, waiting for a fetch in flight until {@code firstSeen + maxWaitNanos} at most:
     * so a new container's first alerts carry its metadata when its engine answers in time,
     * and a slow engine delays events of one container once, never longer than the bound.
     */
    public ContainerInfo info(long maxWaitNanos) {
        ContainerInfo i = info;
        if (i != null || finished || noWait || maxWaitNanos <= 0) {
            return i;
        }
        long remaining = firstSeenNanos + maxWaitNanos - System.nanoTime();
        if (remaining > 0) {
            try {
                done.await(remaining, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return info;
    }

    /**
     * The host tid of the thread that stands for this container in its {@code container}
     * event: its init (pid 1 in its namespace) once seen, else the first thread seen; 0 if none.
     */
    public int eventTid() {
        return eventTid;
    }

    /** The process id of {@link #eventTid()}. */
    public int eventPid() {
        return eventPid;
    }

    /**
     * Notes a thread seen in this container (event thread only): the first one, replaced by the
     * container's init when that appears, so the container event's thread (and its
     * {@code container.start_ts}, from the pid namespace) is the container's own, not a runtime
     * helper that joined the cgroup before the namespace existed.
     */
    void sawThread(int tid, int pid, int vpid) {
        if (eventTid == 0 || (vpid == 1 && eventVpid != 1)) {
            eventTid = tid;
            eventPid = pid;
            eventVpid = vpid;
        }
    }

    /**
     * True once the container can be announced: its metadata fetch ended and its init has been
     * seen, or {@code boundNanos} passed since it was first seen (a container sharing the host's
     * pid namespace has no init of its own; one running before Vigil may not show it).
     */
    public boolean settled(long nowNanos, long boundNanos) {
        return (finished && eventVpid == 1) || nowNanos - firstSeenNanos >= boundNanos;
    }

    /** Readers stop waiting for this container's metadata (its engine is known to be slow). */
    void dontWait() {
        noWait = true;
        done.countDown();
    }

    /** Ends the fetch: {@code result} is the metadata, or null if the engine had none or failed. */
    void complete(ContainerInfo result) {
        info = result;
        finished = true;
        done.countDown();
    }

    @Override
    public String toString() {
        return identity.type().falcoName() + ":" + identity.fullId();
    }
}
