package io.vigil.output.support.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.sdk.Alert;
import io.vigil.sdk.Priority;

/** Alerts shaped like the ones Falco's default rules raise. */
public final class TestAlerts {

    /** 2026-12-01T02:20:21.123456789Z */
    public static final long TIME = 1_796_091_621_123_456_789L;

    private TestAlerts() {
    }

    /** A "Terminal shell in container" alert with number {@code n} in its output. */
    public static Alert shell(int n) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("proc.name", "bash");
        fields.put("proc.pid", 4242L + n);
        fields.put("container.id", null);
        fields.put("evt.time", TIME);
        return new Alert(TIME, "Terminal shell in container", Priority.NOTICE, "syscall",
                List.of("shell", "container", "mitre_execution"), "host-a",
                "A shell was spawned in a container (n=" + n + " proc.name=bash \"quoted\")", fields);
    }
}
