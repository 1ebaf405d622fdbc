package io.vigil.engine.internal.eval;

import io.vigil.sdk.FieldType;

/** Parses numbers as conditions write them: decimal, {@code 0x} hex, signs, booleans, doubles. */
public final class ConditionNumbers {

    private ConditionNumbers() {
    }

    /** The value carried in a {@code long} for a field of type {@code t}. */
    public static long parse(String v, FieldType t) {
        String s = v.trim();
        if (t == FieldType.BOOL) {
            if (s.equalsIgnoreCase("true")) {
                return 1;
            }
            if (s.equalsIgnoreCase("false")) {
                return 0;
            }
            throw new NumberFormatException(v);
        }
        if (t == FieldType.DOUBLE) {
            return Double.doubleToLongBits(Double.parseDouble(s));
        }
        boolean neg = s.startsWith("-");
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        long x;
        if (body.startsWith("0x") || body.startsWith("0X")) {
            x = Long.parseUnsignedLong(body.substring(2), 16);
        } else if (t == FieldType.UINT64 && !neg) {
            x = Long.parseUnsignedLong(body);
        } else {
            x = Long.parseLong(body);
        }
        return neg ? -x : x;
    }
}
