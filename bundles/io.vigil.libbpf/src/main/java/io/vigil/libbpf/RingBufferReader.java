package io.vigil.libbpf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.kenai.jffi.MemoryIO;

import io.vigil.libbpf.internal.LibC;
import io.vigil.libbpf.internal.Native;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A BPF ring buffer ({@code BPF_MAP_TYPE_RINGBUF}) mapped into this process and read in
 * place: the kernel's data pages are mapped twice back to back, so every record is
 * contiguous in {@link #data()} at {@code (position & mask) + HEADER_SIZE}. Reading needs no
 * native call; only {@link #await} (epoll) does. One thread reads.
 *
 * <p>Protocol: read {@link #producerPosition()}; for each record from the consumer position,
 * read its header with {@link #header(long)} (stop at {@link #BUSY_BIT}), skip
 * {@link #DISCARD_BIT} records, process the {@link #length(int)} bytes, advance by
 * {@link #advance(int)}; then {@link #commit(long)} the new position to free the space.
 */
public final class RingBufferReader implements AutoCloseable {

    /** Header bit: the producer has reserved but not yet submitted this record. */
    public static final int BUSY_BIT = 1 << 31;
    /** Header bit: the producer discarded this record. */
    public static final int DISCARD_BIT = 1 << 30;
    /** Size of the kernel's per-record header (length word and page offset). */
    public static final int HEADER_SIZE = 8;

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final Native n;
    private final int size;
    private final long mask;
    private final long pageSize;
    private final long consumerAddr;
    private final long producerAddr;
    private final ByteBuffer consumer;
    private final ByteBuffer producer;
    private final ByteBuffer data;
    private final int epollFd;
    private final Pointer events;
    private volatile boolean closed;

    private RingBufferReader(Native n, int size, long pageSize, long consumerAddr, long producerAddr, int epollFd) {
        this.n = n;
        this.size = size;
        this.mask = size - 1L;
        this.pageSize = pageSize;
        this.consumerAddr = consumerAddr;
        this.producerAddr = producerAddr;
        MemoryIO io = MemoryIO.getInstance();
        this.consumer = io.newDirectByteBuffer(consumerAddr, (int) pageSize).order(ByteOrder.LITTLE_ENDIAN);
        this.producer = io.newDirectByteBuffer(producerAddr, (int) pageSize).order(ByteOrder.LITTLE_ENDIAN);
        this.data = io.newDirectByteBuffer(producerAddr + pageSize, 2 * size).order(ByteOrder.LITTLE_ENDIAN);
        this.epollFd = epollFd;
        this.events = Memory.allocateDirect(n.runtime, 16 * 12);
    }

    /** Maps the ring buffer map {@code map} of a loaded object and registers it for wakeups. */
    public static RingBufferReader open(BpfMap map) throws BpfException {
        Native n = Native.get();
        int size = map.maxEntries();
        if (size <= 0 || Integer.bitCount(size) != 1 || size > (1 << 30)) {
            throw new BpfException("map " + map.name() + " is not a ring buffer of a power-of-two size: " + size);
        }
        long page = com.kenai.jffi.PageManager.getInstance().pageSize();
        long cons = address(n.libc.mmap(null, page, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, map.fd(), 0));
        if (cons == -1) {
            throw new BpfException("cannot map the consumer page of ring buffer " + map.name() + ": "
                    + n.strerror(n.errno()));
        }
        long prod = address(n.libc.mmap(null, page + 2L * size, LibC.PROT_READ, LibC.MAP_SHARED, map.fd(), page));
        if (prod == -1) {
            int errno = n.errno();
            unmap(n, cons, page);
            throw new BpfException("cannot map the data pages of ring buffer " + map.name() + ": " + n.strerror(errno));
        }
        int ep = n.libc.epoll_create1(LibC.EPOLL_CLOEXEC);
        Pointer ev = Memory.allocate(n.runtime, 12);
        ev.putInt(0, LibC.EPOLLIN);
        ev.putLong(4, 0);
        if (ep < 0 || n.libc.epoll_ctl(ep, LibC.EPOLL_CTL_ADD, map.fd(), ev) != 0) {
            int errno = n.errno();
            if (ep >= 0) {
                n.libc.close(ep);
            }
            unmap(n, cons, page);
            unmap(n, prod, page + 2L * size);
            throw new BpfException("cannot watch ring buffer " + map.name() + " with epoll: " + n.strerror(errno));
        }
        return new RingBufferReader(n, size, page, cons, prod, ep);
    }

    private static long address(Pointer p) {
        return p == null ? -1 : p.address();
    }

    private static void unmap(Native n, long address, long length) {
        n.libc.munmap(Pointer.wrap(n.runtime, address), length);
    }

    /** The data area: {@code 2 * size()} bytes, the second half mirroring the first. */
    public ByteBuffer data() {
        return data;
    }

    /** The ring's size in bytes. */
    public int size() {
        return size;
    }

    /** The offset in {@link #data()} of the record header at {@code position}. */
    public int offset(long position) {
        return (int) (position & mask);
    }

    /** The consumer position (bytes consumed since the ring was created). */
    public long consumerPosition() {
        return (long) LONGS.getAcquire(consumer, 0);
    }

    /** The producer position, read with acquire ordering. */
    public long producerPosition() {
        return (long) LONGS.getAcquire(producer, 0);
    }

    /** The header word of the record at {@code position}, read with acquire ordering. */
    public int header(long position) {
        return (int) INTS.getAcquire(data, offset(position));
    }

    /** The payload length encoded in a header word. */
    public static int length(int header) {
        return header & ~(BUSY_BIT | DISCARD_BIT);
    }

    /** How far a record with this header advances the position (header + payload, 8-aligned). */
    public static int advance(int header) {
        return (length(header) + HEADER_SIZE + 7) & ~7;
    }

    /** Frees everything before {@code position} for the producer (release ordering). */
    public void commit(long position) {
        LONGS.setRelease(consumer, 0, position);
    }

    /**
     * Waits until the producer signals new data or {@code timeoutMillis} passes.
     *
     * @return true if woken by data
     */
    public boolean await(int timeoutMillis) throws BpfException {
        if (closed) {
            return false;
        }
        int rc = n.libc.epoll_wait(epollFd, events, 16, timeoutMillis);
        if (rc < 0) {
            int errno = n.errno();
            if (errno == 4 || (errno == 9 && closed)) { // EINTR, or EBADF after a concurrent close
                return false;
            }
            throw new BpfException("epoll_wait on the ring buffer failed: " + n.strerror(errno));
        }
        return rc > 0;
    }

    /** Unmaps the ring and closes the epoll descriptor; the map itself belongs to its object. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            n.libc.close(epollFd);
            unmap(n, consumerAddr, pageSize);
            unmap(n, producerAddr, pageSize + 2L * size);
        }
    }
}
