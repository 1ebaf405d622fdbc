package io.vigil.syscall.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vigil.syscall.api.EventInfo;
import io.vigil.syscall.api.ParamInfo;
import io.vigil.syscall.api.ParamType;
import io.vigil.syscall.api.SockAddr;
import io.vigil.syscall.api.SyscallEvent;

/**
 * Synthetic syscall events for unit tests: an event table with Falco's exit-event parameter
 * names (in an order of our own, so the code under test must find parameters by name), and
 * events over plain arrays.
 */
public final class TestEvents {

    private static final Map<String, EventInfo> TYPES = new HashMap<>();
    private static int nextCode = 1;

    static {
        String clone = "res:PID exe:STRING args:CHARBUF_ARRAY tid:PID pid:PID ptid:PID cwd:PATH comm:STRING"
                + " cgroups:CHARBUF_ARRAY flags:FLAGS uid:UID gid:GID vtid:PID vpid:PID";
        String exec = "res:ERRNO exe:STRING args:CHARBUF_ARRAY tid:PID pid:PID ptid:PID cwd:PATH comm:STRING"
                + " cgroups:CHARBUF_ARRAY env:CHARBUF_ARRAY tty:UINT64 vpgid:PID loginuid:UID flags:FLAGS"
                + " cap_inheritable:UINT64 cap_permitted:UINT64 cap_effective:UINT64 exe_ino:UINT64"
                + " exe_ino_ctime:ABSTIME exe_ino_mtime:ABSTIME uid:UID trusted_exepath:PATH pgid:PID gid:GID";
        def("clone", "process", clone);
        def("fork", "process", clone);
        def("vfork", "process", clone);
        def("clone3", "process", clone);
        def("execve", "process", exec + " filename:PATH");
        def("procexit", "process", "status:ERRNO ret:ERRNO sig:SIGNAL core:UINT64 reaper_tid:PID");
        def("open", "file", "fd:FD name:PATH flags:FLAGS mode:MODE dev:UINT64 ino:UINT64");
        // Deliberately not Falco's order: the state must look parameters up by name.
        def("openat", "file", "dirfd:FD fd:FD name:PATH flags:FLAGS mode:MODE dev:UINT64 ino:UINT64");
        def("creat", "file", "fd:FD name:PATH mode:MODE dev:UINT64 ino:UINT64");
        def("close", "io_other", "res:ERRNO fd:FD");
        def("dup", "io_other", "res:FD oldfd:FD");
        def("dup2", "io_other", "res:FD oldfd:FD newfd:FD");
        def("dup3", "io_other", "res:FD oldfd:FD newfd:FD flags:FLAGS");
        def("fcntl", "io_other", "res:FD fd:FD cmd:FLAGS arg:UINT64");
        def("socket", "net", "fd:FD domain:FLAGS type:UINT64 proto:UINT64");
        def("connect", "net", "res:ERRNO tuple:SOCKTUPLE fd:FD addr:SOCKADDR");
        def("accept4", "net", "fd:FD tuple:SOCKTUPLE queuepct:UINT64 queuelen:UINT64 queuemax:UINT64 flags:FLAGS");
        def("bind", "net", "res:ERRNO addr:SOCKADDR fd:FD");
        def("sendto", "io_write", "res:ERRNO data:BYTES fd:FD size:UINT64 tuple:SOCKTUPLE");
        def("pipe2", "IPC", "res:ERRNO fd1:FD fd2:FD ino:UINT64 flags:FLAGS");
        def("memfd_create", "memory", "fd:FD name:STRING flags:FLAGS");
        def("chdir", "file", "res:ERRNO path:PATH");
        def("fchdir", "file", "res:ERRNO fd:FD");
        def("setuid", "user", "res:ERRNO uid:UID");
        def("setresgid", "user", "res:ERRNO rgid:GID egid:GID sgid:GID");
        def("capset", "process", "res:ERRNO cap_inheritable:UINT64 cap_permitted:UINT64 cap_effective:UINT64");
        def("prctl", "process", "res:ERRNO option:FLAGS arg2_str:STRING arg2_int:INT64");
        def("unlinkat", "file", "res:ERRNO dirfd:FD name:PATH flags:FLAGS");
        def("renameat2", "file", "res:ERRNO olddirfd:FD oldpath:PATH newdirfd:FD newpath:PATH flags:FLAGS");
        def("symlinkat", "file", "res:ERRNO target:STRING linkdirfd:FD linkpath:PATH");
        def("chmod", "file", "res:ERRNO filename:PATH mode:MODE");
        def("ptrace", "process", "res:ERRNO addr:UINT64 data:UINT64 request:FLAGS pid:PID");
        def("mount", "file", "res:ERRNO dev:STRING dir:PATH type:STRING flags:FLAGS");
        def("kill", "signal", "res:ERRNO pid:PID sig:SIGNAL");
        def("read", "io_read", "res:ERRNO data:BYTES fd:FD size:UINT64");
        def("setgid", "user", "res:ERRNO gid:GID");
    }

    private TestEvents() {
    }

    private static void def(String name, String category, String spec) {
        List<ParamInfo> params = new ArrayList<>();
        for (String item : spec.split(" ")) {
            String[] nt = item.split(":");
            params.add(new ParamInfo(nt[0], ParamType.valueOf(nt[1])));
        }
        TYPES.put(name, new EventInfo(nextCode++, name, category, params));
    }

    public static EventInfo info(String name) {
        EventInfo i = TYPES.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no test event type " + name);
        }
        return i;
    }

    /** Starts an event of type {@code name} by thread {@code tid} of process {@code pid}. */
    public static Builder event(String name, int tid, int pid) {
        return new Builder(info(name), tid, pid);
    }

    private static long counter = 1;

    /** Builds one test event; parameters not set are absent (empty). */
    public static final class Builder {
        private final EventInfo info;
        private final int tid;
        private final int pid;
        private final Object[] values;
        private long result;
        private long ts = 1_700_000_000_123_456_789L;
        private long number = -1;

        Builder(EventInfo info, int tid, int pid) {
            this.info = info;
            this.tid = tid;
            this.pid = pid;
            this.values = new Object[info.params().size()];
        }

        public Builder p(String name, Object value) {
            int i = info.paramIndex(name);
            if (i < 0) {
                throw new IllegalArgumentException(info.name() + " has no parameter " + name);
            }
            values[i] = value;
            if (name.equals("res") || (name.equals("fd") && info.paramIndex("res") < 0)) {
                result = ((Number) value).longValue();
            }
            return this;
        }

        public Builder res(long r) {
            result = r;
            if (info.paramIndex("res") >= 0) {
                values[info.paramIndex("res")] = r;
            }
            return this;
        }

        public Builder ts(long t) {
            ts = t;
            return this;
        }

        public Builder num(long n) {
            number = n;
            return this;
        }

        public TestEvent build() {
            return new TestEvent(info, tid, pid, result, ts, number < 0 ? counter++ : number, values);
        }
    }

    /** An IPv4 SOCKTUPLE parameter (ports in network byte order). */
    public static byte[] tuple4(String sip, int sport, String dip, int dport) {
        ByteBuffer b = ByteBuffer.allocate(13).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) SockAddr.AF_INET).put(ip(sip)).putShort((short) sport).put(ip(dip)).putShort((short) dport);
        return b.array();
    }

    /** An IPv6 SOCKTUPLE parameter. */
    public static byte[] tuple6(String sip, int sport, String dip, int dport) {
        ByteBuffer b = ByteBuffer.allocate(37).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) SockAddr.AF_INET6).put(ip(sip)).putShort((short) sport).put(ip(dip)).putShort((short) dport);
        return b.array();
    }

    /** An IPv4 SOCKADDR parameter. */
    public static byte[] addr4(String ip, int port) {
        ByteBuffer b = ByteBuffer.allocate(7).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) SockAddr.AF_INET).put(ip(ip)).putShort((short) port);
        return b.array();
    }

    /** A unix SOCKTUPLE parameter. */
    public static byte[] tupleUnix(long src, long dst, String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(17 + p.length + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) SockAddr.AF_UNIX).putLong(src).putLong(dst).put(p).put((byte) 0);
        return b.array();
    }

    static byte[] ip(String s) {
        try {
            return java.net.InetAddress.getByName(s).getAddress().length == 4 && s.contains(":")
                    ? mapped(java.net.InetAddress.getByName(s).getAddress())
                    : java.net.InetAddress.getByName(s).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static byte[] mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    /** A syscall event over arrays. */
    public static final class TestEvent implements SyscallEvent {
        private final EventInfo info;
        private final int tid;
        private final int pid;
        private final long result;
        private final long ts;
        private final long number;
        private final Object[] values;

        TestEvent(EventInfo info, int tid, int pid, long result, long ts, long number, Object[] values) {
            this.info = info;
            this.tid = tid;
            this.pid = pid;
            this.result = result;
            this.ts = ts;
            this.number = number;
            this.values = values;
        }

        @Override
        public int type() {
            return info.code();
        }

        @Override
        public long timestamp() {
            return ts;
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
            return tid;
        }

        @Override
        public int pid() {
            return pid;
        }

        @Override
        public int cpu() {
            return 0;
        }

        @Override
        public long result() {
            return result;
        }

        @Override
        public int paramCount() {
            return values.length;
        }

        @Override
        public boolean isParamEmpty(int i) {
            return values[i] == null;
        }

        @Override
        public long paramLong(int i) {
            return values[i] instanceof Number n ? n.longValue() : 0;
        }

        @Override
        public int paramLength(int i) {
            Object v = values[i];
            if (v == null) {
                return 0;
            }
            if (v instanceof byte[] b) {
                return b.length;
            }
            if (v instanceof String s) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
            return 8;
        }

        @Override
        public int copyParam(int i, byte[] dst) {
            Object v = values[i];
            byte[] src = v instanceof byte[] b ? b : v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : new byte[0];
            int n = Math.min(src.length, dst.length);
            System.arraycopy(src, 0, dst, 0, n);
            return n;
        }

        @Override
        public String paramString(int i) {
            Object v = values[i];
            return v == null ? "" : v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString();
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> paramStrings(int i) {
            Object v = values[i];
            return v instanceof List<?> l ? (List<String>) l : List.of();
        }
    }
}
