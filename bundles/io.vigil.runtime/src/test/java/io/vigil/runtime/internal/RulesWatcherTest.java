package io.vigil.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesWatcherTest {

    @TempDir
    Path dir;

    /** The layout and the update of a Kubernetes ConfigMap volume, as the kubelet writes them. */
    @Test
    void aConfigMapStyleSymlinkSwapIsAChange() throws Exception {
        Path v1 = Files.createDirectories(dir.resolve("..2026_01_01_v1"));
        Files.writeString(v1.resolve("falco.yaml"), "priority: debug\n");
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("falco.yaml"), Path.of("..data/falco.yaml"));
        CountDownLatch changed = new CountDownLatch(1);
        RulesWatcher w = RulesWatcher.start(List.of(file), changed::countDown, "config file");
        assertNotNull(w);
        try {
            Path v2 = Files.createDirectories(dir.resolve("..2026_01_01_v2"));
            Files.writeString(v2.resolve("falco.yaml"), "priority: warning\n");
            Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
            Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            assertTrue(changed.await(30, TimeUnit.SECONDS), "the swap of ..data was seen as a change of falco.yaml");
            assertTrue(Files.readString(file).contains("warning"));
        } finally {
            w.close();
        }
    }
}
