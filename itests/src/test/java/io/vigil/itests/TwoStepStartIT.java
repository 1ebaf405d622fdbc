package io.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long run of {@code bin/vigil} starts in two steps: Vigil's bundles (start levels 12-14) and the
 * plugins already in {@code deploy/} first, then, once the rules are compiled and the probe is
 * open, Karaf's features service, console and SSH server. The rules of the first step may use a
 * deployed plugin's fields and source, and the console comes up afterwards with every bundle
 * active at its level.
 */
class TwoStepStartIT {

    static final String RULE = "Two-step start heartbeat";

    @TempDir
    Path dir;

    @Test
    void deployedPluginsServeTheFirstRulesAndTheConsoleStartsAfterReady() throws Exception {
        Path plugin = Path.of(System.getProperty("vigil.example.plugin"));
        assertTrue(Files.isRegularFile(plugin), "example plugin jar " + plugin + " was built");
        Path deployed = PrivateVigil.distribution().resolve("deploy").resolve("two-step-it-" + plugin.getFileName());
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, String.join("\n",
                "- rule: " + RULE,
                "  desc: fires on the example plugin's heartbeat events",
                "  condition: heartbeat.counter > 0",
                "  output: heartbeat %heartbeat.counter",
                "  priority: NOTICE",
                "  source: heartbeat",
                ""), StandardCharsets.UTF_8);
        Files.copy(plugin, deployed, StandardCopyOption.REPLACE_EXISTING);
        try (PrivateVigil vigil = PrivateVigil.start(dir, "-r", rules.toString(), "-M", "300", "-o",
                "json_output=true")) {
            // Without the plugin at the first load the rule's source and fields are unknown and
            // bin/vigil stops with an error instead of becoming ready.
            assertTrue(vigil.stderr().contains("1 rules enabled"), "the plugin's rule is enabled at ready:\n"
                    + vigil.stderr());
            await(() -> vigil.alerts().contains("\"rule\":\"" + RULE + "\""), "an alert from the plugin's source",
                    vigil);

            // The second step: the launcher raised the framework, and Karaf's console runs.
            await(() -> client(vigil, "system:start-level").contains("100"), "the console at start level 100", vigil);
            String log = Files.readString(dir.resolve("data/log/karaf.log"), StandardCharsets.UTF_8);
            assertTrue(log.contains("raising the framework start level from 14 to 100"), "the launcher raised the level:\n"
                    + log);
            Map<String, String> levels = bundleLevels(client(vigil, "bundle:list -t 0 -s"));
            assertEquals("Active 12", levels.get("org.apache.felix.scr"), "SCR starts before Karaf's console");
            assertEquals("Active 13", levels.get("io.vigil.engine"));
            assertEquals("Active 14", levels.get("io.vigil.runtime"));
            assertEquals("Active 14", levels.get("io.vigil.source.ebpf"));
            assertEquals("Active 14", levels.get("io.vigil.example.heartbeat"), "deploy/ plugins start with Vigil");
            assertEquals("Active 15", levels.get("org.apache.karaf.features.core"));
            assertEquals("Active 30", levels.get("org.apache.karaf.shell.ssh"));
            assertEquals("Active 85", levels.get("io.vigil.shell"));
        } finally {
            Files.deleteIfExists(deployed);
        }
    }

    /** Symbolic name to "STATE LEVEL" from {@code bundle:list -t 0 -s}. */
    static Map<String, String> bundleLevels(String table) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length >= 5 && cells[0].trim().matches("\\d+")) {
                out.put(cells[4].trim(), cells[1].trim() + " " + cells[2].trim());
            }
        }
        return out;
    }

    /** A one-shot console command's output, or "" while the console is not up. */
    static String client(PrivateVigil vigil, String command) throws Exception {
        PrivateVigil.Result r = vigil.client(command);
        return r.code() == 0 ? r.out() : "";
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void await(Check check, String what, PrivateVigil vigil) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + "; Vigil's stderr:\n" + vigil.stderr());
            }
            Thread.sleep(250);
        }
    }
}
