package io.vigil.syscall.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes records in the probe's layout ({@link RecordLayout}), for replay files and for
 * tests of parsers and extractors that need syscall events without a kernel.
 */
public final class SyscallRecordBuilder {

    private final int type;
    private long ts;
    private int tid;
    private int pid;
    private int cpu;
    private long res;
    private final List<byte[]> params = new ArrayList<>();

    private SyscallRecordBuilder(int type) {
        this.type = type;
    }

    /** A record of event type {@code code}. */
    public static SyscallRecordBuilder of(int code) {
        return new SyscallRecordBuilder(code);
    }

    /** Sets the timestamp in nanoseconds since boot. */
    public SyscallRecordBuilder timestamp(long bootNanos) {
        this.ts = bootNanos;
        return this;
    }

    /** Sets thread and process ids. */
    public SyscallRecordBuilder thread(int tid, int pid) {
        this.tid = tid;
        this.pid = pid;
        return this;
    }

    /** Sets the CPU. */
    public SyscallRecordBuilder cpu(int cpu) {
        this.cpu = cpu;
        return this;
    }

    /** Sets the return value. */
    public SyscallRecordBuilder result(long res) {
        this.res = res;
        return this;
    }

    /** Appends a numeric parameter (8 bytes). */
    public SyscallRecordBuilder addLong(long value) {
        return addBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    /** Appends a string or path parameter (NUL-terminated). */
    public SyscallRecordBuilder addString(String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return addBytes(z);
    }

    /** Appends a list parameter (argv, envp): each string NUL-terminated. */
    public SyscallRecordBuilder addStrings(List<String> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String v : values) {
            out.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return addBytes(out.toByteArray());
    }

    /** Appends an IPv4 socket address parameter ({@link SockAddr}); port in host order. */
    public SyscallRecordBuilder addInet4(byte[] addr, int port) {
        return addBytes(ByteBuffer.allocate(7).put((byte) SockAddr.AF_INET).put(addr)
                .order(ByteOrder.BIG_ENDIAN).putShort((short) port).array());
    }

    /** Appends an IPv4 socket tuple parameter ({@link SockAddr}); ports in host order. */
    public SyscallRecordBuilder addInet4Tuple(byte[] src, int sport, byte[] dst, int dport) {
        return addBytes(ByteBuffer.allocate(13).order(ByteOrder.BIG_ENDIAN).put((byte) SockAddr.AF_INET)
                .put(src).putShort((short) sport).put(dst).putShort((short) dport).array());
    }

    /** Appends raw bytes; an empty array is an empty parameter. */
    public SyscallRecordBuilder addBytes(byte[] value) {
        params.add(value.clone());
        return this;
    }

    /** Appends an empty (absent) parameter. */
    public SyscallRecordBuilder addEmpty() {
        return addBytes(new byte[0]);
    }

    /** The record bytes. */
    public byte[] build() {
        int len = RecordLayout.HEADER_SIZE + 2 * params.size();
        for (byte[] p : params) {
            len += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(RecordLayout.TS, ts).putInt(RecordLayout.TID, tid).putInt(RecordLayout.PID, pid)
                .putInt(RecordLayout.LEN, len).putShort(RecordLayout.TYPE, (short) type)
                .putShort(RecordLayout.NPARAMS, (short) params.size()).putShort(RecordLayout.CPU, (short) cpu)
                .putLong(RecordLayout.RES, res);
        int pos = RecordLayout.HEADER_SIZE;
        for (byte[] p : params) {
            b.putShort(pos, (short) p.length);
            pos += 2;
        }
        for (byte[] p : params) {
            b.put(pos, p);
            pos += p.length;
        }
        return b.array();
    }
}
