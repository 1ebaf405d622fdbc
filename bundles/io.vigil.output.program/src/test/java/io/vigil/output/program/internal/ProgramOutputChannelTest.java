package io.vigil.output.program.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.output.support.AlertFormatter;
import io.vigil.output.support.testing.Configs;
import io.vigil.output.support.testing.TestAlerts;

/** The program channel piping into real shell commands. */
class ProgramOutputChannelTest {

    @TempDir
    Path dir;

    private static ProgramOutputChannel channel(String program, Object... keyValues) {
        Map<String, Object> props = new HashMap<>();
        props.put("program", program);
        props.put("json_output", "true");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new ProgramOutputChannel(Configs.of(ProgramOutputChannel.Config.class, props));
    }

    private static String json(int n) {
        return AlertFormatter.defaultJson().format(TestAlerts.shell(n));
    }

    /** Waits (bounded) until the file has {@code n} lines: a kept program writes asynchronously. */
    private static List<String> awaitLines(Path file, int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.size() >= n || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void oneProcessPerAlertAppendsEachLine() throws Exception {
        Path out = dir.resolve("alerts.log");
        ProgramOutputChannel ch = channel("echo run >> '" + out + "'; cat >> '" + out + "'");
        for (int i = 0; i < 3; i++) {
            ch.deliver(TestAlerts.shell(i));
        }
        assertEquals(List.of("run", json(0), "run", json(1), "run", json(2)), Files.readAllLines(out));
    }

    @Test
    void keepAliveWritesALinePerAlertToOneProcess() throws Exception {
        Path out = dir.resolve("alerts.log");
        ProgramOutputChannel ch = channel("echo run >> '" + out + "'; exec cat >> '" + out + "'", "keep_alive", "true");
        for (int i = 0; i < 3; i++) {
            ch.deliver(TestAlerts.shell(i));
        }
        assertEquals(List.of("run", json(0), json(1), json(2)), awaitLines(out, 4));
        assertEquals(1L, ch.stats().get("process_starts"));
        ch.close();
    }

    @Test
    void aKeptProcessThatDiedIsRestarted() throws Exception {
        Path out = dir.resolve("alerts.log");
        Path pid = dir.resolve("pid");
        ProgramOutputChannel ch = channel("echo $$ > '" + pid + "'; exec cat >> '" + out + "'", "keep_alive", "true");
        ch.deliver(TestAlerts.shell(0));
        awaitLines(out, 1);
        ProcessHandle first = ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).orElseThrow();
        first.destroy();
        first.onExit().get(10, TimeUnit.SECONDS);
        ch.deliver(TestAlerts.shell(1));
        assertEquals(List.of(json(0), json(1)), awaitLines(out, 2));
        assertEquals(2L, ch.stats().get("process_starts"));
        ch.close();
    }

    @Test
    void aProgramThatDoesNotFinishIsKilledAfterTheTimeout() {
        ProgramOutputChannel ch = channel("sleep 30", "timeout_ms", "300");
        IOException e = assertThrows(IOException.class, () -> ch.deliver(TestAlerts.shell(0)));
        assertTrue(e.getMessage().contains("still running after 300 ms; killed"), e.getMessage());
    }

    @Test
    void aKeptProgramThatStopsReadingIsKilledAfterTheTimeout() {
        // sleep never reads: the pipe fills up (64 KiB) and then a write blocks
        ProgramOutputChannel ch = channel("exec sleep 30", "keep_alive", "true", "timeout_ms", "300");
        IOException failure = null;
        for (int i = 0; i < 5000 && failure == null; i++) {
            try {
                ch.deliver(TestAlerts.shell(i));
            } catch (IOException e) {
                failure = e;
            }
        }
        assertTrue(failure != null && failure.getMessage().contains("did not read its input within 300 ms; killed"),
                String.valueOf(failure));
        ch.close();
    }

    @Test
    void aFailingProgramReportsItsStatusAndStandardError() {
        ProgramOutputChannel ch = channel("cat > /dev/null; echo 'no such webhook' >&2; exit 3");
        IOException e = assertThrows(IOException.class, () -> ch.deliver(TestAlerts.shell(0)));
        assertTrue(e.getMessage().contains("exited with status 3: no such webhook"), e.getMessage());
    }

    @Test
    void emptyProgramIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> channel(" "));
        assertTrue(e.getMessage().startsWith("program is empty"), e.getMessage());
    }
}
