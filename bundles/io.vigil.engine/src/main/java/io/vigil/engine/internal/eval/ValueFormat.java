package io.vigil.engine.internal.eval;

import java.util.ArrayList;
import java.util.List;

import io.vigil.sdk.FieldType;
import io.vigil.sdk.FieldValue;

/** Falco's rendering of field values in outputs and output_fields. */
public final class ValueFormat {

    public static final String NA = "<NA>";

    private ValueFormat() {
    }

    /** Text as in Falco's output line. */
    public static String text(FieldValue v, FieldType t) {
        switch (v.kind()) {
            case NONE:
                return NA;
            case LIST: {
                StringBuilder sb = new StringBuilder("(");
                for (Object o : v.asList()) {
                    if (sb.length() > 1) {
                        sb.append(',');
                    }
                    sb.append(scalarText(o, t));
                }
                return sb.append(')').toString();
            }
            case TEXT:
                return v.asText().toString();
            case BYTES:
                return bytesText(v.asBytes(), v.bytesLength(), t);
            case LONG:
                return longText(v.asLong(), t);
            default:
                return NA;
        }
    }

    private static String scalarText(Object o, FieldType t) {
        if (o instanceof Long l) {
            return longText(l, t);
        }
        if (o instanceof Number n) {
            return longText(n.longValue(), t);
        }
        if (o instanceof Boolean b) {
            return b.toString();
        }
        if (o instanceof byte[] b) {
            return bytesText(b, b.length, t);
        }
        return String.valueOf(o);
    }

    static String longText(long x, FieldType t) {
        return switch (t) {
            case BOOL -> x != 0 ? "true" : "false";
            case UINT64 -> Long.toUnsignedString(x);
            case DOUBLE -> String.valueOf(Double.longBitsToDouble(x));
            default -> Long.toString(x);
        };
    }

    static String bytesText(byte[] b, int len, FieldType t) {
        if (t == FieldType.IPADDR || t == FieldType.IPNET) {
            return IpAddresses.format(b, len);
        }
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        return sb.toString();
    }

    /** The value for JSON output_fields: String, Long, Boolean, a list of those, or null. */
    public static Object object(FieldValue v, FieldType t) {
        switch (v.kind()) {
            case NONE:
                return null;
            case LONG:
                if (t == FieldType.BOOL) {
                    return v.asLong() != 0;
                }
                if (t == FieldType.UINT64 && v.asLong() < 0 || t == FieldType.DOUBLE) {
                    return longText(v.asLong(), t);
                }
                return t.isNumeric() ? (Object) v.asLong() : longText(v.asLong(), t);
            case TEXT:
                return v.asText().toString();
            case BYTES:
                return bytesText(v.asBytes(), v.bytesLength(), t);
            case LIST: {
                List<Object> out = new ArrayList<>();
                for (Object o : v.asList()) {
                    if (o instanceof Number n && t.isNumeric()) {
                        out.add(n.longValue());
                    } else if (o instanceof Boolean b) {
                        out.add(b);
                    } else {
                        out.add(scalarText(o, t));
                    }
                }
                return out;
            }
            default:
                return null;
        }
    }
}
