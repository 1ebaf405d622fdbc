package io.vigil.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.Ruleset;
import io.vigil.sdk.Alert;
import io.vigil.sdk.Event;

/** Evaluating events that match no rule allocates nothing (measured in bytes, not time). */
class AllocationTest {

    @Test
    void nonMatchingEventsAllocateNothing() {
        LoadResult r = Rules.ENGINE.load(List.of(TestCatalog.upstream("falco_rules.yaml")), TestCatalog.full(),
                EngineConfig.defaults("h"));
        Ruleset rs = r.ruleset();
        List<Event> events = new ArrayList<>();
        String[] names = {"bash", "cron", "java", "sshd", "python3"};
        String[] paths = {"/etc/hosts", "/etc/shadow", "/var/log/syslog", "/proc/self/stat", "/tmp/x"};
        for (int i = 0; i < 50; i++) {
            events.add(MapEvents.of("syscall", Map.of("evt.type", i % 3 == 0 ? "execve" : "openat",
                    "proc.name", names[i % names.length], "proc.pname", "systemd", "fd.name", paths[i % paths.length],
                    "fd.typechar", "f", "fd.num", 3L, "evt.is_open_read", true, "container.id", "host",
                    "proc.exepath", "/usr/bin/" + names[i % names.length], "user.name", "root"), TestCatalog.full()));
        }
        List<Alert> alerts = new ArrayList<>();
        events.forEach(e -> rs.evaluate(e, alerts::add));
        assertEquals(List.of(), alerts.stream().map(Alert::rule).toList(), "the events are meant to match nothing");
        java.util.function.Consumer<Alert> sink = alerts::add;
        for (int i = 0; i < 2_000; i++) {
            for (Event e : events) {
                rs.evaluate(e, sink);
            }
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        int n = 0;
        Event[] array = events.toArray(new Event[0]); // an indexed loop: no iterator allocated
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < array.length; j++) {
                rs.evaluate(array[j], sink);
                n++;
            }
        }
        long bytes = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(alerts.isEmpty());
        // one allocation per event would be at least 16 bytes x 10,000; allow only the few bytes the
        // measurement itself and a late JIT recompilation may take, once
        assertTrue(bytes < 1024, bytes + " bytes for " + n + " events");
    }
}
