package io.vigil.engine.internal.eval;

import java.util.Arrays;
import java.util.List;

import io.vigil.engine.internal.eval.IpAddresses.Net;
import io.vigil.engine.internal.eval.Op.Modifier;
import io.vigil.sdk.Event;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.FieldValue;

/** The leaf checks: one comparison of a value source against constants or another source. */
public final class Checks {

    private Checks() {
    }

    /** Common shape of leaves: a source, the check's text, and explain output. */
    public abstract static class Leaf extends Filter {
        protected final ValueSource src;
        private final String text;

        protected Leaf(ValueSource src, String text) {
            this.src = src;
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public boolean explain(Event e, StringBuilder json) {
            boolean r = test(e);
            json.append("{\"check\":");
            jsonString(json, text);
            if (src != null) {
                json.append(",\"field\":");
                jsonString(json, src.text());
                json.append(",\"value\":");
                appendJson(json, src.toJsonValue());
            }
            json.append(",\"result\":").append(r).append('}');
            return r;
        }
    }

    static void appendJson(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendJson(sb, l.get(i));
            }
            sb.append(']');
        } else {
            Filter.jsonString(sb, v.toString());
        }
    }

    /** Text the value holds, rendering numbers if an extractor gave one for a text field. */
    static CharSequence textValue(ValueSource src) {
        FieldValue v = src.value();
        return switch (v.kind()) {
            case TEXT -> v.asText();
            case LONG -> ValueFormat.longText(v.asLong(), src.type());
            case BYTES -> ValueFormat.bytesText(v.asBytes(), v.bytesLength(), src.type());
            default -> null;
        };
    }

    /** {@code exists}. */
    public static final class Exists extends Leaf {
        public Exists(ValueSource src, String text) {
            super(src, text);
        }

        @Override
        public boolean test(Event e) {
            return src.load(e);
        }
    }

    /** A check on the event type code, compiled from {@code evt.type} comparisons. */
    public static final class EventType extends Leaf {
        private final long[] bits;
        private final boolean negate;

        public EventType(ValueSource src, long[] bits, boolean negate, String text) {
            super(src, text);
            this.bits = bits;
            this.negate = negate;
        }

        @Override
        public boolean test(Event e) {
            int t = e.type();
            boolean in = t >= 0 && (t >>> 6) < bits.length && (bits[t >>> 6] & (1L << t)) != 0;
            return in != negate;
        }

        @Override
        public boolean explain(Event e, StringBuilder json) {
            if (src != null) {
                src.load(e);
            }
            return super.explain(e, json);
        }
    }

    /** Text comparisons on a scalar text value. */
    public static final class Text extends Leaf {
        private final Op op;
        private final Modifier mod;
        private final String[] values;
        private final CharSeqSet set;
        private final com.google.re2j.Pattern[] regexes;
        private final PathPattern[] paths;
        private final Transformers.Slice scratch = new Transformers.Slice();

        public Text(ValueSource src, Op op, Modifier mod, List<String> values, String text) {
            super(src, text);
            this.paths = op == Op.PMATCH ? values.stream().map(PathPattern::new).toArray(PathPattern[]::new) : null;
            this.op = op;
            this.mod = mod;
            this.values = values.toArray(new String[0]);
            this.set = (op == Op.IN || op == Op.INTERSECTS || (mod != null && (op == Op.EQ || op == Op.NE)))
                    ? new CharSeqSet(values) : null;
            if (op == Op.REGEX) {
                regexes = new com.google.re2j.Pattern[this.values.length];
                for (int i = 0; i < regexes.length; i++) {
                    regexes[i] = com.google.re2j.Pattern.compile(this.values[i]);
                }
            } else {
                regexes = null;
            }
        }

        @Override
        public boolean test(Event e) {
            if (!src.load(e)) {
                return false;
            }
            FieldValue v = src.value();
            if (v.kind() == FieldValue.Kind.LIST) {
                // A field with several values (proc.aname without an index: every ancestor) is
                // compared as libsinsp's compare_full_aname does: the check holds if it holds for
                // one of the values, whatever the operator, so proc.aname != bash holds when some
                // ancestor is not named bash (use 'not proc.aname = bash' for "none is").
                for (Object item : v.asList()) {
                    if (item != null && matches(item instanceof CharSequence cs ? cs : item.toString())) {
                        return true;
                    }
                }
                return false;
            }
            CharSequence s = textValue(src);
            return s != null && matches(s);
        }

        private boolean matches(CharSequence s) {
            switch (op) {
                case IN:
                case INTERSECTS:
                    return set.contains(s);
                case PMATCH:
                    for (PathPattern p : paths) {
                        if (p.matches(s, scratch)) {
                            return true;
                        }
                    }
                    return false;
                default:
                    break;
            }
            if (mod == null) {
                return one(s, 0);
            }
            if (mod == Modifier.ANYOF && op == Op.EQ) {
                return set.contains(s);
            }
            if (mod == Modifier.ALLOF && op == Op.NE) {
                return !set.contains(s);
            }
            int matches = 0;
            for (int i = 0; i < values.length; i++) {
                if (one(s, i)) {
                    matches++;
                    if (mod == Modifier.ANYOF) {
                        return true;
                    }
                }
            }
            return Op.decide(mod, matches, values.length);
        }

        private boolean one(CharSequence s, int i) {
            String v = values[i];
            return switch (op) {
                case EQ -> TextOps.equals(s, v);
                case NE -> !TextOps.equals(s, v);
                case LT -> TextOps.compare(s, v) < 0;
                case LE -> TextOps.compare(s, v) <= 0;
                case GT -> TextOps.compare(s, v) > 0;
                case GE -> TextOps.compare(s, v) >= 0;
                case CONTAINS -> TextOps.contains(s, v);
                case ICONTAINS -> TextOps.containsIgnoreCase(s, v);
                case STARTSWITH -> TextOps.startsWith(s, v);
                case ENDSWITH -> TextOps.endsWith(s, v);
                case GLOB -> TextOps.glob(v, s, false);
                case IGLOB -> TextOps.glob(v, s, true);
                case REGEX -> regexes[i].matcher(s).matches();
                default -> false;
            };
        }
    }

    /** Numeric comparisons; unsigned for UINT64, IEEE for DOUBLE. */
    public static final class Num extends Leaf {
        private final Op op;
        private final Modifier mod;
        private final long[] values;
        private final boolean unsigned;
        private final boolean dbl;

        public Num(ValueSource src, Op op, Modifier mod, long[] values, String text) {
            super(src, text);
            this.op = op;
            this.mod = mod;
            this.values = values.clone();
            this.unsigned = src.type() == FieldType.UINT64;
            this.dbl = src.type() == FieldType.DOUBLE;
            if (op == Op.IN || op == Op.INTERSECTS) {
                Arrays.sort(this.values);
            }
        }

        @Override
        public boolean test(Event e) {
            if (!src.load(e)) {
                return false;
            }
            FieldValue v = src.value();
            switch (v.kind()) {
                case LONG:
                    return matches(v.asLong());
                case TEXT:
                    return matchesText(v.asText());
                case LIST:
                    // several values (proc.apid without an index: every ancestor's pid): as
                    // libsinsp's compare_full_apid, the check holds if it holds for one of them
                    for (Object item : v.asList()) {
                        if (item instanceof Number n ? matches(n.longValue())
                                : item instanceof Boolean b ? matches(b ? 1 : 0)
                                : item != null && matchesText(item.toString())) {
                            return true;
                        }
                    }
                    return false;
                default:
                    return false;
            }
        }

        /** A number given as text, as in hand-written events. */
        private boolean matchesText(CharSequence text) {
            try {
                return matches(ConditionNumbers.parse(text.toString(), src.type()));
            } catch (NumberFormatException ex) {
                return false;
            }
        }

        private boolean matches(long x) {
            if (op == Op.IN || op == Op.INTERSECTS) {
                if (dbl) {
                    for (long v : values) {
                        if (Double.longBitsToDouble(v) == Double.longBitsToDouble(x)) {
                            return true;
                        }
                    }
                    return false;
                }
                return Arrays.binarySearch(values, x) >= 0;
            }
            if (mod == null) {
                return one(x, values[0]);
            }
            int matches = 0;
            for (long v : values) {
                if (one(x, v)) {
                    matches++;
                }
            }
            return Op.decide(mod, matches, values.length);
        }

        private boolean one(long x, long v) {
            int c = dbl ? Double.compare(Double.longBitsToDouble(x), Double.longBitsToDouble(v))
                    : unsigned ? Long.compareUnsigned(x, v) : Long.compare(x, v);
            return switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                default -> false;
            };
        }
    }

    /** IP address and network comparisons: equality means "is, or lies inside". */
    public static final class Ip extends Leaf {
        private final Op op;
        private final Net[] nets;

        public Ip(ValueSource src, Op op, Net[] nets, String text) {
            super(src, text);
            this.op = op;
            this.nets = nets;
        }

        @Override
        public boolean test(Event e) {
            if (!src.load(e)) {
                return false;
            }
            byte[] b;
            int len;
            if (src.value().kind() == FieldValue.Kind.BYTES) {
                b = src.value().asBytes();
                len = src.value().bytesLength();
            } else if (src.value().kind() == FieldValue.Kind.TEXT) {
                // an address given as text, as in hand-written events
                Net parsed = IpAddresses.parse(src.value().asText().toString());
                if (parsed == null) {
                    return false;
                }
                b = parsed.prefix() < 0 ? parsed.address() : java.util.Arrays.copyOf(parsed.address(), parsed.address().length + 1);
                if (parsed.prefix() >= 0) {
                    b[b.length - 1] = (byte) parsed.prefix();
                }
                len = b.length;
            } else {
                return false;
            }
            boolean any = false;
            for (Net n : nets) {
                if (n.contains(b, len)) {
                    any = true;
                    break;
                }
            }
            return op == Op.NE ? !any : any;
        }
    }

    /** Raw byte comparisons. */
    public static final class Bytes extends Leaf {
        private final Op op;
        private final byte[][] values;

        public Bytes(ValueSource src, Op op, byte[][] values, String text) {
            super(src, text);
            this.op = op;
            this.values = values;
        }

        @Override
        public boolean test(Event e) {
            if (!src.load(e)) {
                return false;
            }
            FieldValue v = src.value();
            byte[] b;
            int len;
            if (v.kind() == FieldValue.Kind.BYTES) {
                b = v.asBytes();
                len = v.bytesLength();
            } else {
                return false;
            }
            for (byte[] p : values) {
                boolean m = switch (op) {
                    case EQ, IN, INTERSECTS -> len == p.length && Arrays.equals(b, 0, len, p, 0, p.length);
                    case NE -> !(len == p.length && Arrays.equals(b, 0, len, p, 0, p.length));
                    case CONTAINS, BCONTAINS -> indexOf(b, len, p) >= 0;
                    case STARTSWITH, BSTARTSWITH -> len >= p.length && Arrays.equals(b, 0, p.length, p, 0, p.length);
                    case ENDSWITH -> len >= p.length && Arrays.equals(b, len - p.length, len, p, 0, p.length);
                    default -> false;
                };
                if (m) {
                    return true;
                }
            }
            return false;
        }

        private static int indexOf(byte[] b, int len, byte[] p) {
            outer:
            for (int i = 0; i + p.length <= len; i++) {
                for (int j = 0; j < p.length; j++) {
                    if (b[i + j] != p[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /** {@code in} (every element in the set) and {@code intersects} (some element) on list fields. */
    public static final class ListMembership extends Leaf {
        private final boolean all;
        private final CharSeqSet texts;
        private final long[] numbers;
        private final Net[] nets;

        public ListMembership(ValueSource src, boolean all, CharSeqSet texts, long[] numbers, Net[] nets, String text) {
            super(src, text);
            this.all = all;
            this.texts = texts;
            this.numbers = numbers;
            this.nets = nets;
            if (numbers != null) {
                Arrays.sort(numbers);
            }
        }

        @Override
        public boolean test(Event e) {
            if (!src.load(e)) {
                return false;
            }
            FieldValue v = src.value();
            if (v.kind() != FieldValue.Kind.LIST) {
                return v.kind() != FieldValue.Kind.NONE && member(scalar(v));
            }
            List<?> l = v.asList();
            for (int i = 0, n = l.size(); i < n; i++) {
                boolean m = member(l.get(i));
                if (all && !m) {
                    return false;
                }
                if (!all && m) {
                    return true;
                }
            }
            return all;
        }

        private static Object scalar(FieldValue v) {
            return switch (v.kind()) {
                case TEXT -> v.asText();
                case LONG -> v.asLong();
                case BYTES -> Arrays.copyOf(v.asBytes(), v.bytesLength());
                default -> null;
            };
        }

        private boolean member(Object o) {
            if (o instanceof CharSequence cs) {
                return texts != null && texts.contains(cs);
            }
            if (o instanceof Boolean b) {
                return numbers != null && Arrays.binarySearch(numbers, b ? 1 : 0) >= 0;
            }
            if (o instanceof Number n) {
                return numbers != null && Arrays.binarySearch(numbers, n.longValue()) >= 0;
            }
            if (o instanceof byte[] b && nets != null) {
                for (Net net : nets) {
                    if (net.contains(b, b.length)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** A comparison with another field: {@code fd.name = val(proc.cwd)}. */
    public static final class FieldCompare extends Leaf {
        private final Op op;
        private final ValueSource rhs;

        public FieldCompare(ValueSource src, Op op, ValueSource rhs, String text) {
            super(src, text);
            this.op = op;
            this.rhs = rhs;
        }

        @Override
        public boolean test(Event e) {
            if (!src.load(e) || !rhs.load(e)) {
                return false;
            }
            FieldValue a = src.value();
            FieldValue b = rhs.value();
            if (a.kind() == FieldValue.Kind.LONG && b.kind() == FieldValue.Kind.LONG) {
                int c = src.type() == FieldType.UINT64 ? Long.compareUnsigned(a.asLong(), b.asLong())
                        : Long.compare(a.asLong(), b.asLong());
                return switch (op) {
                    case EQ, IN, INTERSECTS -> c == 0;
                    case NE -> c != 0;
                    case LT -> c < 0;
                    case LE -> c <= 0;
                    case GT -> c > 0;
                    case GE -> c >= 0;
                    default -> false;
                };
            }
            if (a.kind() == FieldValue.Kind.BYTES && b.kind() == FieldValue.Kind.BYTES) {
                boolean eq = Arrays.equals(a.asBytes(), 0, a.bytesLength(), b.asBytes(), 0, b.bytesLength());
                return op == Op.NE ? !eq : (op == Op.EQ || op == Op.IN || op == Op.INTERSECTS) && eq;
            }
            CharSequence x = textValue(src);
            CharSequence y = textValue(rhs);
            if (x == null || y == null) {
                return false;
            }
            return switch (op) {
                case EQ, IN, INTERSECTS -> TextOps.equals(x, y);
                case NE -> !TextOps.equals(x, y);
                case LT -> TextOps.compare(x, y) < 0;
                case LE -> TextOps.compare(x, y) <= 0;
                case GT -> TextOps.compare(x, y) > 0;
                case GE -> TextOps.compare(x, y) >= 0;
                case CONTAINS -> TextOps.contains(x, y);
                case ICONTAINS -> TextOps.containsIgnoreCase(x, y);
                case STARTSWITH -> TextOps.startsWith(x, y);
                case ENDSWITH -> TextOps.endsWith(x, y);
                case GLOB -> TextOps.glob(y, x, false);
                case IGLOB -> TextOps.glob(y, x, true);
                default -> false;
            };
        }
    }
}
