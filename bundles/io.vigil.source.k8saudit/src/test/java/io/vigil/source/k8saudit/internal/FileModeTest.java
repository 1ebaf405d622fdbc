package io.vigil.source.k8saudit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.testkit.Extractors;
import io.vigil.sdk.testkit.Sources;
import io.vigil.source.jsonkit.JsonEvent;

/** Offline analysis: audit log files and directories, read once to the end. */
class FileModeTest {

    @Test
    void readsEverySampleOfTheDirectory() throws Exception {
        Path dir = Samples.root().resolve("k8s_audit");
        List<JsonEvent> events = Samples.events(dir);
        // 45 files with one Event, one JSON-lines file with 6, and {"kind": 0}, which is no audit event.
        assertEquals(51, events.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).number());
            assertTrue(events.get(i).payload().length > 0);
        }
        try (EventCapture c = new K8sAuditSource().open(Map.of("openParams", dir.toString()))) {
            int n = 0;
            int got;
            while ((got = c.poll(e -> { }, 10)) != EventCapture.END) {
                n += got;
            }
            assertEquals(51, n);
            assertEquals(47L, c.stats().get("files"));
            assertEquals(1L, c.stats().get("unrecognized_documents"));
            assertEquals(0L, c.stats().get("malformed_documents"));
        }
    }

    @Test
    void readsJsonLines() throws Exception {
        List<JsonEvent> events = Samples.events(Samples.k8s("create_configmap_sensitive_values.json"));
        assertEquals(6, events.size());
        for (JsonEvent e : events) {
            assertEquals("configmaps", Extractors.extract(e, "ka.target.resource", Samples.FIELDS));
        }
    }

    @Test
    void readsGzipEventListsAndStopsAFileAtMalformedJson(@TempDir Path dir) throws Exception {
        String a = Files.readString(Samples.k8s("create_secret.json")).trim();
        String b = Files.readString(Samples.k8s("delete_secret.json")).trim();
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve("a-list.log.gz")))) {
            o.write(("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + a + "," + b + "]}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve("b-lines.log"), a + "\n" + b + "\n{\"kind\":\"Event\", oops\n" + a + "\n");
        Files.writeString(dir.resolve(".hidden"), "not read");
        List<Map<String, Object>> rows = Sources.extractAll(new K8sAuditSource(), Map.of("openParams", dir.toString()),
                List.of("ka.verb", "evt.num"), 100, 30_000, Samples.FIELDS);
        assertEquals(List.of("create", "delete", "create", "delete"), rows.stream().map(r -> r.get("ka.verb")).toList());
        assertEquals(4L, rows.get(3).get("evt.num"));
        try (EventCapture c = new K8sAuditSource().open(Map.of("openParams", dir.toString()))) {
            while (c.poll(e -> { }, 10) != EventCapture.END) {
                // drain
            }
            assertEquals(1L, c.stats().get("malformed_documents"));
        }
    }

    @Test
    void aMissingPathIsAnErrorNamingIt() {
        IOException e = assertThrows(NoSuchFileException.class,
                () -> new K8sAuditSource().open(Map.of("openParams", "/nonexistent/audit.log")));
        assertTrue(e.getMessage().contains("/nonexistent/audit.log"));
    }

    @Test
    void badSettingsAreErrorsNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new K8sAuditSource().open(Map.of("maxEventSize", "lots")));
        assertEquals("maxEventSize must be a positive number, got 'lots'", e.getMessage());
    }
}
