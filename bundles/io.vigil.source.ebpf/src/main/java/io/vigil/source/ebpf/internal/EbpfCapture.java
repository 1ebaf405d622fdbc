package io.vigil.source.ebpf.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vigil.libbpf.BootClock;
import io.vigil.libbpf.BpfException;
import io.vigil.libbpf.BpfMap;
import io.vigil.libbpf.BpfObject;
import io.vigil.libbpf.RingBufferReader;
import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSink;
import io.vigil.syscall.api.SyscallRecord;

/**
 * A live capture: Vigil's probe loaded and attached, its ring buffer read in place. Each
 * poll hands the ready records to the sink through one reused {@link SyscallRecord} cursor,
 * then frees their ring space; nothing is allocated per event.
 */
final class EbpfCapture implements EventCapture {

    static final String PROBE = "vigil.bpf.o";

    private final CaptureConfig config;
    private final BpfObject object;
    private final BpfMap filter;
    private final BpfMap counters;
    private final RingBufferReader ring;
    private final ByteBuffer data;
    private final SyscallRecord record;
    // Guards the mapped ring against close() from another thread while a drain reads it.
    private final Object lock = new Object();
    private volatile boolean closed;
    private boolean released;
    private long number;
    private volatile long events;
    private volatile long invalid;
    private volatile long kernelDrops;
    private volatile long truncated;

    EbpfCapture(CaptureConfig config) throws IOException {
        this.config = config;
        BpfObject obj = BpfObject.open(probeImage(), PROBE);
        try {
            obj.setMaxEntries("events", config.ringBytes());
            obj.setMaxEntries("scratch", BpfObject.possibleCpus());
            // The probe's read-only settings struct, the only .rodata: self_tgid, wakeup_bytes.
            int self = config.ignoreSelf() ? (int) ProcessHandle.current().pid() : 0;
            obj.setReadOnlyData(0, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(self)
                    .putInt(config.wakeupBytes()).array());
            obj.load();
            this.filter = obj.map("filter");
            this.counters = obj.map("counters");
            filter.putBytes(SyscallNumbers.filter(null));
            obj.attach();
            this.ring = RingBufferReader.open(obj.map("events"));
        } catch (IOException | RuntimeException e) {
            obj.close();
            throw e;
        }
        this.object = obj;
        this.data = ring.data();
        this.record = new SyscallRecord(BootClock.bootTimeEpochNanos());
    }

    private static byte[] probeImage() throws IOException {
        try (InputStream in = EbpfCapture.class.getResourceAsStream(PROBE)) {
            if (in == null) {
                throw new IOException("the probe " + PROBE + " is missing from bundle io.vigil.source.ebpf:"
                        + " the build must compile bpf/vigil.bpf.c (clang, bpftool)");
            }
            return in.readAllBytes();
        }
    }

    @Override
    public int poll(EventSink sink, long timeoutMillis) throws IOException, InterruptedException {
        int n = drainLocked(sink);
        if (n < 0) {
            return END;
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        // Records below the probe's wakeup threshold do not signal epoll: check every
        // check_ms so they wait at most that long.
        while (n == 0 && timeoutMillis > 0 && !closed) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                break;
            }
            ring.await((int) Math.min(left, config.checkMillis()));
            n = drainLocked(sink);
        }
        if (n < 0) {
            return END;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return n;
    }

    // Drains unless closed (-1); a close() requested meanwhile (even by the sink) waits for it.
    private int drainLocked(EventSink sink) {
        synchronized (lock) {
            if (closed) {
                release();
                return -1;
            }
            try {
                return drain(sink);
            } finally {
                if (closed) {
                    release();
                }
            }
        }
    }

    // Delivers the submitted records from the consumer position, at most maxBatch of them.
    private int drain(EventSink sink) {
        long pos = ring.consumerPosition();
        long end = ring.producerPosition();
        int delivered = 0;
        int max = config.maxBatch();
        try {
            while (pos < end && delivered < max) {
                int header = ring.header(pos);
                if ((header & RingBufferReader.BUSY_BIT) != 0) {
                    break; // reserved but not yet written: the rest waits for the next poll
                }
                if ((header & RingBufferReader.DISCARD_BIT) == 0) {
                    int len = RingBufferReader.length(header);
                    if (record.wrap(data, ring.offset(pos) + RingBufferReader.HEADER_SIZE, len, number + 1)) {
                        number++;
                        delivered++;
                        sink.accept(record);
                    } else {
                        invalid++;
                    }
                }
                pos += RingBufferReader.advance(header);
            }
        } finally {
            ring.commit(pos);
            events += delivered;
        }
        return delivered;
    }

    @Override
    public void setEventTypes(BitSet types) {
        try {
            filter.putBytes(SyscallNumbers.filter(types));
        } catch (BpfException e) {
            throw new IllegalStateException("cannot update the probe's syscall filter: " + e.getMessage(), e);
        }
    }

    /**
     * Counters: {@code events} delivered, {@code kernel_drops} (records the probe could not
     * write because the ring was full, summed over CPUs), {@code truncated} (records with a
     * parameter cut to fit), {@code invalid} (undecodable records skipped), {@code ring_bytes}.
     * After close the last values read are kept.
     */
    @Override
    public Map<String, Long> stats() {
        synchronized (lock) {
            if (!released) {
                try {
                    kernelDrops = counters.perCpuSum(0);
                    truncated = counters.perCpuSum(1);
                } catch (BpfException e) {
                    // keep the last values read: the counters only grow
                }
            }
        }
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("kernel_drops", kernelDrops);
        m.put("truncated", truncated);
        m.put("invalid", invalid);
        m.put("ring_bytes", (long) config.ringBytes());
        return m;
    }

    @Override
    public void close() {
        closed = true;
        if (!Thread.holdsLock(lock)) {
            synchronized (lock) {
                release();
            }
        }
        // else: called by the sink during a drain, which releases when it ends
    }

    // Detaches the programs (no more records), then unmaps the ring; once.
    private void release() {
        if (!released) {
            try {
                kernelDrops = counters.perCpuSum(0);
                truncated = counters.perCpuSum(1);
            } catch (BpfException e) {
                // keep the last values read
            }
            released = true;
            object.close();
            ring.close();
        }
    }
}
