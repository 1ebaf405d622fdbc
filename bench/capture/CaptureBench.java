import java.lang.management.ManagementFactory;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSource;
import io.vigil.syscall.api.SyscallEventTable;
import io.vigil.syscall.api.SyscallRecord;

/**
 * Measures the live capture's consumer: events/s it sustains, kernel drops, and the consumer
 * thread's CPU time per event, while an open/close workload runs at a given rate.
 * Usage: java -cp ... CaptureBench.java WORKLOAD_BINARY SECONDS RATE[,RATE...]
 */
public class CaptureBench {

    public static void main(String[] args) throws Exception {
        String workload = args[0];
        double secs = Double.parseDouble(args[1]);
        EventSource source = (EventSource) Class.forName("io.vigil.source.ebpf.internal.EbpfSyscallSource")
                .getDeclaredConstructor().newInstance();
        // The workload alone, unpaced, for the slowdown figure.
        Process base = new ProcessBuilder(workload, String.valueOf(secs), "0").start();
        String[] b = new String(base.getInputStream().readAllBytes()).trim().split(" ");
        base.waitFor();
        double alone = Long.parseLong(b[0]) / Double.parseDouble(b[1]);
        System.out.printf("workload alone: %.0f open+close pairs/s%n", alone);
        System.out.printf("%-10s %10s %10s %12s %10s %12s %10s %10s%n", "rate", "workload/s", "events/s",
                "kernel_drops", "drop%", "cpu_ns/event", "lat_p50_us", "lat_p99_us");
        for (String r : args[2].split(",")) {
            long rate = Long.parseLong(r);
            try (EventCapture cap = source.open(Map.of("buf_size_preset", "4"))) {
                BitSet types = new BitSet();
                types.set(SyscallEventTable.OPENAT);
                types.set(SyscallEventTable.CLOSE);
                cap.setEventTypes(types);
                run(cap, workload, secs, rate);
            }
        }
    }

    private static void run(EventCapture cap, String workload, double secs, long rate) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        long[] count = new long[2];
        // Every 64th event: syscall completion (probe timestamp) to consumer, in nanoseconds.
        long[] lat = new long[1 << 20];
        int[] nlat = {0};
        var mx = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[1];
        Thread consumer = new Thread(() -> {
            long cpu0 = mx.getCurrentThreadCpuTime();
            try {
                while (!stop.get()) {
                    cap.poll(e -> {
                        SyscallRecord rec = (SyscallRecord) e;
                        // Touch what a parser would: type, thread, result, the first parameter.
                        count[0]++;
                        count[1] += rec.type() + rec.tid() + rec.result() + rec.paramLong(0);
                        if ((count[0] & 63) == 0 && nlat[0] < lat.length) {
                            java.time.Instant now = java.time.Instant.now();
                            lat[nlat[0]++] = now.getEpochSecond() * 1_000_000_000L + now.getNano() - rec.timestamp();
                        }
                    }, 50);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            cpu[0] = mx.getCurrentThreadCpuTime() - cpu0;
        });
        consumer.start();
        long drops0 = cap.stats().get("kernel_drops");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(workload, String.valueOf(secs), String.valueOf(rate)).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        Thread.sleep(300); // let the consumer drain
        stop.set(true);
        consumer.join();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        String[] w = out.split(" ");
        double wrate = Long.parseLong(w[0]) / Double.parseDouble(w[1]);
        long drops = cap.stats().get("kernel_drops") - drops0;
        long events = count[0];
        double dropPct = 100.0 * drops / Math.max(1, events + drops);
        long[] l = java.util.Arrays.copyOf(lat, nlat[0]);
        java.util.Arrays.sort(l);
        double p50 = l.length == 0 ? 0 : l[l.length / 2] / 1e3;
        double p99 = l.length == 0 ? 0 : l[Math.min(l.length - 1, (int) (l.length * 0.99))] / 1e3;
        System.out.printf("%-10s %10.0f %10.0f %12d %9.2f%% %12.0f %10.0f %10.0f%n", rate == 0 ? "max" : rate, wrate,
                events / elapsed, drops, dropPct, (double) cpu[0] / Math.max(1, events), p50, p99);
    }
}
