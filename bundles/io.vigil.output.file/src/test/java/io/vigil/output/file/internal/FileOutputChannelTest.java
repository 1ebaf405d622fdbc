package io.vigil.output.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.output.support.AlertFormatter;
import io.vigil.output.support.testing.Configs;
import io.vigil.output.support.testing.TestAlerts;

/** The file channel on real files, with rotation by rename, delete and truncate. */
class FileOutputChannelTest {

    @TempDir
    Path dir;

    private FileOutputChannel channel(Path file, Object... keyValues) {
        Map<String, Object> props = new HashMap<>();
        props.put("filename", file.toString());
        props.put("json_output", "true");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new FileOutputChannel(Configs.of(FileOutputChannel.Config.class, props));
    }

    private static String json(int n) {
        return AlertFormatter.defaultJson().format(TestAlerts.shell(n));
    }

    @Test
    void appendsFalcosJsonOneAlertPerLine() throws Exception {
        Path f = dir.resolve("events.json");
        Files.writeString(f, "existing\n");
        FileOutputChannel ch = channel(f, "extra_fields", new String[] {"site=lab"});
        ch.deliver(TestAlerts.shell(1));
        ch.deliver(TestAlerts.shell(2));
        List<String> lines = Files.readAllLines(f);
        assertEquals(3, lines.size());
        assertEquals("existing", lines.get(0));
        JsonNode j = new ObjectMapper().readTree(lines.get(2));
        assertEquals("Terminal shell in container", j.get("rule").asText());
        assertEquals("Notice", j.get("priority").asText());
        assertEquals("lab", j.get("output_fields").get("site").asText());
        assertEquals(4244, j.get("output_fields").get("proc.pid").asLong());
    }

    @Test
    void textLinesWhenJsonIsOff() throws Exception {
        Path f = dir.resolve("events.txt");
        channel(f, "json_output", "false", "time_format_iso_8601", "true").deliver(TestAlerts.shell(1));
        assertEquals(List.of("2026-12-01T02:20:21.123456789+0000: Notice A shell was spawned in a container "
                + "(n=1 proc.name=bash \"quoted\")"), Files.readAllLines(f));
    }

    @Test
    void keptOpenFileFollowsRotationByRename() throws Exception {
        Path f = dir.resolve("events.json");
        FileOutputChannel ch = channel(f, "keep_alive", "true");
        ch.deliver(TestAlerts.shell(0));
        ch.deliver(TestAlerts.shell(1));
        Files.move(f, dir.resolve("events.json.1")); // logrotate's default (create) mode
        ch.deliver(TestAlerts.shell(2));
        ch.flush();
        assertEquals(List.of(json(0), json(1)), Files.readAllLines(dir.resolve("events.json.1")));
        assertEquals(List.of(json(2)), Files.readAllLines(f));
        assertEquals(1L, ch.stats().get("reopens"));
        ch.close();
    }

    @Test
    void keptOpenFileIsRecreatedAfterDeletion() throws Exception {
        Path f = dir.resolve("events.json");
        FileOutputChannel ch = channel(f, "keep_alive", "true");
        ch.deliver(TestAlerts.shell(0));
        ch.flush();
        Files.delete(f);
        ch.deliver(TestAlerts.shell(1));
        ch.flush();
        assertEquals(List.of(json(1)), Files.readAllLines(f));
        ch.close();
    }

    @Test
    void keptOpenFileAppendsAtTheEndAfterCopyTruncate() throws Exception {
        Path f = dir.resolve("events.json");
        FileOutputChannel ch = channel(f, "keep_alive", "true");
        ch.deliver(TestAlerts.shell(0));
        ch.flush();
        Files.copy(f, dir.resolve("events.json.1"));
        try (var c = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            c.truncate(0); // logrotate's copytruncate: same inode, no reopen
        }
        ch.deliver(TestAlerts.shell(1));
        ch.flush();
        assertEquals(List.of(json(1)), Files.readAllLines(f));
        assertEquals(0L, ch.stats().get("reopens"));
        ch.close();
    }

    @Test
    void reopenOnDemandClosesTheFile() throws Exception {
        Path f = dir.resolve("events.json");
        FileOutputChannel ch = channel(f, "keep_alive", "true");
        ch.deliver(TestAlerts.shell(0));
        ch.reopen(); // flushes what was buffered
        assertEquals(List.of(json(0)), Files.readAllLines(f));
        ch.deliver(TestAlerts.shell(1));
        ch.close();
        assertEquals(List.of(json(0), json(1)), Files.readAllLines(f));
        assertEquals(1L, ch.stats().get("reopens"));
    }

    @Test
    void unwritablePathIsNamed() {
        Path f = dir.resolve("no-such-dir").resolve("events.json");
        FileOutputChannel ch = channel(f);
        IOException e = assertThrows(IOException.class, () -> ch.deliver(TestAlerts.shell(0)));
        assertTrue(e.getMessage().startsWith("cannot open " + f), e.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> channel(Path.of(" ")));
        assertTrue(empty.getMessage().startsWith("filename is empty"), empty.getMessage());
    }
}
