package io.vigil.container.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Drives {@code runtimes.sh}, the test fixture that runs real container engines on this machine. */
final class Engines {

    /** Where the fixture keeps every engine's state and sockets. */
    static final Path ROOT = Path.of("/tmp/vigil-ctr");

    private Engines() {
    }

    /** Runs {@code runtimes.sh args...}; its stdout, trimmed; fails with its stderr if it fails. */
    static String run(String... args) throws IOException, InterruptedException {
        Path script;
        try {
            script = Path.of(Engines.class.getResource("/io/vigil/container/runtimes.sh").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("VIGIL_CTR", ROOT.toString());
        pb.redirectErrorStream(false);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("runtimes.sh " + String.join(" ", args) + " failed (this test needs root and "
                    + "Debian's docker.io, podman, runc, conmon, catatonit, containerd, busybox-static): "
                    + new String(err, StandardCharsets.UTF_8) + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8).trim();
    }
}
