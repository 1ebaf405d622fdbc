package io.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Falco's {@code watch_config_files} on a running {@code bin/vigil}: editing its {@code -c}
 * file adds a rules file that then fires on live syscalls; an invalid edit raises the internal
 * alert naming the file and line and the rules keep firing as before; turning json_output off
 * switches the alert lines on stdout to text.
 */
class ConfigFileReloadIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A rule that fires when any process opens {@code marker}. */
    static String markerRule(String name, Path marker) {
        return String.join("\n", "- rule: " + name, "  desc: config reload test rule",
                "  condition: evt.type in (open, openat, openat2) and fd.name = " + marker,
                "  output: marker opened (file=%fd.name proc=%proc.name)", "  priority: WARNING", "");
    }

    /** Alerts on stdout (JSON lines) that match. */
    static List<JsonNode> alerts(PrivateVigil v, Predicate<JsonNode> match) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        String text = v.alerts();
        int end = text.lastIndexOf('\n'); // complete lines only
        for (String line : end < 0 ? new String[0] : text.substring(0, end).split("\n")) {
            if (line.startsWith("{")) {
                JsonNode n = JSON.readTree(line);
                if (match.test(n)) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    static Predicate<JsonNode> rule(String name) {
        return n -> name.equals(n.path("rule").asText());
    }

    /** Opens {@code marker} (a live openat by this JVM) until {@code rule} has fired {@code count} times. */
    static void openUntil(PrivateVigil v, Path marker, String rule, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (alerts(v, rule(rule)).size() < count) {
            if (System.nanoTime() > deadline || !v.alive()) {
                fail("'" + rule + "' did not fire " + count + " time(s) on opening " + marker + "; alerts:\n"
                        + v.alerts() + "\nstderr:\n" + v.stderr());
            }
            Files.readAllBytes(marker);
            Thread.sleep(300);
        }
    }

    @Test
    void editingTheConfigFileAddsRulesAndAnInvalidEditKeepsThemWithAnAlert() throws Exception {
        Path markerA = Files.writeString(dir.resolve("marker-a"), "a");
        Path markerB = Files.writeString(dir.resolve("marker-b"), "b");
        Path rulesA = Files.writeString(dir.resolve("a.yaml"), markerRule("Config IT rule A", markerA));
        Path rulesB = Files.writeString(dir.resolve("b.yaml"), markerRule("Config IT rule B", markerB));
        Path config = dir.resolve("falco.yaml");
        Files.writeString(config, "rules_files:\n  - " + rulesA + "\njson_output: true\nwatch_config_files: true\n");
        try (PrivateVigil v = PrivateVigil.start(dir, "-c", config.toString(), "-M", "600")) {
            openUntil(v, markerA, "Config IT rule A", 1);
            // Events are evaluated in order: once A fires again after B's file was opened, B's
            // open was evaluated too, and rule B is not loaded yet.
            Files.readAllBytes(markerB);
            int a = alerts(v, rule("Config IT rule A")).size();
            openUntil(v, markerA, "Config IT rule A", a + 1);
            assertEquals(0, alerts(v, rule("Config IT rule B")).size(), "b.yaml is not loaded yet");

            Files.writeString(config, "rules_files:\n  - " + rulesA + "\n  - " + rulesB
                    + "\njson_output: true\nwatch_config_files: true\n");
            openUntil(v, markerB, "Config IT rule B", 1);
            assertTrue(v.stderr().contains("config file " + config + " changed: applied rules (2 path(s)"), v.stderr());

            // Invalid YAML on line 3: the internal alert names it; both rules keep firing.
            Files.writeString(config, "rules_files:\n  - " + rulesA + "\n  - [" + rulesB + "\njson_output: true\n");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (alerts(v, rule("Vigil config reload failed")).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    fail("no internal alert for the invalid config file; alerts:\n" + v.alerts() + "\nstderr:\n"
                            + v.stderr());
                }
                Thread.sleep(200);
            }
            JsonNode alert = alerts(v, rule("Vigil config reload failed")).get(0);
            assertEquals("internal", alert.path("source").asText());
            JsonNode f = alert.path("output_fields");
            assertEquals(config.toString(), f.path("vigil.config.file").asText());
            assertTrue(f.path("vigil.config.line").asLong() >= 3, "the line of the problem: " + alert);
            assertTrue(f.path("vigil.config.error").asText().contains("invalid YAML"), alert.toString());
            int b = alerts(v, rule("Config IT rule B")).size();
            openUntil(v, markerB, "Config IT rule B", b + 1);
            a = alerts(v, rule("Config IT rule A")).size();
            openUntil(v, markerA, "Config IT rule A", a + 1);
            assertEquals(1, alerts(v, rule("Vigil config reload failed")).size(), "one alert for one edit");

            // Fixed, with json_output off: the stdout channel switches to Falco's text lines.
            Files.writeString(config, "rules_files:\n  - " + rulesA + "\njson_output: false\nwatch_config_files: true\n");
            String text = "marker opened (file=" + markerA + " ";
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (v.alerts().lines().noneMatch(l -> !l.startsWith("{") && l.contains(text))) {
                if (System.nanoTime() > deadline || !v.alive()) {
                    fail("no text alert line after json_output became false; alerts:\n" + v.alerts() + "\nstderr:\n"
                            + v.stderr());
                }
                Files.readAllBytes(markerA);
                Thread.sleep(300);
            }
            assertTrue(v.stderr().contains("alert format and stdout/file outputs"), v.stderr());
        }
    }
}
