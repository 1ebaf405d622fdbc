package io.vigil.container.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.LongSupplier;

import io.vigil.sdk.EventSink;
import io.vigil.syscall.api.SyscallEventTable;
import io.vigil.syscall.api.SyscallRecord;
import io.vigil.syscall.api.SyscallRecordBuilder;

/**
 * Turns each container seen for the first time into one Falco {@code container} event, once
 * its metadata fetch has ended (an answer, a failure or the request timeout) and its init
 * process has been seen, or at most a bound after the container was first seen, so rules such
 * as {@code evt.type = container and container.image.repository = nginx} see the container's
 * fields without holding the event thread. Event thread only; at most {@code capacity} containers wait to be announced, newer
 * ones beyond that are counted and not announced.
 */
public final class ContainerAnnouncer {

    /** Parameter indexes of the {@code container} event: full id, engine type, name, image. */
    static final int ID_PARAM = 0;

    private final ArrayDeque<Container> pending = new ArrayDeque<>();
    private final int capacity;
    private final long boundNanos;
    private final LongSupplier nanoTime;
    private long announced;
    private long dropped;

    /**
     * @param capacity     containers that may wait to be announced
     * @param boundNanos   how long after a container was first seen it is announced even if
     *                     its fetch has not ended (longer than an engine request may take)
     * @param nanoTime     the clock of {@link Container}'s first-seen times
     */
    public ContainerAnnouncer(int capacity, long boundNanos, LongSupplier nanoTime) {
        this.capacity = capacity;
        this.boundNanos = boundNanos;
        this.nanoTime = nanoTime;
    }

    /** Notes a container seen for the first time (the host is never announced). */
    public void seen(Container c) {
        if (c.identity().isHost()) {
            return;
        }
        if (pending.size() >= capacity) {
            dropped++;
            return;
        }
        pending.add(c);
    }

    /**
     * Emits a {@code container} event for each waiting container whose metadata is settled,
     * stamped with {@code timestampNanos} (epoch) and {@code number}.
     */
    public void emitSettled(long timestampNanos, long number, EventSink emit) {
        if (pending.isEmpty()) {
            return;
        }
        long now = nanoTime.getAsLong();
        for (Iterator<Container> it = pending.iterator(); it.hasNext();) {
            Container c = it.next();
            if (c.settled(now, boundNanos)) {
                it.remove();
                announced++;
                emit.accept(event(c, timestampNanos, number));
            }
        }
    }

    /**
     * The {@code container} event of {@code c}: its thread is the container's init (or the first
     * thread seen in it), so the syscall state and the {@code proc.*} fields describe that process.
     */
    static SyscallRecord event(Container c, long timestampNanos, long number) {
        ContainerInfo info = c.info();
        byte[] b = SyscallRecordBuilder.of(SyscallEventTable.CONTAINER).thread(c.eventTid(), c.eventPid()).timestamp(timestampNanos)
                .addString(c.identity().fullId()).addString(c.identity().type().falcoName())
                .addString(info == null || info.name() == null ? "" : info.name())
                .addString(info == null || info.image() == null ? "" : info.image()).build();
        SyscallRecord r = new SyscallRecord(0);
        r.wrap(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN), 0, b.length, number);
        return r;
    }

    /** Containers waiting to be announced. */
    public int pending() {
        return pending.size();
    }

    /** Containers announced so far. */
    public long announced() {
        return announced;
    }

    /** Containers not announced because too many were waiting. */
    public long dropped() {
        return dropped;
    }
}
