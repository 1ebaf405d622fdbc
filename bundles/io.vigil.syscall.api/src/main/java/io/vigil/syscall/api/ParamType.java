package io.vigil.syscall.api;

/** How one syscall event parameter is encoded and printed (after Falco's parameter types). */
public enum ParamType {
    /** Signed 64-bit integer (also used for smaller signed values). */
    INT64,
    /** Unsigned 64-bit integer (also used for smaller unsigned values). */
    UINT64,
    /** A file descriptor (signed 64-bit). */
    FD,
    /** A process or thread id (signed 64-bit). */
    PID,
    /** A syscall return value, negative errno on failure (signed 64-bit). */
    ERRNO,
    /** Flag bits, printed with their names (unsigned 64-bit). */
    FLAGS,
    /** File mode bits (unsigned 64-bit). */
    MODE,
    /** User id (unsigned 32-bit, as 64-bit). */
    UID,
    /** Group id (unsigned 32-bit, as 64-bit). */
    GID,
    /** A relative time in nanoseconds (unsigned 64-bit). */
    RELTIME,
    /** An absolute time in nanoseconds since the epoch (unsigned 64-bit). */
    ABSTIME,
    /** A NUL-free UTF-8 string. */
    STRING,
    /** A file-system path as passed to the syscall (relative paths not resolved). */
    PATH,
    /** Raw bytes (data buffers). */
    BYTES,
    /** A socket address: family byte, then the address (see {@link SockAddr}). */
    SOCKADDR,
    /** A socket tuple: family byte, source and destination addresses and ports. */
    SOCKTUPLE,
    /** A list of NUL-terminated strings (argv, envp). */
    CHARBUF_ARRAY,
    /** A signal number. */
    SIGNAL
}
