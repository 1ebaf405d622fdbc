package io.vigil.sdk;

/**
 * The value types a field can have; they cover Falco's field types.
 *
 * <p>How a value of each type is carried in a {@link FieldValue}:
 * numbers, booleans, times and ports as a {@code long}; strings and paths as a
 * {@code CharSequence}; IP addresses as 4 or 16 network-order bytes; IP networks as the
 * address bytes followed by one prefix-length byte; raw buffers as bytes.
 */
public enum FieldType {
    /** Text (Falco {@code CHARBUF}). */
    STRING(false),
    /** Raw bytes (Falco {@code BYTEBUF}), compared with {@code bcontains}/{@code bstartswith}. */
    BYTES(false),
    /** Signed 8-bit integer. */
    INT8(true),
    /** Signed 16-bit integer. */
    INT16(true),
    /** Signed 32-bit integer. */
    INT32(true),
    /** Signed 64-bit integer. */
    INT64(true),
    /** Unsigned 8-bit integer. */
    UINT8(true),
    /** Unsigned 16-bit integer. */
    UINT16(true),
    /** Unsigned 32-bit integer. */
    UINT32(true),
    /** Unsigned 64-bit integer (compared as unsigned). */
    UINT64(true),
    /** Boolean, carried as 0 or 1. */
    BOOL(false),
    /** Absolute time: nanoseconds since the epoch. */
    ABSTIME(true),
    /** Relative time: a duration in nanoseconds. */
    RELTIME(true),
    /** An IPv4 or IPv6 address. */
    IPADDR(false),
    /** An IPv4 or IPv6 network (address and prefix length). */
    IPNET(false),
    /** A TCP/UDP port. */
    PORT(true),
    /** A file-system path (Falco {@code FSPATH}). */
    FSPATH(false),
    /** A path relative to some directory (Falco {@code FSRELPATH}). */
    FSRELPATH(false),
    /** Event-specific flags or mode bits, carried as a number. */
    FLAGS(true),
    /** A signed number of seconds or other double-precision quantity, carried as its bits. */
    DOUBLE(false);

    private final boolean numeric;

    FieldType(boolean numeric) {
        this.numeric = numeric;
    }

    /** True for integer-valued types compared numerically (times and ports included). */
    public boolean isNumeric() {
        return numeric;
    }

    /** True for types whose value is text. */
    public boolean isText() {
        return this == STRING || this == FSPATH || this == FSRELPATH;
    }
}
