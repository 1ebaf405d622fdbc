package io.vigil.syscall.api;

/**
 * Offsets and sizes of a syscall record, as written by the probe ({@code bpf/vigil_events.h}
 * documents the same layout for C) and read by {@link SyscallRecord}.
 *
 * <p>A record is a 40-byte header, then {@code nparams} 2-byte parameter lengths, then the
 * parameter values packed in order. All integers are little-endian. Numeric values are
 * 8 bytes (1, 2 and 4 are accepted); strings and paths end with one NUL, counted in the
 * length; lists of strings are NUL-terminated strings back to back; socket values follow
 * {@link SockAddr}. A length of 0 means the parameter is empty or absent.
 */
public final class RecordLayout {
    /** u64 nanoseconds since boot. */
    public static final int TS = 0;
    /** u32 host thread id. */
    public static final int TID = 8;
    /** u32 host process id. */
    public static final int PID = 12;
    /** u32 total record length, header included. */
    public static final int LEN = 16;
    /** u16 event type code ({@link SyscallEventTable}). */
    public static final int TYPE = 20;
    /** u16 number of parameter lengths that follow the header. */
    public static final int NPARAMS = 22;
    /** u16 CPU. */
    public static final int CPU = 24;
    /** u16 record flags ({@link #FLAG_TRUNCATED}). */
    public static final int FLAGS = 26;
    /** s64 syscall return value. */
    public static final int RES = 32;
    /** Header size; the parameter length array starts here. */
    public static final int HEADER_SIZE = 40;
    /** The largest parameter count a record may declare. */
    public static final int MAX_PARAMS = 32;
    /** Record flag: at least one parameter was cut to fit. */
    public static final int FLAG_TRUNCATED = 1;

    private RecordLayout() {
    }
}
