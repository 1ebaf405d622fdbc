package io.vigil.syscall.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vigil.sdk.testkit.Extractors;
import io.vigil.syscall.api.EventInfo;
import io.vigil.syscall.api.ParamInfo;
import io.vigil.syscall.api.SyscallEventTable;
import io.vigil.syscall.api.SyscallRecord;
import io.vigil.syscall.api.SyscallRecordBuilder;
import io.vigil.syscall.internal.state.SyscallState;
import io.vigil.syscall.internal.state.ThreadInfo;
import io.vigil.syscall.internal.state.ThreadTable;
import io.vigil.syscall.internal.state.UserDb;

/**
 * The parser and extractor over records in the probe's own layout and event table (as the
 * live capture delivers them), so a mismatch with the capture side shows here.
 */
class RecordEventsTest {

    static final int SHELL = 4_200_001;
    static final int CHILD = 4_200_002;

    final SyscallEventTable table = SyscallEventTable.get();
    SyscallState state;
    SyscallEventParser parser;
    SyscallFieldExtractor extractor;
    long number;

    @BeforeEach
    void setUp() {
        state = new SyscallState(new ThreadTable(1024, tid -> false), UserDb.host(), null);
        SyscallStateService service = new SyscallStateService(state);
        parser = new SyscallEventParser(service);
        extractor = new SyscallFieldExtractor(service);
        ThreadInfo sh = new ThreadInfo(SHELL, SHELL);
        sh.setComm("bash");
        sh.exe = "bash";
        sh.exepath = "/usr/bin/bash";
        sh.cwd = new ThreadInfo.Cwd("/root");
        state.threads().put(sh);
    }

    /** A record of {@code name} with parameters given by name, written in the table's order. */
    SyscallRecord record(String name, int tid, int pid, long res, Map<String, Object> values) {
        EventInfo info = table.info(name);
        assertNotNull(info, "the capture's table has " + name);
        SyscallRecordBuilder b = SyscallRecordBuilder.of(info.code()).thread(tid, pid).result(res)
                .timestamp(1_000_000_000L + number);
        for (ParamInfo p : info.params()) {
            Object v = values.get(p.name());
            if (v == null) {
                b.addEmpty();
            } else if (v instanceof Number n) {
                b.addLong(n.longValue());
            } else if (v instanceof String s) {
                b.addString(s);
            } else if (v instanceof List<?> l) {
                b.addStrings(l.stream().map(Object::toString).toList());
            } else {
                b.addBytes((byte[]) v);
            }
        }
        byte[] bytes = b.build();
        SyscallRecord r = new SyscallRecord(1_700_000_000_000_000_000L);
        assertTrue(r.wrap(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0, bytes.length, ++number));
        parser.parse(r);
        return r;
    }

    Object x(SyscallRecord r, String field) {
        return Extractors.bind("syscall", field, extractor).extract(r);
    }

    @Test
    void pidNamespaceInitStartIsAnEpochTime() {
        // The probe writes the namespace init's start in ns since boot; records add the capture's boot time.
        record("clone", SHELL, SHELL, CHILD, Map.of("res", (long) CHILD));
        SyscallRecord child = record("clone", CHILD, CHILD, 0, Map.of("res", 0L, "tid", (long) CHILD, "pid",
                (long) CHILD, "ptid", (long) SHELL, "comm", "bash", "vpid", 1L, "pidns_init_start_ts", 5_000_000_000L));
        assertEquals(1_700_000_000_000_000_000L + 5_000_000_000L, x(child, "proc.pidns_init_start_ts"));
    }

    @Test
    void forkExecOpenConnectThroughRealRecords() {
        record("clone", SHELL, SHELL, CHILD, Map.of("res", (long) CHILD, "flags", 0x11L));
        SyscallRecord child = record("clone", CHILD, CHILD, 0, Map.of("res", 0L, "exe", "bash", "args", List.of(),
                "tid", (long) CHILD, "pid", (long) CHILD, "ptid", (long) SHELL, "comm", "bash", "vtid", 7L, "vpid", 7L));
        assertEquals("bash", x(child, "proc.name"));
        assertEquals(7L, x(child, "proc.vpid"));

        SyscallRecord exec = record("execve", CHILD, CHILD, 0, Map.ofEntries(Map.entry("res", 0L),
                Map.entry("exe", "cat"), Map.entry("args", List.of("/etc/shadow")), Map.entry("tid", (long) CHILD),
                Map.entry("pid", (long) CHILD), Map.entry("ptid", (long) SHELL), Map.entry("cwd", "/root"),
                Map.entry("comm", "cat"), Map.entry("env", List.of("HOME=/root")), Map.entry("tty", 0L),
                Map.entry("loginuid", 0xffffffffL), Map.entry("flags", 0L), Map.entry("uid", 0L), Map.entry("gid", 0L),
                Map.entry("trusted_exepath", "/usr/bin/cat"), Map.entry("exe_ino", 99L),
                Map.entry("exe_ino_ctime", 5L), Map.entry("exe_ino_mtime", 6L), Map.entry("filename", "/usr/bin/cat"),
                Map.entry("fdlimit", 1024L), Map.entry("vm_size", 5000L), Map.entry("vm_rss", 900L),
                Map.entry("vm_swap", 0L)));
        assertEquals(1024L, x(exec, "proc.fdlimit"));
        assertEquals(5000L, x(exec, "proc.vmsize"));
        assertEquals(900L, x(exec, "proc.vmrss"));
        assertEquals("cat" + CHILD, x(exec, "thread.nametid"));
        assertEquals("cat /etc/shadow", x(exec, "proc.cmdline"));
        assertEquals("/usr/bin/cat", x(exec, "proc.exepath"));
        assertEquals("bash", x(exec, "proc.pname"));
        assertEquals("root", x(exec, "user.name"));
        assertEquals(-1L, x(exec, "user.loginuid"));
        assertEquals("SUCCESS", x(exec, "evt.res"));

        SyscallRecord dir = record("openat", CHILD, CHILD, 3, Map.of("fd", 3L, "dirfd", -100L, "name", "/etc",
                "flags", 0200000L | 02000000L, "mode", 0L));
        assertEquals("O_DIRECTORY|O_RDONLY|O_CLOEXEC", x(dir, "evt.arg.flags"));
        assertEquals("d", x(dir, "fd.typechar"));
        SyscallRecord open = record("openat", CHILD, CHILD, 4, Map.of("fd", 4L, "dirfd", 3L, "name", "shadow",
                "flags", 0L, "mode", 0L, "dev", 0x803L, "ino", 77L));
        assertEquals("/etc/shadow", x(open, "fd.name"));
        assertEquals("shadow", x(open, "fd.nameraw"));
        assertEquals("/etc/shadow", x(open, "evt.arg.name"));
        assertEquals("<d>/etc", x(open, "evt.arg.dirfd"));
        assertEquals("O_RDONLY", x(open, "evt.arg.flags"));
        assertEquals(1L, x(open, "evt.is_open_read"));
        assertEquals("/etc", x(open, "fd.directory"));

        record("socket", CHILD, CHILD, 5, Map.of("fd", 5L, "domain", 2L, "type", 1L, "proto", 0L));
        byte[] t = java.nio.ByteBuffer.allocate(13).put((byte) 2).put(new byte[] {10, 0, 0, 1}).putShort((short) 43210)
                .put(new byte[] {10, 0, 0, 2}).putShort((short) 443).array();
        SyscallRecord connect = record("connect", CHILD, CHILD, 0, Map.of("res", 0L, "fd", 5L, "tuple", t));
        assertEquals("10.0.0.1:43210->10.0.0.2:443", x(connect, "fd.name"));
        assertEquals("10.0.0.1:43210->10.0.0.2:443", x(connect, "evt.arg.tuple"));
        assertEquals(443L, x(connect, "fd.sport"));

        SyscallRecord close = record("close", CHILD, CHILD, 0, Map.of("res", 0L, "fd", 4L));
        assertEquals("/etc/shadow", x(close, "fd.name"));
        SyscallRecord exit = record("procexit", CHILD, CHILD, 0, Map.of("status", 0L));
        assertEquals("cat", x(exit, "proc.name"));
        record("kill", SHELL, SHELL, 0, Map.of("res", 0L, "pid", (long) CHILD, "sig", 9L));
        assertEquals(null, state.threads().get(CHILD), "the exited child is purged at the next event");
    }

    @Test
    void theParserAsksForEveryStateEventTheTableHas() {
        BitSet types = parser.eventTypes("syscall");
        for (String name : List.of("execve", "execveat", "clone", "clone3", "fork", "vfork", "procexit", "open",
                "openat", "openat2", "creat", "close", "dup", "dup2", "dup3", "connect", "accept", "accept4", "bind",
                "socket", "socketpair", "setuid", "setgid", "setresuid", "capset", "memfd_create", "pipe", "pipe2",
                "fcntl", "prctl", "userfaultfd")) {
            assertTrue(types.get(table.info(name).code()), name);
        }
        assertTrue(!types.get(table.info("kill").code()), "kill changes no state");
        assertTrue(!types.get(table.info("unlinkat").code()));
        assertTrue(parser.eventTypes("k8s_audit").isEmpty());
    }

    @Test
    void randomRecordsNeverBreakTheParserOrTheFields() {
        // Garbage in every parameter (odd lengths, huge or negative numbers, bytes that are no
        // address): the state and the fields must cope, as with a corrupt or truncated record.
        java.util.Random rnd = new java.util.Random(42);
        List<EventInfo> types = table.all();
        List<io.vigil.sdk.FieldDescriptor> fields = extractor.fields().stream().filter(f -> !f.argRequired()).toList();
        List<Extractors.BoundField> bound = new java.util.ArrayList<>();
        for (io.vigil.sdk.FieldDescriptor f : fields) {
            bound.add(Extractors.bind("syscall", f.name(), extractor));
        }
        bound.add(Extractors.bind("syscall", "evt.arg[0]", extractor));
        bound.add(Extractors.bind("syscall", "evt.arg[3]", extractor));
        bound.add(Extractors.bind("syscall", "evt.rawarg.fd", extractor));
        bound.add(Extractors.bind("syscall", "evt.arg.tuple", extractor));
        for (int n = 0; n < 3000; n++) {
            EventInfo info = types.get(rnd.nextInt(types.size()));
            int tid = SHELL + rnd.nextInt(4);
            SyscallRecordBuilder b = SyscallRecordBuilder.of(info.code()).thread(tid, SHELL + rnd.nextInt(2))
                    .result(rnd.nextInt(3) == 0 ? -rnd.nextInt(140) : rnd.nextInt(40));
            int params = rnd.nextInt(info.params().size() + 1);
            for (int i = 0; i < params; i++) {
                switch (rnd.nextInt(4)) {
                    case 0 -> b.addEmpty();
                    case 1 -> b.addLong(rnd.nextInt(3) == 0 ? rnd.nextLong() : rnd.nextInt(64) - 8);
                    case 2 -> b.addString(rnd.nextBoolean() ? "../x/./y" : "/etc/" + rnd.nextInt(9));
                    default -> {
                        byte[] junk = new byte[rnd.nextInt(40)];
                        rnd.nextBytes(junk);
                        if (junk.length > 0) {
                            junk[0] = (byte) new int[] {1, 2, 10, 16, 99}[rnd.nextInt(5)];
                        }
                        b.addBytes(junk);
                    }
                }
            }
            byte[] bytes = b.build();
            SyscallRecord r = new SyscallRecord(0);
            assertTrue(r.wrap(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0, bytes.length, ++number));
            parser.parse(r);
            for (Extractors.BoundField f : bound) {
                f.extract(r);
            }
        }
        assertTrue(state.threads().size() < 64);
    }

    @Test
    void everyEventTypeOfTheTableExtractsWithoutError() {
        // Empty records of every type: truncated input must read as <NA>, never throw.
        List<String> fields = extractor.fields().stream().filter(f -> !f.argRequired()).map(f -> f.name()).toList();
        for (EventInfo info : table.all()) {
            SyscallRecordBuilder b = SyscallRecordBuilder.of(info.code()).thread(SHELL, SHELL);
            byte[] bytes = b.build();
            SyscallRecord r = new SyscallRecord(0);
            assertTrue(r.wrap(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0, bytes.length, ++number));
            parser.parse(r);
            for (String f : fields) {
                Extractors.bind("syscall", f, extractor).extract(r);
            }
            Extractors.bind("syscall", "evt.arg[0]", extractor).extract(r);
            Extractors.bind("syscall", "evt.arg.fd", extractor).extract(r);
        }
        assertNotNull(state.threads().get(SHELL));
    }
}
