package io.vigil.syscall.internal.fields;

import io.vigil.syscall.internal.state.LinuxFlags;

/**
 * Prints Linux open(2) flags with Falco's names and order ({@code O_RDONLY|O_CLOEXEC}).
 * Falco's driver first maps kernel flags to its own bits, in which the access mode,
 * {@code O_SYNC}/{@code O_DSYNC} and {@code O_TMPFILE}/{@code O_DIRECTORY} are separate
 * bits; this table reproduces the resulting names from the raw kernel value.
 */
public final class OpenFlags {

    private static final long O_LARGEFILE = 0100000;
    private static final long O_DIRECT = 040000;
    private static final long O_SYNC_ONLY = 04000000; // __O_SYNC: O_SYNC without its O_DSYNC bit
    private static final long O_DSYNC = 010000;
    private static final long O_TMPFILE_ONLY = 020000000; // __O_TMPFILE

    private static final FlagTable HEAD = FlagTable.bits(
            "O_LARGEFILE", O_LARGEFILE,
            "O_DIRECTORY", LinuxFlags.O_DIRECTORY,
            "O_DIRECT", O_DIRECT,
            "O_TRUNC", LinuxFlags.O_TRUNC,
            "O_SYNC", O_SYNC_ONLY,
            "O_NONBLOCK", LinuxFlags.O_NONBLOCK,
            "O_EXCL", LinuxFlags.O_EXCL,
            "O_DSYNC", O_DSYNC,
            "O_APPEND", LinuxFlags.O_APPEND,
            "O_CREAT", LinuxFlags.O_CREAT);

    private final long[] cacheKeys = new long[64];
    private final String[] cacheValues = new String[64];

    /** The names of {@code flags}. */
    public String format(long flags) {
        int slot = (int) ((flags * 0x9E3779B97F4A7C15L) >>> 58);
        String cached = cacheValues[slot];
        if (cached != null && cacheKeys[slot] == flags) {
            return cached;
        }
        String s = compute(flags);
        cacheKeys[slot] = flags;
        cacheValues[slot] = s;
        return s;
    }

    static String compute(long flags) {
        StringBuilder sb = new StringBuilder(HEAD.compute(flags & ~(LinuxFlags.O_ACCMODE | LinuxFlags.O_CLOEXEC)));
        long mode = flags & LinuxFlags.O_ACCMODE;
        String access = mode == LinuxFlags.O_RDWR ? "O_RDWR" : mode == LinuxFlags.O_WRONLY ? "O_WRONLY" : "O_RDONLY";
        sep(sb).append(access);
        if ((flags & LinuxFlags.O_CLOEXEC) != 0) {
            sep(sb).append("O_CLOEXEC");
        }
        if ((flags & O_TMPFILE_ONLY) != 0) {
            sep(sb).append("O_TMPFILE");
        }
        if ((flags & LinuxFlags.VIGIL_O_F_CREATED) != 0) {
            sep(sb).append("O_F_CREATED");
        }
        if ((flags & LinuxFlags.VIGIL_FD_UPPER_LAYER) != 0) {
            sep(sb).append("FD_UPPER_LAYER");
        }
        if ((flags & LinuxFlags.VIGIL_FD_LOWER_LAYER) != 0) {
            sep(sb).append("FD_LOWER_LAYER");
        }
        return sb.toString();
    }

    private static StringBuilder sep(StringBuilder sb) {
        return sb.length() > 0 ? sb.append('|') : sb;
    }
}
