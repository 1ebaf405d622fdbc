package io.vigil.libbpf;

import io.vigil.libbpf.internal.Native;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/** One map of a loaded {@link BpfObject}, addressed through its file descriptor. */
public final class BpfMap {

    private final String name;
    private final int fd;
    private final int maxEntries;

    BpfMap(String name, int fd, int maxEntries) {
        this.name = name;
        this.fd = fd;
        this.maxEntries = maxEntries;
    }

    /** The map's name in the object. */
    public String name() {
        return name;
    }

    /** The map's file descriptor (valid while the object is open). */
    public int fd() {
        return fd;
    }

    /** The number of entries (for a ring buffer: its size in bytes). */
    public int maxEntries() {
        return maxEntries;
    }

    /** Sets entry {@code key} of an array map of one-byte values. */
    public void putByte(int key, byte value) throws BpfException {
        Native n = Native.get();
        Pointer k = Memory.allocate(n.runtime, 4);
        Pointer v = Memory.allocate(n.runtime, 8);
        k.putInt(0, key);
        v.putByte(0, value);
        if (n.bpf.bpf_map_update_elem(fd, k, v, 0) != 0) {
            throw new BpfException("cannot update map " + name + " key " + key + ": " + n.strerror(n.errno()));
        }
    }

    /** Sets many entries of an array map of one-byte values: {@code values[i]} at key {@code i}. */
    public void putBytes(byte[] values) throws BpfException {
        Native n = Native.get();
        Pointer k = Memory.allocate(n.runtime, 4);
        Pointer v = Memory.allocate(n.runtime, 8);
        for (int i = 0; i < values.length; i++) {
            k.putInt(0, i);
            v.putByte(0, values[i]);
            if (n.bpf.bpf_map_update_elem(fd, k, v, 0) != 0) {
                throw new BpfException("cannot update map " + name + " key " + i + ": " + n.strerror(n.errno()));
            }
        }
    }

    /** The per-CPU u64 values of entry {@code key} of a per-CPU array map, one per possible CPU. */
    public long[] perCpuLongs(int key) throws BpfException {
        Native n = Native.get();
        int cpus = n.bpf.libbpf_num_possible_cpus();
        Pointer k = Memory.allocate(n.runtime, 4);
        Pointer v = Memory.allocate(n.runtime, 8 * cpus);
        k.putInt(0, key);
        if (n.bpf.bpf_map_lookup_elem(fd, k, v) != 0) {
            throw new BpfException("cannot read map " + name + " key " + key + ": " + n.strerror(n.errno()));
        }
        long[] out = new long[cpus];
        for (int i = 0; i < cpus; i++) {
            out[i] = v.getLong(8L * i);
        }
        return out;
    }

    /** The sum over CPUs of entry {@code key} of a per-CPU array of u64. */
    public long perCpuSum(int key) throws BpfException {
        long sum = 0;
        for (long v : perCpuLongs(key)) {
            sum += v;
        }
        return sum;
    }
}
