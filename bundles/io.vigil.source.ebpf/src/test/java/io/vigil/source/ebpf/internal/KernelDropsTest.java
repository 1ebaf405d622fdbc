package io.vigil.source.ebpf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.sdk.EventCapture;

/** A ring too small for the traffic loses records in the kernel and says how many. */
class KernelDropsTest {

    @Test
    void fullRingCountsDropsAndDeliversWhatFits() throws Exception {
        try (EventCapture cap = new EbpfSyscallSource().open(Map.of("ring_bytes", "16384", "wakeup_bytes", "0"))) {
            // Nobody reads while a shell opens hundreds of files: the 16 KiB ring fills up.
            Process p = new ProcessBuilder("/bin/sh", "-c", "for i in $(seq 300); do : < /etc/hostname; done")
                    .start();
            p.waitFor();
            long drops = cap.stats().get("kernel_drops");
            assertTrue(drops > 0, "drops counted: " + cap.stats());
            long[] n = {0};
            while (cap.poll(e -> n[0]++, 0) > 0) {
                // drain what the ring held
            }
            assertTrue(n[0] > 0 && n[0] < 1000, "delivered " + n[0]);
            assertEquals(0, cap.stats().get("invalid"));
            cap.close();
            assertTrue(cap.stats().get("kernel_drops") >= drops, "drops survive close: " + cap.stats());
        }
    }

    @Test
    void badParametersAreRejectedWithTheirName() {
        IOException e = assertThrows(IOException.class,
                () -> new EbpfSyscallSource().open(Map.of("ring_bytes", "1000")));
        assertTrue(e.getMessage().contains("ring_bytes must be a power of two"), e.getMessage());
        e = assertThrows(IOException.class, () -> new EbpfSyscallSource().open(Map.of("buf_size_preset", "11")));
        assertTrue(e.getMessage().contains("buf_size_preset must be 1..10"), e.getMessage());
    }
}
