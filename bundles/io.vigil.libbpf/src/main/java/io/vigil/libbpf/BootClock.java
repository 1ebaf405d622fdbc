package io.vigil.libbpf;

import io.vigil.libbpf.internal.Native;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/** Converts BPF timestamps (nanoseconds since boot, suspend included) to epoch time. */
public final class BootClock {

    private BootClock() {
    }

    /** The epoch time of boot in nanoseconds: add it to {@code bpf_ktime_get_boot_ns()} values. */
    public static long bootTimeEpochNanos() {
        Native n = Native.get();
        Pointer ts = Memory.allocate(n.runtime, 16);
        // Take the smallest gap of a few samples so a preemption between the reads does not skew it.
        long best = Long.MAX_VALUE;
        long result = 0;
        for (int i = 0; i < 5; i++) {
            n.libc.clock_gettime(io.vigil.libbpf.internal.LibC.CLOCK_REALTIME, ts);
            long real1 = ts.getLong(0) * 1_000_000_000L + ts.getLong(8);
            n.libc.clock_gettime(io.vigil.libbpf.internal.LibC.CLOCK_BOOTTIME, ts);
            long boot = ts.getLong(0) * 1_000_000_000L + ts.getLong(8);
            n.libc.clock_gettime(io.vigil.libbpf.internal.LibC.CLOCK_REALTIME, ts);
            long real2 = ts.getLong(0) * 1_000_000_000L + ts.getLong(8);
            if (real2 - real1 < best) {
                best = real2 - real1;
                result = (real1 + real2) / 2 - boot;
            }
        }
        return result;
    }
}
