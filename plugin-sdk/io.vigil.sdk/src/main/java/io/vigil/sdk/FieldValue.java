package io.vigil.sdk;

import java.util.List;

/**
 * A reusable holder an extractor writes one value into.
 *
 * <p>The rule engine passes the same holder for many extractions, so extracting a value
 * need not allocate: numbers are stored unboxed, text as any {@link CharSequence} (a string
 * the extractor already holds, or a buffer it reuses). A value is valid until the next
 * write into the holder or the end of the event's evaluation, whichever is first.
 *
 * <p>Which setter matches which {@link FieldType} is described there; list-valued fields use
 * {@link #setList(List)} with elements of the scalar representation ({@code Long} for
 * numbers, {@code CharSequence} for text, {@code byte[]} for addresses).
 */
public final class FieldValue {

    /** How the current value is represented. */
    public enum Kind {
        /** No value was written yet. */
        NONE,
        /** {@link #asLong()} holds the value. */
        LONG,
        /** {@link #asText()} holds the value. */
        TEXT,
        /** {@link #asBytes()} holds the value. */
        BYTES,
        /** {@link #asList()} holds the values. */
        LIST
    }

    private Kind kind = Kind.NONE;
    private long number;
    private CharSequence text;
    private byte[] bytes;
    private int bytesLength;
    private List<?> list;

    /** Stores a number (integers, times, ports, flags) or a boolean as 0/1. */
    public FieldValue setLong(long value) {
        kind = Kind.LONG;
        number = value;
        return this;
    }

    /** Stores a boolean. */
    public FieldValue setBool(boolean value) {
        return setLong(value ? 1 : 0);
    }

    /** Stores text; the sequence must stay unchanged until the holder is written again. */
    public FieldValue setText(CharSequence value) {
        kind = Kind.TEXT;
        text = value;
        return this;
    }

    /** Stores bytes: an IP address (4 or 16 bytes), a network, or a raw buffer. */
    public FieldValue setBytes(byte[] value) {
        return setBytes(value, value.length);
    }

    /** Stores the first {@code length} bytes of {@code value}. */
    public FieldValue setBytes(byte[] value, int length) {
        kind = Kind.BYTES;
        bytes = value;
        bytesLength = length;
        return this;
    }

    /** Stores the values of a list-valued field. */
    public FieldValue setList(List<?> values) {
        kind = Kind.LIST;
        list = values;
        return this;
    }

    /** Forgets the current value; the engine calls it before each extraction. */
    public void clear() {
        kind = Kind.NONE;
        text = null;
        bytes = null;
        list = null;
    }

    public Kind kind() {
        return kind;
    }

    public long asLong() {
        return number;
    }

    public boolean asBool() {
        return number != 0;
    }

    public CharSequence asText() {
        return text;
    }

    public byte[] asBytes() {
        return bytes;
    }

    public int bytesLength() {
        return bytesLength;
    }

    public List<?> asList() {
        return list;
    }

    /** A detached copy of the value: {@code Long}, {@code String}, {@code byte[]} or a list. */
    public Object toObject() {
        switch (kind) {
            case LONG:
                return number;
            case TEXT:
                return text.toString();
            case BYTES:
                return java.util.Arrays.copyOf(bytes, bytesLength);
            case LIST:
                return List.copyOf(list);
            default:
                return null;
        }
    }

    @Override
    public String toString() {
        Object o = toObject();
        return o instanceof byte[] ? java.util.Arrays.toString((byte[]) o) : String.valueOf(o);
    }
}
