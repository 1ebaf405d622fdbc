package io.vigil.engine.internal.eval;

import java.util.List;

import io.vigil.sdk.Event;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.FieldValue;

/** Falco's field transformers, writing into per-node buffers so that evaluation does not allocate. */
public final class Transformers {

    private Transformers() {
    }

    /** {@code tolower}, {@code toupper}, {@code b64}, {@code basename}: text in, text out. */
    public static final class TextTransform extends ValueSource {
        private final String kind;
        private final ValueSource in;
        private final StringBuilder buf = new StringBuilder(64);
        private final Slice slice = new Slice();

        public TextTransform(String kind, ValueSource in, String text) {
            super(FieldType.STRING, false, text);
            this.kind = kind;
            this.in = in;
        }

        @Override
        public boolean load(Event e) {
            value.clear();
            if (!in.load(e)) {
                return false;
            }
            CharSequence s = ValueSource.textOf(in.value());
            if (s == null) {
                if (kind.equals("b64") && in.value().kind() == FieldValue.Kind.BYTES) {
                    s = ValueFormat.bytesText(in.value().asBytes(), in.value().bytesLength(), FieldType.BYTES);
                } else {
                    return false;
                }
            }
            switch (kind) {
                case "tolower" -> {
                    buf.setLength(0);
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        buf.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
                    }
                    value.setText(buf);
                }
                case "toupper" -> {
                    buf.setLength(0);
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        buf.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
                    }
                    value.setText(buf);
                }
                case "basename" -> {
                    int cut = -1;
                    for (int i = s.length() - 1; i >= 0; i--) {
                        if (s.charAt(i) == '/') {
                            cut = i;
                            break;
                        }
                    }
                    slice.set(s, cut + 1, s.length());
                    value.setText(slice);
                }
                case "b64" -> {
                    if (!Base64Text.decode(s, buf)) {
                        return false;
                    }
                    value.setText(buf);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code len}: the length of text or bytes, or the number of elements of a list. */
    public static final class LenTransform extends ValueSource {
        private final ValueSource in;

        public LenTransform(ValueSource in, String text) {
            super(FieldType.UINT64, false, text);
            this.in = in;
        }

        @Override
        public boolean load(Event e) {
            value.clear();
            if (!in.load(e)) {
                return false;
            }
            FieldValue v = in.value();
            switch (v.kind()) {
                case TEXT -> value.setLong(v.asText().length());
                case BYTES -> value.setLong(v.bytesLength());
                case LIST -> value.setLong(v.asList().size());
                default -> {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code concat(a, b, ...)}: the texts of all arguments, missing if any is missing. */
    public static final class ConcatTransform extends ValueSource {
        private final ValueSource[] in;
        private final StringBuilder buf = new StringBuilder(64);

        public ConcatTransform(ValueSource[] in, String text) {
            super(FieldType.STRING, false, text);
            this.in = in;
        }

        @Override
        public boolean load(Event e) {
            value.clear();
            buf.setLength(0);
            for (ValueSource s : in) {
                if (!s.load(e)) {
                    return false;
                }
                CharSequence t = ValueSource.textOf(s.value());
                if (t != null) {
                    buf.append(t);
                } else {
                    buf.append(s.render());
                }
            }
            value.setText(buf);
            return true;
        }
    }

    /** {@code join(separator, list)}: the elements of a list joined by a separator. */
    public static final class JoinTransform extends ValueSource {
        private final String separator;
        private final ValueSource in;
        private final StringBuilder buf = new StringBuilder(64);

        public JoinTransform(String separator, ValueSource in, String text) {
            super(FieldType.STRING, false, text);
            this.separator = separator;
            this.in = in;
        }

        @Override
        public boolean load(Event e) {
            value.clear();
            if (!in.load(e)) {
                return false;
            }
            buf.setLength(0);
            List<?> l = ValueSource.listOf(in.value());
            if (l == null) {
                CharSequence t = ValueSource.textOf(in.value());
                if (t == null) {
                    return false;
                }
                buf.append(t);
            } else {
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        buf.append(separator);
                    }
                    Object o = l.get(i);
                    if (o instanceof CharSequence cs) {
                        buf.append(cs);
                    } else {
                        buf.append(o);
                    }
                }
            }
            value.setText(buf);
            return true;
        }
    }

    /** A reusable view of part of another char sequence. */
    static final class Slice implements CharSequence {
        private CharSequence base;
        private int from;
        private int to;

        void set(CharSequence base, int from, int to) {
            this.base = base;
            this.from = from;
            this.to = to;
        }

        @Override
        public int length() {
            return to - from;
        }

        @Override
        public char charAt(int index) {
            return base.charAt(from + index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return base.subSequence(from + start, from + end);
        }

        @Override
        public String toString() {
            return base.subSequence(from, to).toString();
        }
    }

    /** Standard base64 decoding into a char buffer (one char per byte). */
    static final class Base64Text {
        private Base64Text() {
        }

        static boolean decode(CharSequence s, StringBuilder out) {
            out.setLength(0);
            int acc = 0;
            int bits = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                int v;
                if (c >= 'A' && c <= 'Z') {
                    v = c - 'A';
                } else if (c >= 'a' && c <= 'z') {
                    v = c - 'a' + 26;
                } else if (c >= '0' && c <= '9') {
                    v = c - '0' + 52;
                } else if (c == '+') {
                    v = 62;
                } else if (c == '/') {
                    v = 63;
                } else if (c == '=') {
                    break;
                } else {
                    return false;
                }
                acc = (acc << 6) | v;
                bits += 6;
                if (bits >= 8) {
                    bits -= 8;
                    out.append((char) ((acc >> bits) & 0xff));
                }
            }
            return true;
        }
    }
}
