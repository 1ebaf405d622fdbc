package io.vigil.source.ebpf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.vigil.sdk.EventCapture;

/** Closing a capture while it is being read must end the reading, never touch unmapped memory. */
class CaptureLifecycleTest {

    @Test
    void sinkMayCloseTheCaptureItReads() throws Exception {
        EventCapture cap = new EbpfSyscallSource().open(Map.of());
        new ProcessBuilder("/bin/true").start().waitFor();
        AtomicInteger seen = new AtomicInteger();
        int n;
        do {
            n = cap.poll(e -> {
                if (seen.incrementAndGet() == 1) {
                    try {
                        cap.close();
                    } catch (java.io.IOException ex) {
                        throw new IllegalStateException(ex);
                    }
                }
                e.type(); // the record stays readable until the drain ends
            }, 100);
        } while (n > 0);
        assertEquals(EventCapture.END, n);
        assertTrue(seen.get() >= 1);
        assertEquals(EventCapture.END, cap.poll(e -> { }, 10));
    }

    @Test
    void closeFromAnotherThreadEndsAPollInProgress() throws Exception {
        EventCapture cap = new EbpfSyscallSource().open(Map.of());
        CountDownLatch polling = new CountDownLatch(1);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                int n = 0;
                polling.countDown();
                while (n != EventCapture.END) {
                    n = cap.poll(e -> e.timestamp(), 1000);
                }
                result.set(n);
            } catch (Exception e) {
                result.set(e);
            }
        });
        reader.start();
        polling.await();
        cap.close();
        reader.join(10_000);
        assertEquals(EventCapture.END, result.get());
    }
}
