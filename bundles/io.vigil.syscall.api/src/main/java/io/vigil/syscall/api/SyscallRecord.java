package io.vigil.syscall.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A reusable {@link SyscallEvent} cursor over records laid out as {@link RecordLayout}
 * describes, in any little-endian {@link ByteBuffer} (mapped ring-buffer memory, a file, a
 * test array). {@link #wrap} validates the header and the parameter lengths without
 * allocating, so a truncated or corrupt record yields fewer parameters, never an exception.
 */
public final class SyscallRecord implements SyscallEvent {

    private final SyscallEventTable table;
    private final int[] offsets = new int[RecordLayout.MAX_PARAMS];
    private final int[] lengths = new int[RecordLayout.MAX_PARAMS];
    private long bootTimeNanos;
    private ByteBuffer buf;
    private int base;
    private int count;
    private EventInfo info;
    private long number;

    /** A cursor that converts boot-relative timestamps by adding {@code bootTimeNanos}. */
    public SyscallRecord(long bootTimeNanos) {
        this.table = SyscallEventTable.get();
        this.bootTimeNanos = bootTimeNanos;
    }

    /** Sets the epoch time of boot, in nanoseconds, added to each record's timestamp. */
    public void setBootTimeNanos(long bootTimeNanos) {
        this.bootTimeNanos = bootTimeNanos;
    }

    /**
     * Points this cursor at the record at {@code offset}, of which at most {@code available}
     * bytes are readable.
     *
     * @return false if there is no decodable record there (header cut, unknown type), in which
     *         case the cursor must not be used
     */
    public boolean wrap(ByteBuffer buffer, int offset, int available, long number) {
        if (buffer.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("syscall records are little-endian: set the buffer's order");
        }
        if (available < RecordLayout.HEADER_SIZE) {
            return false;
        }
        EventInfo type = table.info(buffer.getShort(offset + RecordLayout.TYPE) & 0xffff);
        if (type == null) {
            return false;
        }
        int len = (int) Math.min(buffer.getInt(offset + RecordLayout.LEN) & 0xffffffffL, available);
        int declared = Math.min(buffer.getShort(offset + RecordLayout.NPARAMS) & 0xffff, RecordLayout.MAX_PARAMS);
        declared = Math.min(declared, type.params().size());
        int pos = RecordLayout.HEADER_SIZE + 2 * (buffer.getShort(offset + RecordLayout.NPARAMS) & 0xffff);
        int n = 0;
        // A parameter counts only if its length array entry and its whole value lie within the record.
        while (n < declared && RecordLayout.HEADER_SIZE + 2 * n + 2 <= len) {
            int plen = buffer.getShort(offset + RecordLayout.HEADER_SIZE + 2 * n) & 0xffff;
            if (pos + plen > len) {
                break;
            }
            offsets[n] = offset + pos;
            lengths[n] = plen;
            pos += plen;
            n++;
        }
        this.buf = buffer;
        this.base = offset;
        this.count = n;
        this.info = type;
        this.number = number;
        return true;
    }

    /** The buffer the current record lies in, for zero-copy comparisons. */
    public ByteBuffer buffer() {
        return buf;
    }

    /** The absolute buffer offset of parameter {@code i}'s value. */
    public int paramOffset(int i) {
        check(i);
        return offsets[i];
    }

    /** The record's total length as written (may exceed what was available). */
    public int recordLength() {
        return buf.getInt(base + RecordLayout.LEN);
    }

    /** The record's {@code RecordLayout.FLAG_*} bits. */
    public int flags() {
        return buf.getShort(base + RecordLayout.FLAGS) & 0xffff;
    }

    /** The raw timestamp: nanoseconds since boot. */
    public long bootTimestamp() {
        return buf.getLong(base + RecordLayout.TS);
    }

    @Override
    public int type() {
        return info.code();
    }

    @Override
    public long timestamp() {
        return bootTimestamp() + bootTimeNanos;
    }

    @Override
    public long number() {
        return number;
    }

    @Override
    public EventInfo info() {
        return info;
    }

    @Override
    public int tid() {
        return buf.getInt(base + RecordLayout.TID);
    }

    @Override
    public int pid() {
        return buf.getInt(base + RecordLayout.PID);
    }

    @Override
    public int cpu() {
        return buf.getShort(base + RecordLayout.CPU) & 0xffff;
    }

    @Override
    public long result() {
        return buf.getLong(base + RecordLayout.RES);
    }

    @Override
    public int paramCount() {
        return count;
    }

    @Override
    public boolean isParamEmpty(int i) {
        return i < 0 || i >= count || lengths[i] == 0;
    }

    @Override
    public long paramLong(int i) {
        if (isParamEmpty(i)) {
            return 0;
        }
        int off = offsets[i];
        boolean signed = isSigned(info.params().get(i).type());
        switch (lengths[i]) {
            case 8:
                return buf.getLong(off);
            case 4:
                return signed ? buf.getInt(off) : buf.getInt(off) & 0xffffffffL;
            case 2:
                return signed ? buf.getShort(off) : buf.getShort(off) & 0xffff;
            case 1:
                return signed ? buf.get(off) : buf.get(off) & 0xff;
            default:
                return 0;
        }
    }

    @Override
    public int paramLength(int i) {
        return i < 0 || i >= count ? 0 : lengths[i];
    }

    @Override
    public int copyParam(int i, byte[] dst) {
        int n = Math.min(paramLength(i), dst.length);
        if (n > 0) {
            buf.get(offsets[i], dst, 0, n);
        }
        return n;
    }

    /** The length of parameter {@code i}'s text: its bytes up to the first NUL. */
    public int paramStringLength(int i) {
        int len = paramLength(i);
        int off = len == 0 ? 0 : offsets[i];
        for (int j = 0; j < len; j++) {
            if (buf.get(off + j) == 0) {
                return j;
            }
        }
        return len;
    }

    @Override
    public String paramString(int i) {
        int n = paramStringLength(i);
        if (n == 0) {
            return "";
        }
        byte[] bytes = new byte[n];
        buf.get(offsets[i], bytes, 0, n);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public List<String> paramStrings(int i) {
        int len = paramLength(i);
        List<String> out = new ArrayList<>();
        if (len == 0) {
            return out;
        }
        byte[] bytes = new byte[len];
        buf.get(offsets[i], bytes, 0, len);
        int start = 0;
        for (int j = 0; j < len; j++) {
            if (bytes[j] == 0) {
                out.add(new String(bytes, start, j - start, StandardCharsets.UTF_8));
                start = j + 1;
            }
        }
        if (start < len) {
            out.add(new String(bytes, start, len - start, StandardCharsets.UTF_8));
        }
        return out;
    }

    private void check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("parameter " + i + " of " + count + " in " + info.name());
        }
    }

    private static boolean isSigned(ParamType type) {
        switch (type) {
            case INT64:
            case FD:
            case PID:
            case ERRNO:
            case SIGNAL:
                return true;
            default:
                return false;
        }
    }

    @Override
    public String toString() {
        return info == null ? "SyscallRecord[]" : info.name() + " tid=" + tid() + " res=" + result();
    }
}
