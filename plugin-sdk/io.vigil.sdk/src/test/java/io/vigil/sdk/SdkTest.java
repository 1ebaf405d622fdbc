package io.vigil.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vigil.sdk.testkit.Extractors;
import io.vigil.sdk.testkit.MapEvent;
import io.vigil.sdk.testkit.MapFieldExtractor;

class SdkTest {

    @Test
    void prioritiesParseLikeFalco() {
        assertEquals(Priority.INFORMATIONAL, Priority.parse("info"));
        assertEquals(Priority.INFORMATIONAL, Priority.parse("INFORMATIONAL"));
        assertEquals(Priority.WARNING, Priority.parse("Warning"));
        assertTrue(Priority.CRITICAL.isAtLeast(Priority.WARNING));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Priority.parse("loud"));
        assertTrue(e.getMessage().contains("'loud'"));
    }

    @Test
    void fieldReferencesResolveLongestNameAndArguments() {
        FieldDescriptor aname = new FieldDescriptor("proc.aname", FieldType.STRING, false, FieldArg.INDEX,
                false, "ancestor name", Set.of("syscall"), "process");
        FieldDescriptor name = FieldDescriptor.of("proc.name", FieldType.STRING, "name", "syscall", "process");
        FieldDescriptor arg = new FieldDescriptor("evt.arg", FieldType.STRING, false, FieldArg.INDEX_OR_KEY,
                true, "argument", Set.of("syscall"), "event");
        List<FieldDescriptor> all = List.of(aname, name, arg);
        assertEquals("proc.aname[2]", FieldReference.resolve(all, "proc.aname[2]").orElseThrow().toString());
        assertEquals("flags", FieldReference.resolve(all, "evt.arg.flags").orElseThrow().argument());
        assertTrue(FieldReference.resolve(all, "proc.name[1]").isEmpty(), "proc.name takes no argument");
        assertTrue(FieldReference.resolve(all, "proc.nam").isEmpty());
    }

    @Test
    void alertJsonHasFalcosShape() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("proc.name", "nginx");
        fields.put("fd.name", "/etc/shadow");
        fields.put("proc.pid", 42L);
        fields.put("container.id", null);
        Alert a = new Alert(1_700_000_000_123_456_789L, "Read sensitive file", Priority.WARNING, "syscall",
                List.of("mitre_credential_access", "filesystem"), "host1", "File \"opened\"", fields);
        assertEquals("{\"hostname\":\"host1\",\"output\":\"File \\\"opened\\\"\",\"output_fields\":"
                + "{\"container.id\":null,\"fd.name\":\"/etc/shadow\",\"proc.name\":\"nginx\",\"proc.pid\":42},"
                + "\"priority\":\"Warning\",\"rule\":\"Read sensitive file\",\"source\":\"syscall\","
                + "\"tags\":[\"filesystem\",\"mitre_credential_access\"],\"time\":\"2023-11-14T22:13:20.123456789Z\"}",
                a.toJson());
        assertEquals("2023-11-14T22:13:20.123456789+0000: Warning File \"opened\"",
                AlertFormat.text(a, true, java.time.ZoneOffset.UTC));
    }

    @Test
    void testkitExtractsFromMapEvents() {
        MapFieldExtractor x = new MapFieldExtractor("test", List.of(
                new FieldDescriptor("proc.aname", FieldType.STRING, false, FieldArg.INDEX, false, "", Set.of("syscall"), "p"),
                FieldDescriptor.of("proc.pid", FieldType.INT64, "", "syscall", "p")));
        MapEvent e = new MapEvent("syscall", 0, 0, 1, Map.of("proc.aname[2]", "bash", "proc.pid", 7));
        assertEquals("bash", Extractors.extract(e, "proc.aname[2]", x));
        assertEquals(7L, Extractors.extract(e, "proc.pid", x));
        assertNull(Extractors.extract(e, "proc.aname[3]", x));
        assertThrows(IllegalArgumentException.class, () -> Extractors.extract(e, "fd.name", x));
    }
}
