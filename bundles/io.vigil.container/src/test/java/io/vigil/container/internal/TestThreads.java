package io.vigil.container.internal;

import java.lang.annotation.Annotation;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vigil.syscall.api.SyscallEventTable;
import io.vigil.syscall.api.SyscallRecord;
import io.vigil.syscall.api.SyscallRecordBuilder;
import io.vigil.syscall.api.ThreadStates;
import io.vigil.syscall.api.ThreadView;
import io.vigil.syscall.internal.SyscallStateService;
import io.vigil.syscall.internal.ThreadStatesService;

/** Threads for tests: fixture threads with given cgroups, or the real syscall state read from /proc. */
final class TestThreads implements ThreadStates {

    /** A fixture thread. */
    record Thread(int tid, int pid, int vpid, List<String> cgroups, long pidnsInitStartTs, String exe, String comm,
            List<String> args, long startTs) implements ThreadView {
    }

    private final Map<Integer, ThreadView> threads = new HashMap<>();

    TestThreads add(int tid, long pidnsInitStartTs, String... cgroups) {
        threads.put(tid, new Thread(tid, tid, 1, List.of(cgroups), pidnsInitStartTs, "sh", "sh", List.of(), 0));
        return this;
    }

    @Override
    public ThreadView thread(int tid) {
        return threads.get(tid);
    }

    /** The real syscall state of this host, read from /proc now, as the syscall bundle registers it. */
    static SyscallStateService hostState() {
        return new SyscallStateService(new SyscallStateService.Config() {
            @Override
            public int thread_table_size() {
                return 65536;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return SyscallStateService.Config.class;
            }
        });
    }

    static ThreadStates host() {
        return new ThreadStatesService(hostState());
    }

    /** A syscall event (execve exit) of thread {@code tid} at {@code bootNanos} after boot. */
    static SyscallRecord event(int tid, long bootNanos) {
        int code = SyscallEventTable.get().codes("execve")[0];
        byte[] b = SyscallRecordBuilder.of(code).thread(tid, tid).timestamp(bootNanos).build();
        SyscallRecord r = new SyscallRecord(0);
        r.wrap(ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN), 0, b.length, 1);
        return r;
    }
}
