package io.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/vigil} as a user runs it, as a process: Falco's flags, exit codes, and bad input
 * answered with one clear message and no stack trace.
 */
class LauncherIT {

    static Path vigil;

    @TempDir
    static Path dir;

    /** The result of one run. */
    record Run(int code, String out, String err) {
        void assertNoStackTrace() {
            for (String s : List.of(out, err)) {
                assertFalse(s.contains("Exception") || s.contains("\tat "), "no stack trace expected:\n" + s);
            }
        }
    }

    @BeforeAll
    static void findDistribution() {
        vigil = Path.of(System.getProperty("vigil.dist", "../karaf-dist/target/assembly")).toAbsolutePath()
                .normalize().resolve("bin/vigil");
        assertTrue(Files.isExecutable(vigil), "the distribution is built: " + vigil);
    }

    static Run vigil(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(vigil.toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/vigil " + String.join(" ", args) + " did not finish; stderr:\n"
                    + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void versionAndHelp() throws Exception {
        Run v = vigil("--version");
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("Vigil version: "), v.out());
        assertTrue(v.out().contains("Falco engine) version: 0."), v.out());
        Run h = vigil("--help");
        assertEquals(0, h.code(), h.err());
        assertTrue(h.out().contains("-V FILE"), h.out());
    }

    @Test
    void badInputGivesOneClearLineAndNonZeroExit() throws Exception {
        Run unknown = vigil("--frobnicate");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("unknown option '--frobnicate'"), unknown.err());
        unknown.assertNoStackTrace();

        Run config = vigil("-c", "no-such.yaml");
        assertEquals(1, config.code());
        assertTrue(config.err().contains("config file " + dir.resolve("no-such.yaml") + ": not found"), config.err());
        config.assertNoStackTrace();

        Run key = vigil("-o", "stdout_output.enabeld=true", "--dry-run");
        assertEquals(1, key.code());
        assertTrue(key.err().contains("unknown configuration key 'stdout_output.enabeld'"), key.err());
        key.assertNoStackTrace();

        Run rules = vigil("-r", "missing-rules.yaml", "--dry-run");
        assertEquals(1, rules.code());
        assertTrue(rules.err().contains("rules file " + dir.resolve("missing-rules.yaml") + ": not found"), rules.err());
        rules.assertNoStackTrace();
    }

    @Test
    void validateLikeFalco() throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, String.join("\n",
                "- list: shells",
                "  items: [bash, sh]",
                "- macro: never",
                "  condition: (evt.num < 0)",
                "- rule: Never fires",
                "  desc: a rule whose fields come from no plugin in this distribution yet",
                "  condition: never and proc.name in (shells)",
                "  output: nothing %proc.name",
                "  priority: INFO",
                ""));
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "- rule: Broken\n  desc: [unclosed\n");
        Run bad = vigil("-V", broken.toString());
        assertEquals(1, bad.code(), bad.out() + bad.err());
        assertTrue(bad.out().contains("LOAD_ERR_YAML_PARSE"), bad.out());
        assertTrue(bad.out().contains(broken + ":"), "the error names the file: " + bad.out());
        bad.assertNoStackTrace();

        Run json = vigil("-V", broken.toString(), "-o", "json_output=true");
        assertEquals(1, json.code());
        assertTrue(json.out().startsWith("{\"falco_load_results\":[{\"errors\":[{\"code\":\"LOAD_ERR_YAML_PARSE\""),
                json.out());
    }

    @Test
    void runsForTheGivenTimeThenStops() throws Exception {
        Path rules = dir.resolve("empty-rules.yaml");
        Files.writeString(rules, "- list: nothing\n  items: []\n");
        long start = System.nanoTime();
        Run r = vigil("-r", rules.toString(), "-M", "2");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("vigil: ready in "), r.err());
        assertTrue(seconds >= 2, "ran at least -M seconds");
    }

    @Test
    void shortCommandsRunBesideARunningVigil() throws Exception {
        Path rules = dir.resolve("beside-rules.yaml");
        Files.writeString(rules, "- list: nothing\n  items: []\n");
        Path ready = dir.resolve("beside-ready");
        Process running = new ProcessBuilder(vigil.toString(), "-r", rules.toString(), "-M", "120",
                "-o", "vigil.ready_file=" + ready).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(ready) && running.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(ready), "the first Vigil became ready");
            Run v = vigil("--version");
            assertEquals(0, v.code(), "a short command does not wait for the running Vigil's lock: " + v.err());
            assertTrue(v.out().contains("Vigil version: "));
        } finally {
            running.destroy();
            running.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
