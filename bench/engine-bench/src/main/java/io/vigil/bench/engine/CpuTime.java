package io.vigil.bench.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Complements the JMH figures on a shared machine: ns of this thread's CPU time per event,
 * which other processes competing for the cores do not inflate. Run with
 * {@code java -cp ... io.vigil.bench.engine.CpuTime}.
 */
public final class CpuTime {

    private CpuTime() {
    }

    public static void main(String[] args) throws Exception {
        EngineBenchmark b = new EngineBenchmark();
        b.setup();
        b.sink(new org.openjdk.jmh.infra.Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous."));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 300; i++) {
                b.evaluateStream();
                b.evaluateNonMatching();
            }
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            int passes = 400;
            for (int i = 0; i < passes; i++) {
                b.evaluateStream();
            }
            long c1 = mx.getCurrentThreadCpuTime();
            long w1 = System.nanoTime();
            for (int i = 0; i < passes; i++) {
                b.evaluateNonMatching();
            }
            long c2 = mx.getCurrentThreadCpuTime();
            double events = (double) passes * EngineBenchmark.N;
            System.out.printf("round %d: stream %.0f ns/event CPU (%.0f wall), non-matching %.0f ns/event CPU%n", round,
                    (c1 - c0) / events, (w1 - w0) / events, (c2 - c1) / events);
        }
        long c0 = mx.getCurrentThreadCpuTime();
        int loads = 10;
        for (int i = 0; i < loads; i++) {
            b.loadAllUpstreamFiles();
        }
        System.out.printf("load+compile of all upstream files: %.0f ms CPU (warm, mean of %d)%n",
                (mx.getCurrentThreadCpuTime() - c0) / 1e6 / loads, loads);
    }
}
