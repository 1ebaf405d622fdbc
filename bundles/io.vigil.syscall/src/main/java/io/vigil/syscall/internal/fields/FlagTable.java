package io.vigil.syscall.internal.fields;

/**
 * Names for the values of one flags or enum parameter, printed as Falco prints them:
 * flag names joined with {@code |} in the table's order, each matched flag's bits removed
 * before the next is tried; enum values by exact match (aliases all printed). Formatted
 * strings are cached per value, so printing a value seen before allocates nothing.
 */
public final class FlagTable {

    private final String[] names;
    private final long[] values;
    private final boolean enumeration;
    private final long[] cacheKeys = new long[64];
    private final String[] cacheValues = new String[64];

    private FlagTable(boolean enumeration, Object... pairs) {
        this.enumeration = enumeration;
        names = new String[pairs.length / 2];
        values = new long[pairs.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = (String) pairs[2 * i];
            values[i] = ((Number) pairs[2 * i + 1]).longValue();
        }
    }

    /** A bit-flags table: name, value, name, value, ... in Falco's order. */
    public static FlagTable bits(Object... pairs) {
        return new FlagTable(false, pairs);
    }

    /** An enumeration: name, value, ... */
    public static FlagTable enumeration(Object... pairs) {
        return new FlagTable(true, pairs);
    }

    /** The names for {@code value}, or the empty string if none applies. */
    public String format(long value) {
        int slot = (int) ((value * 0x9E3779B97F4A7C15L) >>> 58);
        String cached = cacheValues[slot];
        if (cached != null && cacheKeys[slot] == value) {
            return cached;
        }
        String s = compute(value);
        cacheKeys[slot] = value;
        cacheValues[slot] = s;
        return s;
    }

    String compute(long value) {
        StringBuilder sb = new StringBuilder();
        if (enumeration) {
            for (int i = 0; i < names.length; i++) {
                if (values[i] == value) {
                    append(sb, names[i]);
                }
            }
            return sb.toString();
        }
        long rest = value;
        for (int i = 0; i < names.length; i++) {
            long v = values[i];
            if ((v == 0 && value == 0) || (v != 0 && rest != 0 && (rest & v) == v)) {
                append(sb, names[i]);
                rest &= ~v;
                if (v == value) {
                    break;
                }
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name) {
        if (sb.length() > 0) {
            sb.append('|');
        }
        sb.append(name);
    }
}
