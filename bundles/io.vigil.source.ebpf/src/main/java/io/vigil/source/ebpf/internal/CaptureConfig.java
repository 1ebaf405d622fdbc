package io.vigil.source.ebpf.internal;

import java.io.IOException;
import java.util.Map;

/**
 * Open parameters of a live syscall capture, named after Falco's settings where one exists.
 *
 * @param ringBytes  ring buffer size in bytes, a power of two ({@code buf_size_preset} 1..10 gives
 *                   1 MiB..512 MiB as in Falco, default 4 = 8 MiB; {@code ring_bytes} sets it directly)
 * @param ignoreSelf drop this JVM's own syscalls in the kernel ({@code ignore_self}, default true)
 * @param maxBatch   the most events one poll delivers ({@code max_batch}, default 4096)
 * @param wakeupBytes unread bytes at which the probe wakes the consumer ({@code wakeup_bytes},
 *                   default 32 KiB, 0 = wake on every record); less waits for the consumer's
 *                   periodic check every {@code check_ms} (default 1 ms), bounding latency
 * @param checkMillis the consumer's periodic check interval
 */
record CaptureConfig(int ringBytes, boolean ignoreSelf, int maxBatch, int wakeupBytes, int checkMillis) {

    static CaptureConfig from(Map<String, String> params) throws IOException {
        int ring = 8 << 20;
        String preset = params.get("buf_size_preset");
        if (preset != null) {
            int p = parse("buf_size_preset", preset);
            if (p < 1 || p > 10) {
                throw new IOException("buf_size_preset must be 1..10 (1 MiB..512 MiB), not " + preset);
            }
            ring = (1 << 20) << (p - 1);
        }
        String bytes = params.get("ring_bytes");
        if (bytes != null) {
            ring = parse("ring_bytes", bytes);
            if (ring < 4096 || Integer.bitCount(ring) != 1) {
                throw new IOException("ring_bytes must be a power of two of at least 4096, not " + bytes);
            }
        }
        boolean ignoreSelf = !"false".equalsIgnoreCase(params.getOrDefault("ignore_self", "true"));
        int batch = params.containsKey("max_batch") ? parse("max_batch", params.get("max_batch")) : 4096;
        if (batch < 1) {
            throw new IOException("max_batch must be positive, not " + batch);
        }
        int wakeup = params.containsKey("wakeup_bytes") ? parse("wakeup_bytes", params.get("wakeup_bytes")) : 32 << 10;
        int check = params.containsKey("check_ms") ? parse("check_ms", params.get("check_ms")) : 1;
        if (wakeup < 0 || wakeup >= ring) {
            throw new IOException("wakeup_bytes must be 0..ring size (" + ring + "), not " + wakeup);
        }
        if (check < 1) {
            throw new IOException("check_ms must be positive, not " + check);
        }
        return new CaptureConfig(ring, ignoreSelf, batch, wakeup, check);
    }

    private static int parse(String key, String value) throws IOException {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IOException(key + " must be an integer, not '" + value + "'");
        }
    }
}
