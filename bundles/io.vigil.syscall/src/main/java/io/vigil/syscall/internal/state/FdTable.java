package io.vigil.syscall.internal.state;

/**
 * The open fds of one process. Threads created with {@code CLONE_FILES} share the same
 * table object; a fork gets a copy. The table is bounded: past {@link #MAX_FDS} entries new
 * fds are not tracked (they read as unknown, Falco's {@code <NA>}), so a process leaking fds
 * cannot grow Vigil's memory without limit.
 */
public final class FdTable {

    /** The most fds tracked per process. */
    public static final int MAX_FDS = 65536;

    private final IntMap<FdInfo> fds;

    public FdTable() {
        fds = new IntMap<>(16);
    }

    private FdTable(IntMap<FdInfo> fds) {
        this.fds = fds;
    }

    public FdInfo get(long fd) {
        return fd < 0 || fd > Integer.MAX_VALUE ? null : fds.get((int) fd);
    }

    /** Adds or replaces {@code fd}; returns false if the table is full. */
    public boolean put(long fd, FdInfo info) {
        if (fd < 0 || fd > Integer.MAX_VALUE) {
            return false;
        }
        if (fds.size() >= MAX_FDS && fds.get((int) fd) == null) {
            return false;
        }
        fds.put((int) fd, info);
        return true;
    }

    public FdInfo remove(long fd) {
        return fd < 0 || fd > Integer.MAX_VALUE ? null : fds.remove((int) fd);
    }

    public int size() {
        return fds.size();
    }

    public void forEach(IntMap.Visitor<FdInfo> visitor) {
        fds.forEach(visitor);
    }

    /** A deep copy, for a child that does not share its parent's table. */
    public FdTable copy() {
        IntMap<FdInfo> c = new IntMap<>(Math.max(16, fds.size()));
        fds.forEach((k, v) -> c.put(k, v.copy()));
        return new FdTable(c);
    }

    /** Drops fds opened with O_CLOEXEC, as a successful execve does. */
    public void closeOnExec() {
        for (int fd : fds.keys()) {
            FdInfo info = fds.get(fd);
            if (info != null && (info.openFlags & LinuxFlags.O_CLOEXEC) != 0) {
                fds.remove(fd);
            }
        }
    }
}
