package io.vigil.output.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.output.support.testing.TestAlerts;

class AlertFormatterTest {

    @Test
    void jsonCarriesExtraFieldsWithoutOverridingTheRulesOwn() {
        AlertFormatter f = new AlertFormatter(true, false, false, true, false,
                Map.of("env", "prod", "proc.name", "static"), ZoneOffset.UTC);
        assertEquals("{\"hostname\":\"host-a\",\"output_fields\":{\"container.id\":null,\"env\":\"prod\","
                + "\"evt.time\":1796091621123456789,\"proc.name\":\"bash\",\"proc.pid\":4243},"
                + "\"priority\":\"Notice\",\"rule\":\"Terminal shell in container\",\"source\":\"syscall\","
                + "\"time\":\"2026-12-01T02:20:21.123456789Z\"}", f.format(TestAlerts.shell(1)));
    }

    @Test
    void textLineAppendsExtraFieldsSorted() {
        AlertFormatter f = new AlertFormatter(false, true, true, true, true,
                Map.of("z", "1", "a", "2"), ZoneOffset.UTC);
        assertEquals("2026-12-01T02:20:21.123456789+0000: Notice A shell was spawned in a container "
                + "(n=1 proc.name=bash \"quoted\") a=2 z=1", f.format(TestAlerts.shell(1)));
    }

    @Test
    void extraFieldsMustBeNameValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlertFormatter.parseExtraFields("extra_fields", new String[] {"a=b", "oops"}));
        assertTrue(e.getMessage().contains("'oops'"), e.getMessage());
        assertEquals(Map.of("a", "b", "k", "v=w"),
                AlertFormatter.parseExtraFields("extra_fields", new String[] {"a=b", " k = v=w", ""}));
    }

    @Test
    void backoffDoublesUpToItsCap() {
        Backoff b = new Backoff(100, 450);
        assertEquals(100, b.delayMillis(1));
        assertEquals(200, b.delayMillis(2));
        assertEquals(400, b.delayMillis(3));
        assertEquals(450, b.delayMillis(4));
        assertEquals(450, b.delayMillis(40));
    }
}
