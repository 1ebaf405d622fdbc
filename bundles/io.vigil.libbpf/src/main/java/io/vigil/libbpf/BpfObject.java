package io.vigil.libbpf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.libbpf.internal.Native;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A BPF object file opened, configured, loaded and attached through libbpf. Configure
 * ({@link #setMaxEntries}, {@link #setReadOnlyData}) between {@link #open} and
 * {@link #load}; read maps after loading; {@link #close} detaches and frees everything.
 */
public final class BpfObject implements AutoCloseable {

    private static final int LOG_SIZE = 1 << 20;
    private static final int LOG_TAIL = 4000;
    private static final Pointer EMPTY = null;

    private final Native n;
    private final String name;
    private final Pointer elf; // libbpf reads the ELF image until load: keep it alive
    private final Map<String, Pointer> logs = new LinkedHashMap<>();
    private final List<Pointer> links = new ArrayList<>();
    private Pointer obj;
    private Pointer keep; // the object name libbpf keeps pointing at
    private boolean loaded;

    private BpfObject(Native n, String name, Pointer elf, Pointer obj) {
        this.n = n;
        this.name = name;
        this.elf = elf;
        this.obj = obj;
    }

    /**
     * Opens a BPF ELF object held in memory.
     *
     * @param name names the object in error messages (e.g. the resource it came from)
     */
    public static BpfObject open(byte[] image, String name) throws BpfException {
        BpfSupport.check();
        Native n = Native.get();
        Pointer elf = Memory.allocateDirect(n.runtime, image.length);
        elf.put(0, image, 0, image.length);
        // struct bpf_object_open_opts { size_t sz; const char *object_name; ... }: a shorter sz is
        // accepted by every libbpf 1.x; the name makes libbpf's own messages say which object.
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        Pointer objectName = Memory.allocateDirect(n.runtime, nameBytes.length);
        objectName.put(0, nameBytes, 0, nameBytes.length);
        Pointer opts = Memory.allocateDirect(n.runtime, 16);
        opts.putLong(0, 16);
        opts.putAddress(8, objectName.address());
        Pointer obj = n.bpf.bpf_object__open_mem(elf, image.length, opts);
        if (obj == null) {
            throw new BpfException("cannot open BPF object " + name + ": " + n.strerror(n.errno()));
        }
        BpfObject o = new BpfObject(n, name, elf, obj);
        o.keep = objectName;
        for (Pointer p = n.bpf.bpf_object__next_program(obj, null); p != null;
                p = n.bpf.bpf_object__next_program(obj, p)) {
            Pointer log = Memory.allocateDirect(n.runtime, LOG_SIZE);
            log.putByte(0, (byte) 0);
            n.bpf.bpf_program__set_log_buf(p, log, LOG_SIZE);
            o.logs.put(n.bpf.bpf_program__name(p), log);
        }
        return o;
    }

    /** The number of possible CPUs (per-CPU map sizes). */
    public static int possibleCpus() {
        return Native.get().bpf.libbpf_num_possible_cpus();
    }

    /** The names of the object's programs. */
    public List<String> programNames() {
        return List.copyOf(logs.keySet());
    }

    /** Sets a map's number of entries (a ring buffer's byte size: a power-of-two number of pages). */
    public void setMaxEntries(String map, int entries) throws BpfException {
        requireState(false);
        int rc = n.bpf.bpf_map__set_max_entries(findMap(map), entries);
        if (rc != 0) {
            throw new BpfException("cannot size map " + map + " of " + name + " to " + entries + ": "
                    + n.strerror(-rc));
        }
    }

    /** Overwrites bytes of the object's read-only globals ({@code const volatile}) before loading. */
    public void setReadOnlyData(int offset, byte[] data) throws BpfException {
        requireState(false);
        Pointer map = findMap(".rodata");
        Pointer size = Memory.allocate(n.runtime, 8);
        Pointer init = n.bpf.bpf_map__initial_value(map, size);
        if (init == null || offset < 0 || offset + data.length > size.getLong(0)) {
            throw new BpfException(".rodata of " + name + " has no bytes " + offset + ".." + (offset + data.length));
        }
        init.put(offset, data, 0, data.length);
    }

    /** Loads every program into the kernel (verification happens here). */
    public void load() throws BpfException {
        requireState(false);
        int rc = n.bpf.bpf_object__load(obj);
        if (rc != 0) {
            int errno = rc < 0 ? -rc : n.errno();
            StringBuilder failed = new StringBuilder();
            String log = null;
            for (Map.Entry<String, Pointer> e : logs.entrySet()) {
                String text = e.getValue().getString(0, LOG_SIZE, StandardCharsets.UTF_8);
                if (!text.isEmpty()) {
                    failed.append(failed.length() == 0 ? "" : ", ").append(e.getKey());
                    log = text.length() > LOG_TAIL ? "..." + text.substring(text.length() - LOG_TAIL) : text;
                }
            }
            String what = errno == 1 ? "not permitted (needs root, or CAP_BPF and CAP_PERFMON)"
                    : failed.length() > 0 ? "the kernel verifier rejected program " + failed
                    : n.strerror(errno);
            throw new BpfException("cannot load BPF object " + name + ": " + what + " [" + n.strerror(errno) + "]",
                    log);
        }
        loaded = true;
        // The verifier log buffers are only needed for load failures: let them be freed.
        logs.replaceAll((k, v) -> EMPTY);
    }

    /** Attaches every program at the hook its section names (tracepoints, ...). */
    public void attach() throws BpfException {
        requireState(true);
        for (Pointer p = n.bpf.bpf_object__next_program(obj, null); p != null;
                p = n.bpf.bpf_object__next_program(obj, p)) {
            Pointer link = n.bpf.bpf_program__attach(p);
            if (link == null) {
                throw new BpfException("cannot attach BPF program " + n.bpf.bpf_program__name(p) + " of " + name
                        + ": " + n.strerror(n.errno()));
            }
            links.add(link);
        }
    }

    /** A map of the loaded object. */
    public BpfMap map(String mapName) throws BpfException {
        requireState(true);
        Pointer m = findMap(mapName);
        return new BpfMap(mapName, n.bpf.bpf_map__fd(m), n.bpf.bpf_map__max_entries(m));
    }

    private Pointer findMap(String mapName) throws BpfException {
        if (obj == null) {
            throw new BpfException("BPF object " + name + " is closed");
        }
        Pointer m = n.bpf.bpf_object__find_map_by_name(obj, mapName);
        if (m == null) {
            throw new BpfException("BPF object " + name + " has no map named " + mapName);
        }
        return m;
    }

    private void requireState(boolean mustBeLoaded) throws BpfException {
        if (obj == null) {
            throw new BpfException("BPF object " + name + " is closed");
        }
        if (loaded != mustBeLoaded) {
            throw new BpfException("BPF object " + name + (loaded ? " is already loaded" : " is not loaded yet"));
        }
    }

    /** Detaches all programs and frees the object, its maps and programs. */
    @Override
    public synchronized void close() {
        for (Pointer link : links) {
            n.bpf.bpf_link__destroy(link);
        }
        links.clear();
        if (obj != null) {
            n.bpf.bpf_object__close(obj);
            obj = null;
        }
        logs.clear();
    }

    /** The ELF image this object was opened from, as libbpf saw it (kept alive until close). */
    Pointer image() {
        return elf;
    }
}
