package io.vigil.syscall.internal.bench;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldReference;
import io.vigil.sdk.FieldValue;
import io.vigil.syscall.api.EventInfo;
import io.vigil.syscall.api.SyscallEventTable;
import io.vigil.syscall.api.SyscallRecord;
import io.vigil.syscall.api.SyscallRecordBuilder;
import io.vigil.syscall.internal.fields.SyscallFields;
import io.vigil.syscall.internal.state.StateUpdater;
import io.vigil.syscall.internal.state.SyscallState;
import io.vigil.syscall.internal.state.ThreadInfo;
import io.vigil.syscall.internal.state.ThreadTable;
import io.vigil.syscall.internal.state.UserDb;

/**
 * Measures field extraction and state parsing: nanoseconds and bytes allocated per call,
 * over a record in the probe's layout (the cursor the live capture hands out). Not a test:
 * run it with {@code java -cp ... io.vigil.syscall.internal.bench.ExtractionBenchmark}.
 */
public final class ExtractionBenchmark {

    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ExtractionBenchmark() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        for (int round = 0; round < 3; round++) {
            long b0 = System.nanoTime();
            long cpu0 = MX.getCurrentThreadCpuTime();
            SyscallState host = SyscallState.host(ThreadTable.DEFAULT_CAPACITY);
            long cpu1 = MX.getCurrentThreadCpuTime();
            long b1 = System.nanoTime();
            int[] fds = {0};
            host.threads().forEach((tid, t) -> {
                if (t.isMainThread()) {
                    fds[0] += t.fds.size();
                }
            });
            System.out.printf("/proc bootstrap: %d threads, %d fds in %.1f ms (%.1f ms CPU)%n",
                    host.threads().size(), fds[0], (b1 - b0) / 1e6, (cpu1 - cpu0) / 1e6);
        }
        SyscallState state = new SyscallState(new ThreadTable(ThreadTable.DEFAULT_CAPACITY, tid -> true),
                UserDb.host(), null);
        StateUpdater updater = new StateUpdater(state);
        setUpProcesses(state);
        SyscallEventTable table = SyscallEventTable.get();

        // The event rules see: an openat by a shell's child, parsed once.
        SyscallRecord open = record(table.info("openat"), 3, 301, List.of(3L, -100L, "/etc/shadow",
                (long) (02000000), 0L, 0x803L, 1234L));
        updater.update(open);

        SyscallFields fields = new SyscallFields(state);
        String[] common = {"evt.type", "evt.res", "evt.rawres", "evt.arg.flags", "evt.arg.name", "evt.is_open_read",
            "proc.name", "proc.exe", "proc.exepath", "proc.cmdline", "proc.args", "proc.pname", "proc.pcmdline",
            "proc.aname[2]", "proc.aname[3]", "proc.tty", "proc.pid", "proc.ppid", "proc.cwd", "proc.env[HOME]",
            "proc.is_exe_from_memfd", "thread.cap_effective", "user.name", "user.uid", "user.loginuid",
            "user.loginname", "group.name", "fd.name", "fd.num", "fd.type", "fd.typechar", "fd.directory",
            "fd.filename", "fd.nameraw", "fs.path.name", "evt.time", "evt.time.iso8601", "evt.hostname"};
        System.out.printf("%-26s %10s %12s %12s%n", "field", "ns/call", "cpu ns/call", "bytes/call");
        FieldValue out = new FieldValue();
        long totalBytes = 0;
        for (String f : common) {
            FieldReference ref = FieldReference.resolve(SyscallFields.fields(), f).orElseThrow();
            FieldAccessor a = fields.bind(ref.field(), ref.argument());
            if (!a.extract(open, out)) {
                throw new IllegalStateException(f + " has no value on the benchmark event");
            }
            for (int i = 0; i < 200_000; i++) { // warm up
                out.clear();
                a.extract(open, out);
            }
            long b0 = MX.getCurrentThreadAllocatedBytes();
            long c0 = MX.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                out.clear();
                a.extract(open, out);
            }
            long t1 = System.nanoTime();
            long c1 = MX.getCurrentThreadCpuTime();
            long b1 = MX.getCurrentThreadAllocatedBytes();
            totalBytes += b1 - b0;
            System.out.printf("%-26s %10.1f %12.1f %12.4f%n", f, (t1 - t0) / (double) iterations,
                    (c1 - c0) / (double) iterations, (b1 - b0) / (double) iterations);
        }
        System.out.printf("all %d common fields: %d bytes allocated over %d extractions each%n", common.length,
                totalBytes, iterations);

        // The state parser on an open/close loop (each open creates one fd description).
        SyscallRecord close = record(table.info("close"), 3, 301, List.of(0L, 3L));
        int n = iterations;
        for (int i = 0; i < 200_000; i++) {
            updater.update(open);
            updater.update(close);
        }
        long b0 = MX.getCurrentThreadAllocatedBytes();
        long c0 = MX.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            updater.update(open);
            updater.update(close);
        }
        long c1 = MX.getCurrentThreadCpuTime();
        long b1 = MX.getCurrentThreadAllocatedBytes();
        System.out.printf("parser open+close: %.1f cpu ns/event, %.1f bytes/event%n", (c1 - c0) / (2.0 * n),
                (b1 - b0) / (2.0 * n));

        SyscallRecord kill = record(table.info("kill"), 3, 301, List.of(0L, 1L, 15L));
        b0 = MX.getCurrentThreadAllocatedBytes();
        c0 = MX.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            updater.update(kill);
        }
        c1 = MX.getCurrentThreadCpuTime();
        b1 = MX.getCurrentThreadAllocatedBytes();
        System.out.printf("parser stateless event (kill): %.1f cpu ns/event, %.2f bytes/event%n",
                (c1 - c0) / (double) n, (b1 - b0) / (double) n);
    }

    private static void setUpProcesses(SyscallState state) {
        int[][] chain = {{1, 0}, {100, 1}, {200, 100}, {301, 200}};
        String[] names = {"systemd", "sshd", "bash", "cat"};
        for (int i = 0; i < chain.length; i++) {
            ThreadInfo t = new ThreadInfo(chain[i][0], chain[i][0]);
            t.ptid = chain[i][1];
            t.setComm(names[i]);
            t.exe = names[i];
            t.exepath = "/usr/bin/" + names[i];
            t.setArgs(List.of("-x", "/etc/shadow"));
            t.setEnv(List.of("HOME=/root", "TERM=xterm"));
            t.uid = 0;
            t.loginuid = 0;
            state.threads().put(t);
        }
        // The benchmark event's thread 3 of process 301... keep the thread id = pid for simplicity.
        ThreadInfo cat = state.threads().get(301);
        ThreadInfo thread = cat.cloneAs(3, 301, 0x10000 | 0x400 | 0x200);
        state.threads().put(thread);
    }

    private static SyscallRecord record(EventInfo info, int tid, int pid, List<Object> values) {
        SyscallRecordBuilder b = SyscallRecordBuilder.of(info.code()).thread(tid, pid)
                .result(values.get(0) instanceof Long l ? l : 0).timestamp(5_000_000_000L);
        List<Object> vs = new ArrayList<>(values);
        while (vs.size() < info.params().size()) {
            vs.add(null);
        }
        for (Object v : vs) {
            if (v == null) {
                b.addEmpty();
            } else if (v instanceof Long l) {
                b.addLong(l);
            } else {
                b.addString((String) v);
            }
        }
        byte[] bytes = b.build();
        SyscallRecord r = new SyscallRecord(1_700_000_000_000_000_000L);
        r.wrap(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0, bytes.length, 1);
        return r;
    }
}
