package io.vigil.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.runtime.api.SourceStatus;

class DropMonitorTest {

    private final List<SourceStatus> state = new ArrayList<>();
    private final List<String> alerts = new ArrayList<>();
    private final List<String> logs = new ArrayList<>();
    private final List<Integer> exits = new ArrayList<>();

    private DropMonitor monitor(DropMonitor.Settings s) {
        return new DropMonitor(s, () -> List.copyOf(state), (rule, p, out, fields) -> alerts.add(rule + ": " + out
                + " " + fields.get("n_drops") + "/" + fields.get("n_evts")), logs::add, exits::add);
    }

    private void set(long events, long drops) {
        state.clear();
        state.add(new SourceStatus("syscall", "running", events, Map.of("kernel_drops", drops, "events", events)));
    }

    @Test
    void dropsAboveTheThresholdAlertAndLogWithinTheRateLimit() {
        DropMonitor m = monitor(new DropMonitor.Settings(0.1, List.of("log", "alert"), 0.0, 1));
        set(1000, 0);
        m.check();
        set(2000, 50); // 50 of 1,050: under 10 %
        m.check();
        assertEquals(List.of(), alerts);
        set(2100, 550); // 500 of 600 dropped
        m.check();
        assertEquals(List.of("Falco internal: syscall event drop: Falco internal: syscall event drop. 500 system "
                + "calls dropped in last second. 500/600"), alerts);
        assertEquals(1, logs.size());
        set(2200, 1050); // more drops, but the only token is spent (rate 0)
        m.check();
        assertEquals(1, alerts.size());
    }

    @Test
    void exitActionAndConfiguration() throws Exception {
        DropMonitor m = monitor(new DropMonitor.Settings(0.0, List.of("exit"), 1.0, 1));
        set(10, 0);
        m.check();
        set(20, 5);
        m.check();
        assertEquals(List.of(1), exits);
        assertTrue(logs.get(0).contains("Exiting"));
        ConfigTree c = ConfigTree.empty();
        c.override("syscall_event_drops.actions=[log, explode]");
        assertThrows(ConfigException.class, () -> DropMonitor.Settings.from(c));
        assertEquals(List.of("log", "alert"), DropMonitor.Settings.from(ConfigTree.empty()).actions());
    }
}
