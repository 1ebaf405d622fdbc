package io.vigil.itests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A {@code bin/vigil} of the built distribution running as a child process for process-level
 * tests: its JSON alerts (standard output) and standard error go to files in a test directory.
 */
final class LiveVigil {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path alerts;
    private final Path errors;

    private LiveVigil(Process process, Path alerts, Path errors) {
        this.process = process;
        this.alerts = alerts;
        this.errors = errors;
    }

    /** The distribution under test ({@code -Dvigil.dist}, else the reactor's assembly). */
    static Path home() {
        return Path.of(System.getProperty("vigil.dist", "../karaf-dist/target/assembly")).toAbsolutePath().normalize();
    }

    /**
     * Starts {@code bin/vigil} with {@code args} (a ready file and {@code -M 600} are added) and
     * waits, up to 180 s, until it is ready; fails with its standard error if it exits first.
     */
    static LiveVigil start(Path dir, List<String> args) throws Exception {
        Path alerts = dir.resolve("alerts.json");
        Path errors = dir.resolve("stderr.txt");
        Path ready = dir.resolve("ready");
        List<String> cmd = new ArrayList<>();
        cmd.add(home().resolve("bin/vigil").toString());
        cmd.addAll(args);
        cmd.addAll(List.of("-o", "vigil.ready_file=" + ready, "-M", "600"));
        Process p = new ProcessBuilder(cmd).redirectOutput(alerts.toFile()).redirectError(errors.toFile()).start();
        LiveVigil v = new LiveVigil(p, alerts, errors);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.exists(ready)) {
            if (!p.isAlive()) {
                fail("bin/vigil exited with " + p.exitValue() + ":\n" + v.stderr());
            }
            if (System.nanoTime() > deadline) {
                fail("bin/vigil did not become ready:\n" + v.stderr());
            }
            Thread.sleep(100);
        }
        return v;
    }

    /** What Vigil printed on standard error so far. */
    String stderr() throws IOException {
        return Files.readString(errors);
    }

    /** Waits for the first alert of {@code rule} whose output fields match (alerts arrive within milliseconds; CI may be slow). */
    JsonNode awaitAlert(String rule, Predicate<JsonNode> match) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (JsonNode n : alertsOf(rule)) {
                if (match.test(n.path("output_fields"))) {
                    return n;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no alert for '" + rule + "'; alerts of that rule: " + alertsOf(rule) + "\nstderr:\n"
                + stderr());
    }

    /** The alerts of {@code rule} so far (complete lines only: Vigil may be writing the last one). */
    List<JsonNode> alertsOf(String rule) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        String text = Files.readString(alerts, StandardCharsets.UTF_8);
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            if (line.startsWith("{")) {
                JsonNode n = JSON.readTree(line);
                if (n.path("rule").asText().equals(rule)) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** Stops Vigil (SIGTERM, then SIGKILL after 30 s). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
