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
 */
record CaptureConfig(int ringBytes, boolean ignoreSelf, int maxBatch) {

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
        return new CaptureConfig(ring, ignoreSelf, batch);
    }

    private static int parse(String key, String value) throws IOException {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IOException(key + " must be an integer, not '" + value + "'");
        }
    }
}
