package io.vigil.example.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.sdk.testkit.Extractors;
import io.vigil.sdk.testkit.Sources;

/** The plugin run with the SDK's testkit, as a third-party author would test theirs. */
class HeartbeatPluginTest {

    @Test
    void sourceYieldsNumberedTicksWithFields() throws Exception {
        List<Map<String, Object>> rows = Sources.extractAll(new HeartbeatSource(),
                Map.of("interval_ms", "1", "count", "12", "message", "hello"),
                List.of("heartbeat.counter", "heartbeat.message", "heartbeat.digit[1]"), 100, 10_000,
                new HeartbeatFields());
        assertEquals(12, rows.size(), "the capture ends after count ticks");
        assertEquals(Map.of("heartbeat.counter", 12L, "heartbeat.message", "hello", "heartbeat.digit[1]", 1L),
                rows.get(11));
        assertEquals(0L, rows.get(8).get("heartbeat.digit[1]"));
    }

    @Test
    void badArgumentsAreRejectedAtBindTime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Extractors.bind("heartbeat", "heartbeat.digit[x]", new HeartbeatFields()));
        assertEquals("heartbeat.digit needs a digit index like [0], got [x]", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Extractors.bind("heartbeat", "heartbeat.digit", new HeartbeatFields()));
    }

    @Test
    void fieldsDoNotApplyToOtherSources() {
        assertThrows(IllegalArgumentException.class,
                () -> Extractors.bind("syscall", "heartbeat.counter", new HeartbeatFields()));
    }
}
