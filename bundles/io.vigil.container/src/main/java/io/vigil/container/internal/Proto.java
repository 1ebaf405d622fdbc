package io.vigil.container.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Just enough protocol-buffers wire format for the few CRI messages Vigil sends and reads:
 * a writer for strings, booleans, enums and nested messages, and a reader that walks fields
 * and skips what it does not need.
 */
final class Proto {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH = 2;
    static final int FIXED32 = 5;

    private Proto() {
    }

    /** Builds one message. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer string(int field, String value) {
            if (value != null && !value.isEmpty()) {
                bytes(field, value.getBytes(StandardCharsets.UTF_8));
            }
            return this;
        }

        Writer bool(int field, boolean value) {
            if (value) {
                varint(field, 1);
            }
            return this;
        }

        Writer varint(int field, long value) {
            tag(field, VARINT);
            raw(value);
            return this;
        }

        Writer message(int field, Writer m) {
            return bytes(field, m.toBytes());
        }

        /** A {@code map<string,string>} field: one entry message per pair. */
        Writer map(int field, Map<String, String> m) {
            for (Map.Entry<String, String> e : m.entrySet()) {
                message(field, new Writer().string(1, e.getKey()).string(2, e.getValue()));
            }
            return this;
        }

        Writer bytes(int field, byte[] b) {
            tag(field, LENGTH);
            raw(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        private void tag(int field, int wire) {
            raw(((long) field << 3) | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    /** Walks the fields of one message. */
    static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;
        private int field;
        private int wire;

        Reader(byte[] b) {
            this(b, 0, b.length);
        }

        Reader(byte[] b, int from, int to) {
            this.b = b;
            this.pos = from;
            this.end = to;
        }

        /** Moves to the next field; false at the end. */
        boolean next() throws IOException {
            if (pos >= end) {
                return false;
            }
            long tag = varint();
            field = (int) (tag >>> 3);
            wire = (int) (tag & 7);
            if (field == 0) {
                throw new IOException("protobuf: field number 0 at byte " + pos);
            }
            return true;
        }

        int field() {
            return field;
        }

        long varint() throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IOException("protobuf: truncated varint");
                }
                int x = b[pos++];
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IOException("protobuf: varint too long");
        }

        String string() throws IOException {
            int[] r = span();
            return new String(b, r[0], r[1] - r[0], StandardCharsets.UTF_8);
        }

        byte[] bytes() throws IOException {
            int[] r = span();
            return java.util.Arrays.copyOfRange(b, r[0], r[1]);
        }

        Reader message() throws IOException {
            int[] r = span();
            return new Reader(b, r[0], r[1]);
        }

        boolean bool() throws IOException {
            return varint() != 0;
        }

        /** Reads a {@code map<string,string>} entry into {@code into}. */
        void mapEntry(Map<String, String> into) throws IOException {
            Reader e = message();
            String k = "";
            String v = "";
            while (e.next()) {
                if (e.field() == 1) {
                    k = e.string();
                } else if (e.field() == 2) {
                    v = e.string();
                } else {
                    e.skip();
                }
            }
            into.put(k, v);
        }

        private int[] span() throws IOException {
            if (wire != LENGTH) {
                throw new IOException("protobuf: field " + field + " is not length-delimited (wire type " + wire + ")");
            }
            long len = varint();
            if (len < 0 || pos + len > end) {
                throw new IOException("protobuf: field " + field + " runs past the message end");
            }
            int from = pos;
            pos += (int) len;
            return new int[] {from, pos};
        }

        void skip() throws IOException {
            switch (wire) {
                case VARINT -> varint();
                case FIXED64 -> pos += 8;
                case LENGTH -> span();
                case FIXED32 -> pos += 4;
                default -> throw new IOException("protobuf: unsupported wire type " + wire + " for field " + field);
            }
            if (pos > end) {
                throw new IOException("protobuf: truncated field " + field);
            }
        }
    }
}
