package io.vigil.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host name put in alerts: {@code FALCO_HOSTNAME} if set (as in Falco), else the kernel's. */
final class Hostname {

    private Hostname() {
    }

    static String get() {
        String env = System.getenv("FALCO_HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
    }
}
