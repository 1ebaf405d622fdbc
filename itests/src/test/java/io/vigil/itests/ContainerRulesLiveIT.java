package io.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Falco's container rules (falco_rules.yaml and, for Launch Privileged Container, the incubating
 * file) and Vigil's container-only default rules on real containers: the built
 * distribution captures for real while the test runs the activity inside a docker container and
 * a privileged podman container (built locally from the host's static busybox, no registry, no
 * network but their own loopback), and asserts the alert JSON with the container's identity
 * (added to every syscall alert through append_output, as Falco's configuration does).
 *
 * <p>Also checks Falco's {@code container} event: {@code evt.type = container} fires once per new
 * container with its id, name and image.
 *
 * <p>Engines listen on their default sockets, where Vigil looks without configuration:
 * {@code engines-it.sh} starts dockerd and a podman service there unless they answer already,
 * and stops what it started. The privileged container is podman's because docker's
 * {@code --privileged} fails on a host whose capability bounding set lacks one (here
 * CAP_SYS_RESOURCE). Everything the test does stays inside the containers: a cgroup hierarchy
 * mounted in the privileged container's own mount namespace (its release_agent opened for
 * appending, nothing written), an address of TEST-NET-2 (198.51.100.7) on the container's
 * loopback, connections to listeners in the same container.
 *
 * <p>Programs are started by absolute path: busybox's shell runs an applet named without a path
 * by executing {@code /proc/self/exe}, so the kernel (and Falco, and Vigil) name that process
 * {@code exe}, not {@code nc}.
 */
class ContainerRulesLiveIT {

    static final String IMAGE_REPOSITORY = "localhost/vigil-it/busybox";
    static final String IMAGE = IMAGE_REPOSITORY + ":1.0";
    static final String DOCKER = "/usr/bin/docker";

    @TempDir
    static Path dir;

    static LiveVigil vigil;
    static Path engines;
    static boolean enginesUp;

    /** The docker container (default capabilities) and the privileged podman container. */
    static String plainName;
    static String plainId;
    static String privName;
    static String privId;
    /** Epoch ns just before the containers were created. */
    static long beforeContainers;

    @BeforeAll
    static void startVigilAndContainers() throws Exception {
        Path falcoRules = Path.of("..", "..", "shared", "falco-rules", "falco_rules.yaml").toAbsolutePath()
                .normalize();
        Path incubating = falcoRules.resolveSibling("falco-incubating_rules.yaml");
        Path vigilRules = Path.of("..", "rules", "vigil_rules.yaml").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(falcoRules), "Falco's rules next to the project: " + falcoRules);
        engines = resource("/container/engines-it.sh");
        enginesUp = true;
        engines("up");

        vigil = LiveVigil.start(dir, List.of("-c", resource("/container/vigil-it.yaml").toString(), "-r",
                falcoRules.toString(), "-r", incubating.toString(), "-r", vigilRules.toString(), "-r",
                resource("/container/container_it_rules.yaml").toString()));
        String err = vigil.stderr();
        assertTrue(err.contains("from 4 rules path(s), 0 load warnings") && err.contains("syscall (running)"),
                "the rule files load cleanly and the live syscall source runs: " + err);

        // Started after Vigil, so Vigil sees each container's first process and announces it.
        String tag = "vigil-it-" + ProcessHandle.current().pid();
        beforeContainers = System.currentTimeMillis() * 1_000_000L;
        plainName = tag + "-plain";
        plainId = engines("docker-run", plainName);
        privName = tag + "-priv";
        privId = engines("podman-run", privName, "--privileged");
    }

    @AfterAll
    static void stopVigilAndContainers() throws Exception {
        try {
            if (vigil != null) {
                vigil.stop();
            }
        } finally {
            if (enginesUp) {
                engines("down");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ContainerRulesLiveIT.class.getResource(name).toURI());
    }

    /** Runs {@code engines-it.sh args...}; its stdout, trimmed (a container id for the run commands). */
    static String engines(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", engines.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "engines-", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("engines-it.sh " + String.join(" ", args) + " did not finish: " + Files.readString(out));
        }
        String text = Files.readString(out).trim();
        assertEquals(0, p.exitValue(), () -> "engines-it.sh " + String.join(" ", args) + " (needs root and Debian's "
                + "docker.io, podman, runc, conmon, fuse-overlayfs, busybox-static): " + text);
        String[] lines = text.split("\n");
        return lines[lines.length - 1].trim();
    }

    /** Runs {@code sh -c script} in the docker container; returns its exit code. */
    static int inPlain(String script) throws Exception {
        return run(DOCKER, "-H", "unix:///var/run/docker.sock", "exec", plainName, "sh", "-c", script);
    }

    /** Runs {@code sh -c script} in the privileged podman container; returns its exit code. */
    static int inPrivileged(String script) throws Exception {
        return run("podman", "--remote", "--url", "unix:///run/podman/podman.sock", "exec", privName, "sh", "-c",
                script);
    }

    static int run(String... cmd) throws Exception {
        Path out = Files.createTempFile(dir, "exec-", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "command finished: " + String.join(" ", cmd));
        return p.exitValue();
    }

    /** Waits for the first alert of {@code rule} whose output fields match (alerts arrive within milliseconds; CI may be slow). */
    static JsonNode awaitAlert(String rule, Predicate<JsonNode> match) throws Exception {
        return vigil.awaitAlert(rule, match);
    }

    /** The alerts of {@code rule} so far (complete lines only). */
    static List<JsonNode> alertsOf(String rule) throws IOException {
        return vigil.alertsOf(rule);
    }

    static Predicate<JsonNode> in(String fullId, String procName) {
        return f -> f.path("container.id").asText().equals(fullId.substring(0, 12))
                && f.path("proc.name").asText().equals(procName);
    }

    /** Asserts priority, source, the container's identity and then {@code namesAndValues}. */
    static void assertAlert(JsonNode alert, String priority, String fullId, String name, String type,
            String... namesAndValues) {
        assertEquals(priority, alert.path("priority").asText(), "priority of " + alert.path("rule"));
        assertEquals("syscall", alert.path("source").asText());
        JsonNode f = alert.path("output_fields");
        String[] identity = {"container.id", fullId.substring(0, 12), "container.name", name,
            "container.image.repository", IMAGE_REPOSITORY, "container.type", type};
        for (String[] pairs : List.of(identity, namesAndValues)) {
            for (int i = 0; i < pairs.length; i += 2) {
                assertEquals(pairs[i + 1], f.path(pairs[i]).asText(), pairs[i] + " in " + alert.path("rule") + ": " + f);
            }
        }
    }

    static void assertPlain(JsonNode alert, String priority, String... namesAndValues) {
        assertAlert(alert, priority, plainId, plainName, "docker", namesAndValues);
    }

    static void assertPrivileged(JsonNode alert, String priority, String... namesAndValues) {
        assertAlert(alert, priority, privId, privName, "podman", namesAndValues);
        assertEquals("true", alert.path("output_fields").path("container.privileged").asText());
    }

    // ---------------------------------------------------------------------------------------------
    // Falco's container event
    // ---------------------------------------------------------------------------------------------

    @Test
    void eachNewContainerRaisesOneContainerEventWithItsFields() throws Exception {
        Predicate<JsonNode> event = f -> f.path("evt.type").asText().equals("container");
        JsonNode d = awaitAlert("Vigil IT container started", event.and(f -> f.path("container.full_id").asText()
                .equals(plainId)));
        assertPlain(d, "Informational", "container.image", IMAGE, "container.image.tag", "1.0",
                "container.privileged", "false");
        JsonNode p = awaitAlert("Vigil IT container started", event.and(f -> f.path("container.full_id").asText()
                .equals(privId)));
        assertPrivileged(p, "Informational", "container.image", IMAGE);
        // container.start_ts: the start of the container's first process, an epoch time; the
        // slack covers the boot time Vigil derives from /proc/uptime.
        long now = System.currentTimeMillis() * 1_000_000L;
        for (JsonNode a : List.of(d, p)) {
            long start = a.path("output_fields").path("container.start_ts").asLong();
            assertTrue(start > beforeContainers - 5_000_000_000L && start <= now + 5_000_000_000L,
                    "container.start_ts " + start + " within the test's run (" + beforeContainers + " .. " + now + ")");
        }
        // Activity in the containers since then (every test's execs) announced nothing more.
        long events = alertsOf("Vigil IT container started").stream().map(n -> n.path("output_fields"))
                .filter(event).filter(f -> List.of(plainId, privId).contains(f.path("container.full_id").asText()))
                .count();
        assertEquals(2, events, "one container event per container");
    }

    @Test
    void launchPrivilegedContainer() throws Exception {
        // Falco's incubating rule, through its container_started macro: the container's first
        // process (pid 1 in its namespace) in a privileged container.
        JsonNode a = awaitAlert("Launch Privileged Container", in(privId, "sleep"));
        assertPrivileged(a, "Informational", "evt.type", "execve", "proc.cmdline", "sleep 1000000");
    }

    // ---------------------------------------------------------------------------------------------
    // Falco's stable container rules
    // ---------------------------------------------------------------------------------------------

    @Test
    void dropAndExecuteNewBinaryInContainer() throws Exception {
        // A binary copied into the container's writable (overlayfs upper) layer, then run.
        assertEquals(0, inPlain("mkdir -p /tmp/dropped && cp /bin/busybox /tmp/dropped/true && /tmp/dropped/true"));
        JsonNode a = awaitAlert("Drop and execute new binary in container", in(plainId, "true"));
        assertPlain(a, "Critical", "proc.exepath", "/tmp/dropped/true", "evt.type", "execve");
    }

    @Test
    void netcatRemoteCodeExecutionAndStdioRedirectedToTheConnection() throws Exception {
        // busybox nc -e connects, moves the socket onto fds 0 and 1 (dup2), then runs the program.
        assertEquals(0, inPlain("(/bin/nc -l -p 5555 >/dev/null 2>&1 &); sleep 1; /bin/nc 127.0.0.1 5555 -e /bin/true"));
        JsonNode nc = awaitAlert("Netcat Remote Code Execution in Container", in(plainId, "nc"));
        assertPlain(nc, "Warning", "proc.cmdline", "nc 127.0.0.1 5555 -e /bin/true", "evt.type", "execve");
        JsonNode dup = awaitAlert("Redirect STDOUT/STDIN to Network Connection in Container", in(plainId, "nc"));
        assertPlain(dup, "Notice", "fd.type", "ipv4", "fd.rport", "5555");
        assertTrue(List.of("dup", "dup2", "dup3").contains(dup.path("output_fields").path("evt.type").asText()),
                "a dup call: " + dup);
    }

    @Test
    void packetSocketCreatedInContainer() throws Exception {
        // arping opens its AF_PACKET socket first, then gives up on the loopback-only interface.
        inPlain("/bin/arping -c 1 -w 1 -I lo 127.0.0.1");
        JsonNode a = awaitAlert("Packet socket created in container", in(plainId, "arping"));
        assertPlain(a, "Notice", "evt.type", "socket");
        assertTrue(a.path("output").asText().contains("AF_PACKET"), "the socket's domain in the output: " + a);
    }

    @Test
    void debugfsLaunchedInPrivilegedContainer() throws Exception {
        // The process is named debugfs (a link to busybox, which has no such applet and exits 127).
        assertEquals(127, inPrivileged("ln -sf /bin/busybox /bin/debugfs && /bin/debugfs -R stats /dev/null"));
        JsonNode a = awaitAlert("Debugfs Launched in Privileged Container", in(privId, "debugfs"));
        assertPrivileged(a, "Warning", "evt.type", "execve");
    }

    @Test
    void releaseAgentEscapeAndCgroupMountInPrivilegedContainer() throws Exception {
        // The classic escape's first steps: mount a cgroup v1 hierarchy, open its release_agent for
        // writing. Opened for appending and closed: nothing is written.
        assertEquals(0, inPrivileged("mkdir -p /mnt/cg && /bin/mount -t cgroup -o freezer cgroup /mnt/cg"
                + " && true >> /mnt/cg/release_agent; r=$?; umount /mnt/cg; exit $r"));
        JsonNode falco = awaitAlert("Detect release_agent File Container Escapes", in(privId, "sh"));
        assertPrivileged(falco, "Critical", "fd.name", "/mnt/cg/release_agent", "user.uid", "0");
        JsonNode vigilRule = awaitAlert("Cgroup Release Agent Written", in(privId, "sh"));
        assertPrivileged(vigilRule, "Critical", "fd.name", "/mnt/cg/release_agent");
        JsonNode mount = awaitAlert("Host Device Or Cgroup Filesystem Mounted In Container", in(privId, "mount"));
        assertPrivileged(mount, "Critical", "evt.arg.type", "cgroup", "evt.arg.dir", "/mnt/cg", "evt.type", "mount");
    }

    // ---------------------------------------------------------------------------------------------
    // Vigil's container-only default rules
    // ---------------------------------------------------------------------------------------------

    @Test
    void shellWithTerminalInContainer() throws Exception {
        // docker exec -t: a shell with a terminal as a new entry point (left waiting; removed with the container).
        assertEquals(0, run(DOCKER, "-H", "unix:///var/run/docker.sock", "exec", "-d", "-t", plainName, "sh"));
        JsonNode a = awaitAlert("Shell With Terminal In Container", in(plainId, "sh"));
        assertPlain(a, "Notice", "evt.type", "execve");
        JsonNode falco = awaitAlert("Terminal shell in container", in(plainId, "sh"));
        assertPlain(falco, "Notice");
    }

    @Test
    void kubernetesServiceAccountSecretRead() throws Exception {
        // The token file a pod would have mounted, made inside the container, then read with cat.
        String d = "/var/run/secrets/kubernetes.io/serviceaccount";
        assertEquals(0, inPlain("mkdir -p " + d + " && echo not-a-token > " + d + "/token && /bin/cat " + d + "/token"));
        JsonNode a = awaitAlert("Kubernetes Service Account Secret Read", in(plainId, "cat"));
        assertPlain(a, "Warning", "fd.name", d + "/token");
    }

    @Test
    void namespaceJoinedFromContainer() throws Exception {
        assertEquals(0, inPrivileged("/bin/nsenter -t 1 -n true"));
        JsonNode a = awaitAlert("Namespace Joined From Container", in(privId, "nsenter"));
        assertPrivileged(a, "Error", "evt.type", "setns");
    }

    @Test
    void miningPoolPortAndOutboundConnectionFromATemporaryProgram() throws Exception {
        // A public (documentation) address on the container's own loopback, listeners on it; the
        // second client runs from a copy in /tmp.
        assertEquals(0, inPrivileged("ip addr add 198.51.100.7/32 dev lo 2>/dev/null; "
                + "(/bin/nc -l -p 3333 >/dev/null 2>&1 &); (/bin/nc -l -p 4444 >/dev/null 2>&1 &); sleep 1; "
                + "/bin/nc -w 2 198.51.100.7 3333 </dev/null; "
                + "mkdir -p /tmp/outbound && cp /bin/busybox /tmp/outbound/nc && /tmp/outbound/nc -w 2 198.51.100.7 4444 </dev/null"));
        JsonNode mining = awaitAlert("Connection To Mining Pool Port",
                in(privId, "nc").and(f -> f.path("fd.sport").asText().equals("3333")));
        assertPrivileged(mining, "Warning", "fd.sip", "198.51.100.7", "evt.type", "connect");
        JsonNode outbound = awaitAlert("Outbound Connection From Shell Or Temporary Program",
                in(privId, "nc").and(f -> f.path("proc.exepath").asText().equals("/tmp/outbound/nc")));
        assertPrivileged(outbound, "Warning", "fd.sip", "198.51.100.7", "fd.sport", "4444");
    }
}
