package io.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The built distribution capturing for real on this kernel: start {@code bin/vigil} with the
 * live eBPF probe, do the thing from a process with the right name, assert the alert JSON.
 */
class LiveCaptureIT {

    @TempDir
    static Path dir;

    static Process vigil;
    static Path alerts;
    static Path errors;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startVigil() throws Exception {
        Path home = Path.of(System.getProperty("vigil.dist", "../karaf-dist/target/assembly")).toAbsolutePath()
                .normalize();
        Path rules = dir.resolve("live-rules.yaml");
        Files.writeString(rules, String.join("\n",
                "- list: live_test_sensitive",
                "  items: [/etc/shadow, /etc/gshadow]",
                "- rule: Live sensitive file opened by nginx",
                "  desc: A process named nginx opens a sensitive file (end-to-end test rule).",
                "  condition: evt.type in (open, openat, openat2) and fd.name in (live_test_sensitive)"
                        + " and proc.name = nginx",
                "  output: sensitive file opened (file=%fd.name proc=%proc.name pid=%proc.pid"
                        + " parent=%proc.pname cmdline=%proc.cmdline user=%user.name flags=%evt.arg.flags)",
                "  priority: WARNING",
                "  tags: [e2e, filesystem]",
                "- rule: Live shell spawned by nginx",
                "  desc: nginx runs a shell (end-to-end test rule).",
                "  condition: evt.type in (execve, execveat) and evt.dir = < and proc.name in (sh, bash, dash)"
                        + " and proc.pname = nginx",
                "  output: shell spawned by nginx (shell=%proc.name parent=%proc.pname cmdline=%proc.cmdline"
                        + " exe=%proc.exepath)",
                "  priority: NOTICE",
                "- rule: Live loopback connection by nginx",
                "  desc: A process named nginx connects to a loopback server (end-to-end test rule).",
                "  condition: evt.type = connect and proc.name = nginx and fd.sip = 127.0.0.1 and evt.res = SUCCESS",
                "  output: connect (name=%fd.name proc=%proc.name res=%evt.res sport=%fd.sport typechar=%fd.typechar)",
                "  priority: INFO",
                ""));
        alerts = dir.resolve("alerts.json");
        errors = dir.resolve("stderr.txt");
        Path ready = dir.resolve("ready");
        vigil = new ProcessBuilder(home.resolve("bin/vigil").toString(), "-r", rules.toString(),
                "-o", "json_output=true", "-o", "vigil.ready_file=" + ready, "-M", "300")
                .redirectOutput(alerts.toFile()).redirectError(errors.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.exists(ready)) {
            if (!vigil.isAlive()) {
                fail("bin/vigil exited with " + vigil.exitValue() + ":\n" + Files.readString(errors));
            }
            if (System.nanoTime() > deadline) {
                fail("bin/vigil did not become ready:\n" + Files.readString(errors));
            }
            Thread.sleep(100);
        }
        assertTrue(Files.readString(errors).contains("syscall (running)"),
                "the live syscall source runs: " + Files.readString(errors));
    }

    @AfterAll
    static void stopVigil() throws Exception {
        if (vigil != null) {
            vigil.destroy();
            if (!vigil.waitFor(30, TimeUnit.SECONDS)) {
                vigil.destroyForcibly();
            }
        }
    }

    /** A copy of {@code program} named {@code name}, so the kernel calls the process that. */
    static Path named(String program, String name) throws IOException {
        Path d = Files.createDirectories(dir.resolve("bin-" + name));
        Path p = d.resolve(name);
        Files.copy(Path.of(program), p, StandardCopyOption.REPLACE_EXISTING);
        p.toFile().setExecutable(true);
        return p;
    }

    static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "command finished: " + String.join(" ", cmd));
        return p.exitValue();
    }

    /** Waits for the first alert matching {@code match} (alerts arrive within milliseconds; CI may be slow). */
    static JsonNode awaitAlert(Predicate<JsonNode> match, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(alerts, StandardCharsets.UTF_8)) {
                if (line.startsWith("{")) {
                    JsonNode n = JSON.readTree(line);
                    if (match.test(n)) {
                        return n;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no alert for " + what + "; alerts:\n" + Files.readString(alerts) + "\nstderr:\n"
                + Files.readString(errors));
    }

    @Test
    void sensitiveFileOpenedByNginx() throws Exception {
        Path nginx = named("/bin/cat", "nginx");
        assertEquals(0, run(nginx.toString(), "/etc/shadow"));
        JsonNode a = awaitAlert(n -> n.path("rule").asText().equals("Live sensitive file opened by nginx"),
                "nginx reading /etc/shadow");
        assertEquals("Warning", a.path("priority").asText());
        assertEquals("syscall", a.path("source").asText());
        JsonNode f = a.path("output_fields");
        assertEquals("/etc/shadow", f.path("fd.name").asText());
        assertEquals("nginx", f.path("proc.name").asText());
        assertEquals("nginx /etc/shadow", f.path("proc.cmdline").asText());
        assertTrue(f.path("proc.pid").isNumber(), "proc.pid is a number: " + f);
        assertEquals("root", f.path("user.name").asText());
        assertTrue(f.path("evt.arg.flags").asText().contains("O_RDONLY"), "flags: " + f);
        List<String> tags = new ArrayList<>();
        a.path("tags").forEach(t -> tags.add(t.asText()));
        assertEquals(List.of("e2e", "filesystem"), tags);
        assertTrue(a.path("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z"),
                "Falco's time format: " + a.path("time"));
    }

    @Test
    void shellSpawnedByNginx() throws Exception {
        Path nginx = named("/bin/sh", "nginx");
        assertEquals(0, run(nginx.toString(), "-c", "/bin/sh -c 'exit 0'"));
        JsonNode a = awaitAlert(n -> n.path("rule").asText().equals("Live shell spawned by nginx"),
                "nginx spawning sh");
        JsonNode f = a.path("output_fields");
        assertEquals("sh", f.path("proc.name").asText());
        assertEquals("nginx", f.path("proc.pname").asText());
        assertEquals(Path.of("/bin/sh").toRealPath().toString(), f.path("proc.exepath").asText());
    }

    @Test
    void loopbackConnection() throws Exception {
        Path nginx = named("/usr/bin/python3", "nginx");
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 10,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            assertEquals(0, run(nginx.toString(), "-c",
                    "import socket\ns=socket.create_connection(('127.0.0.1'," + port + "))\ns.close()"));
            JsonNode a = awaitAlert(n -> n.path("rule").asText().equals("Live loopback connection by nginx")
                    && n.path("output_fields").path("fd.sport").asInt() == port, "nginx connecting to " + port);
            JsonNode f = a.path("output_fields");
            assertEquals("SUCCESS", f.path("evt.res").asText());
            assertEquals("4", f.path("fd.typechar").asText());
            assertTrue(f.path("fd.name").asText().matches("127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:" + port),
                    "Falco's socket name format: " + f.path("fd.name"));
        }
    }
}
