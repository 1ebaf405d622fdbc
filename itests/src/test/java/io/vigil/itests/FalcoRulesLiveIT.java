package io.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Falco's own stable rules and Vigil's default rules, loaded together into the built distribution
 * capturing for real: each test does the real thing (from a process with the name and parent the
 * rule looks for) and asserts the alert JSON.
 *
 * <p>Every activity stays on this machine: files in a temporary directory (links to /etc/shadow,
 * reads of /etc/shadow and /etc/hostname), files with unique names created and removed under
 * /var/log, /etc and /usr/local/bin, and loopback sockets. Kernel-facing calls (finit_module, bpf)
 * are made with arguments the kernel rejects.
 */
class FalcoRulesLiveIT {

    @TempDir
    static Path dir;

    static LiveVigil vigil;
    static final String PYTHON = "/usr/bin/python3";

    @BeforeAll
    static void startVigil() throws Exception {
        Path falcoRules = Path.of("..", "..", "shared", "falco-rules", "falco_rules.yaml").toAbsolutePath()
                .normalize();
        Path vigilRules = Path.of("..", "rules", "vigil_rules.yaml").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(falcoRules), "Falco's rules next to the project: " + falcoRules);
        // Programs run as nobody below must reach their binaries.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        vigil = LiveVigil.start(dir, List.of("-r", falcoRules.toString(), "-r", vigilRules.toString(), "-o",
                "rule_matching=all", "-o", "json_output=true"));
        String err = vigil.stderr();
        assertTrue(err.contains("from 2 rules path(s), 0 load warnings") && err.contains("syscall (running)"),
                "both rule files load cleanly and the live syscall source runs: " + err);
    }

    @AfterAll
    static void stopVigil() throws Exception {
        if (vigil != null) {
            vigil.stop();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    /** A copy of {@code program} named {@code name} in its own directory, so the kernel calls the process that. */
    static Path named(String program, String name) throws IOException {
        Path d = Files.createTempDirectory(dir, "bin-");
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path p = d.resolve(name);
        Files.copy(Path.of(program), p, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** Runs {@code cmd} as a child of this JVM (so its parent is {@code java}) and returns its exit code. */
    static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "command finished: " + String.join(" ", cmd));
        return p.exitValue();
    }

    static String marker() {
        return "frl" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Waits for the first alert of {@code rule} matching {@code match} (alerts arrive within milliseconds; CI may be slow). */
    static JsonNode awaitAlert(String rule, Predicate<JsonNode> match) throws Exception {
        return vigil.awaitAlert(rule, match);
    }

    static Predicate<JsonNode> field(String name, String value) {
        return f -> f.path(name).asText().equals(value);
    }

    static Predicate<JsonNode> cmdlineHas(String text) {
        return f -> f.path("proc.cmdline").asText().contains(text);
    }

    static void assertFields(JsonNode alert, String priority, String... namesAndValues) {
        assertEquals(priority, alert.path("priority").asText(), "priority of " + alert.path("rule"));
        assertEquals("syscall", alert.path("source").asText());
        JsonNode f = alert.path("output_fields");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            assertEquals(namesAndValues[i + 1], f.path(namesAndValues[i]).asText(),
                    namesAndValues[i] + " in " + alert.path("rule") + ": " + f);
        }
    }

    static List<String> tags(JsonNode alert) {
        List<String> t = new ArrayList<>();
        alert.path("tags").forEach(n -> t.add(n.asText()));
        return t;
    }

    /** Runs a Python program from a copy of the interpreter named {@code name}, with {@code args} after it. */
    static int python(String name, String program, String... args) throws Exception {
        Path py = named(PYTHON, name);
        Path script = Files.createTempFile(dir, "script-", ".py");
        Files.writeString(script, program);
        List<String> cmd = new ArrayList<>(List.of(py.toString(), script.toString()));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    // ---------------------------------------------------------------------------------------------
    // Credential files
    // ---------------------------------------------------------------------------------------------

    @Test
    void readSensitiveFileUntrusted() throws Exception {
        Path cat = named("/bin/cat", "frl-shadowcat");
        assertEquals(0, run(cat.toString(), "/etc/shadow"));
        JsonNode a = awaitAlert("Read sensitive file untrusted", field("proc.name", "frl-shadowcat"));
        assertFields(a, "Warning", "fd.name", "/etc/shadow", "proc.pname", "java", "user.name", "root",
                "proc.cmdline", "frl-shadowcat /etc/shadow", "proc.exepath", cat.toString(), "evt.type", "openat");
        assertTrue(tags(a).contains("maturity_stable"), "Falco's tags: " + tags(a));
    }

    @Test
    void credentialFileReadByUntrustedProgram() throws Exception {
        Path cat = named("/bin/cat", "frl-credcat");
        assertEquals(0, run(cat.toString(), "/etc/shadow"));
        JsonNode a = awaitAlert("Credential File Read By Untrusted Program", field("proc.name", "frl-credcat"));
        assertFields(a, "Warning", "fd.name", "/etc/shadow", "proc.pname", "java", "user.name", "root",
                "user.uid", "0", "container.id", "host");
    }

    @Test
    void readSensitiveFileTrustedAfterStartup() throws Exception {
        // A process named like a web server that reads /etc/shadow more than 5 s after it started.
        String m = marker();
        assertEquals(0, python("nginx", "import time\ntime.sleep(6)\nopen('/etc/shadow').read()\n", m));
        JsonNode a = awaitAlert("Read sensitive file trusted after startup", cmdlineHas(m));
        assertFields(a, "Warning", "fd.name", "/etc/shadow", "proc.name", "nginx", "proc.pname", "java",
                "user.name", "root");
    }

    @Test
    void sshKeyMaterialReadByUntrustedProgram() throws Exception {
        Path ssh = Files.createDirectories(dir.resolve("home-keys").resolve(".ssh"));
        Path key = ssh.resolve("id_rsa");
        Files.writeString(key, "not a real key\n");
        Path cat = named("/bin/cat", "frl-keycat");
        assertEquals(0, run(cat.toString(), key.toString()));
        JsonNode a = awaitAlert("SSH Key Material Read By Untrusted Program", field("proc.name", "frl-keycat"));
        assertFields(a, "Warning", "fd.name", key.toString(), "proc.pname", "java", "user.name", "root",
                "container.id", "host");
    }

    @Test
    void directoryTraversalMonitoredFileRead() throws Exception {
        // The raw path climbs out of the temporary directory; the parent (java) is not a shell.
        Path cat = named("/bin/cat", "frl-traverse");
        String raw = dir + "/../../../../../../../../etc/hostname";
        assertEquals(0, run(cat.toString(), raw));
        JsonNode a = awaitAlert("Directory traversal monitored file read", field("proc.name", "frl-traverse"));
        assertFields(a, "Warning", "fd.name", "/etc/hostname", "fd.nameraw", raw, "proc.pname", "java",
                "user.name", "root");
    }

    // ---------------------------------------------------------------------------------------------
    // Searches for secrets
    // ---------------------------------------------------------------------------------------------

    @Test
    void searchPrivateKeysOrPasswords() throws Exception {
        Path where = Files.createDirectories(dir.resolve(marker()));
        assertEquals(1, run("/usr/bin/grep", "-r", "BEGIN RSA PRIVATE", where.toString()));
        JsonNode a = awaitAlert("Search Private Keys or Passwords", cmdlineHas(where.toString()));
        assertFields(a, "Warning", "proc.name", "grep", "proc.pname", "java", "user.name", "root",
                "proc.cmdline", "grep -r BEGIN RSA PRIVATE " + where, "evt.type", "execve");
    }

    @Test
    void searchForPrivateKeysOrCloudCredentials() throws Exception {
        Path where = Files.createDirectories(dir.resolve(marker()));
        assertEquals(0, run("/usr/bin/find", where.toString(), "-name", "id_rsa"));
        JsonNode a = awaitAlert("Search For Private Keys Or Cloud Credentials", cmdlineHas(where.toString()));
        assertFields(a, "Warning", "proc.name", "find", "proc.pname", "java", "user.name", "root",
                "container.id", "host");
        JsonNode falco = awaitAlert("Search Private Keys or Passwords", cmdlineHas(where.toString()));
        assertFields(falco, "Warning", "proc.name", "find");
    }

    @Test
    void findAwsCredentials() throws Exception {
        Path where = Files.createDirectories(dir.resolve(marker()));
        assertEquals(1, run("/usr/bin/grep", "-r", "aws_secret_access_key", where.toString()));
        JsonNode a = awaitAlert("Find AWS Credentials", cmdlineHas(where.toString()));
        assertFields(a, "Warning", "proc.name", "grep", "proc.pname", "java", "user.name", "root",
                "evt.type", "execve");
    }

    // ---------------------------------------------------------------------------------------------
    // Links, logs, data removal, writes to system directories
    // ---------------------------------------------------------------------------------------------

    @Test
    void createSymlinkOverSensitiveFiles() throws Exception {
        Path link = dir.resolve(marker());
        assertEquals(0, run("/usr/bin/ln", "-s", "/etc/shadow", link.toString()));
        JsonNode a = awaitAlert("Create Symlink Over Sensitive Files", field("evt.arg.linkpath", link.toString()));
        assertFields(a, "Warning", "evt.arg.target", "/etc/shadow", "proc.name", "ln", "proc.pname", "java",
                "user.name", "root", "evt.type", "symlinkat");
        JsonNode v = awaitAlert("Symlink Created To Sensitive File", field("evt.arg.linkpath", link.toString()));
        assertFields(v, "Warning", "evt.arg.target", "/etc/shadow", "proc.name", "ln", "container.id", "host");
    }

    @Test
    void createHardlinkOverSensitiveFiles() throws Exception {
        // The temporary directory is on the root file system, like /etc, so the link succeeds; it is removed.
        Path link = dir.resolve(marker());
        try {
            assertEquals(0, run("/usr/bin/ln", "/etc/shadow", link.toString()));
            JsonNode a = awaitAlert("Create Hardlink Over Sensitive Files", field("evt.arg.newpath", link.toString()));
            assertFields(a, "Warning", "evt.arg.oldpath", "/etc/shadow", "proc.name", "ln", "proc.pname", "java",
                    "user.name", "root", "evt.type", "linkat");
            JsonNode v = awaitAlert("Hardlink Created To Sensitive File", field("evt.arg.newpath", link.toString()));
            assertFields(v, "Warning", "evt.arg.oldpath", "/etc/shadow", "proc.name", "ln", "container.id", "host");
        } finally {
            Files.deleteIfExists(link);
        }
    }

    @Test
    void clearLogActivities() throws Exception {
        // Our own file under /var/log, truncated by a program that does not maintain logs, then removed.
        Path log = Path.of("/var/log", "vigil-" + marker() + ".log");
        try {
            Files.writeString(log, "evidence\n");
            assertEquals(0, python("frl-logwipe", "import os, sys\nos.close(os.open(sys.argv[1], os.O_WRONLY | os.O_TRUNC))\n",
                    log.toString()));
            JsonNode a = awaitAlert("Clear Log Activities", field("proc.name", "frl-logwipe"));
            assertFields(a, "Warning", "fd.name", log.toString(), "proc.pname", "java", "user.name", "root");
            JsonNode v = awaitAlert("Log Files Cleared", field("proc.name", "frl-logwipe"));
            assertFields(v, "Warning", "fd.name", log.toString(), "container.id", "host");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void removeBulkDataFromDisk() throws Exception {
        Path victim = dir.resolve(marker());
        Files.writeString(victim, "data\n");
        assertEquals(0, run("/usr/bin/shred", "-u", victim.toString()));
        JsonNode a = awaitAlert("Remove Bulk Data from Disk", cmdlineHas(victim.toString()));
        assertFields(a, "Warning", "proc.name", "shred", "proc.pname", "java", "user.name", "root",
                "proc.exepath", "/usr/bin/shred");
    }

    @Test
    void fileWrittenBelowEtc() throws Exception {
        Path f = Path.of("/etc", "vigil-" + marker() + ".conf");
        try {
            assertEquals(0, python("frl-etcwriter", "import sys\nopen(sys.argv[1], 'w').write('x')\n", f.toString()));
            JsonNode a = awaitAlert("File Written Below Etc", field("proc.name", "frl-etcwriter"));
            assertFields(a, "Error", "fd.name", f.toString(), "proc.pname", "java", "user.name", "root",
                    "container.id", "host");
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void fileWrittenBelowBinaryDirectory() throws Exception {
        Path f = Path.of("/usr/local/bin", "vigil-" + marker());
        try {
            assertEquals(0, python("frl-binwriter", "import sys\nopen(sys.argv[1], 'w').write('x')\n", f.toString()));
            JsonNode a = awaitAlert("File Written Below Binary Directory", field("proc.name", "frl-binwriter"));
            assertFields(a, "Error", "fd.name", f.toString(), "proc.pname", "java", "user.name", "root",
                    "container.id", "host");
        } finally {
            Files.deleteIfExists(f);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Execution
    // ---------------------------------------------------------------------------------------------

    @Test
    void shellSpawnedByNetworkServer() throws Exception {
        // "; exit 0" keeps the shell named nginx alive as the parent (no exec of its last command).
        Path nginx = named("/bin/sh", "nginx");
        String m = marker();
        assertEquals(0, run(nginx.toString(), "-c", "/bin/sh -c 'exit 0' " + m + "; exit 0"));
        JsonNode a = awaitAlert("Shell Spawned By Network Server", cmdlineHas(m));
        assertFields(a, "Warning", "proc.name", "sh", "proc.pname", "nginx", "proc.cmdline", "sh -c exit 0 " + m,
                "user.name", "root", "container.id", "host");
    }

    @Test
    void runShellUntrusted() throws Exception {
        // Falco looks for a web server among all the shell's ancestors (proc.aname in (...)).
        Path nginx = named("/bin/sh", "nginx");
        String m = marker();
        assertEquals(0, run(nginx.toString(), "-c", "/bin/sh -c 'exit 0' " + m + "; exit 0"));
        JsonNode a = awaitAlert("Run shell untrusted", cmdlineHas(m));
        assertFields(a, "Notice", "proc.name", "sh", "proc.pname", "nginx",
                "proc.cmdline", "sh -c exit 0 " + m, "proc.pexepath", nginx.toString(), "user.name", "root");
    }

    @Test
    void executionFromDevShm() throws Exception {
        Path d = Files.createTempDirectory(Path.of("/dev/shm"), "vigil-");
        Path exe = d.resolve("frl-shmrun");
        try {
            Files.copy(Path.of("/bin/true"), exe);
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertEquals(0, run(exe.toString()));
            JsonNode a = awaitAlert("Execution from /dev/shm", field("proc.name", "frl-shmrun"));
            assertFields(a, "Warning", "proc.exepath", exe.toString(), "proc.pname", "java", "user.name", "root");
            JsonNode v = awaitAlert("Program Executed From Shared Memory", field("proc.name", "frl-shmrun"));
            assertFields(v, "Warning", "proc.exepath", exe.toString(), "container.id", "host");
        } finally {
            Files.deleteIfExists(exe);
            Files.deleteIfExists(d);
        }
    }

    static final String MEMFD_EXEC = String.join("\n",
            "import os, sys",
            "fd = os.memfd_create('frl-payload', 0)",
            "os.write(fd, open('/bin/true', 'rb').read())",
            "os.execve('/proc/self/fd/%d' % fd, ['frl-fileless', sys.argv[1]], {})", "");

    @Test
    void filelessExecutionViaMemfdCreate() throws Exception {
        String m = marker();
        assertEquals(0, python("frl-memfd", MEMFD_EXEC, m));
        JsonNode a = awaitAlert("Fileless execution via memfd_create", cmdlineHas(m));
        assertFields(a, "Critical", "proc.pname", "java", "user.name", "root");
        JsonNode v = awaitAlert("Fileless Execution From Memory File", cmdlineHas(m));
        assertFields(v, "Critical", "proc.pname", "java", "container.id", "host");
    }

    @Test
    void netcatRemoteCommandExecution() throws Exception {
        Path nc = named("/bin/true", "nc");
        String m = marker();
        assertEquals(0, run(nc.toString(), "-e", "/bin/sh", "127.0.0.1", "9", m));
        JsonNode a = awaitAlert("Netcat Remote Command Execution", cmdlineHas(m));
        assertFields(a, "Critical", "proc.name", "nc", "proc.pname", "java", "proc.cmdline",
                "nc -e /bin/sh 127.0.0.1 9 " + m, "container.id", "host");
    }

    @Test
    void cryptocurrencyMinerStarted() throws Exception {
        Path miner = named("/bin/true", "frl-miner");
        String m = marker();
        assertEquals(0, run(miner.toString(), "-o", "stratum+tcp://127.0.0.1:3333", "-u", m));
        JsonNode a = awaitAlert("Cryptocurrency Miner Started", cmdlineHas(m));
        assertFields(a, "Critical", "proc.name", "frl-miner", "proc.pname", "java", "container.id", "host");
    }

    @Test
    void privilegeToolRunByUnexpectedParent() throws Exception {
        Path sudo = named("/bin/true", "sudo");
        String m = marker();
        assertEquals(0, run(sudo.toString(), m));
        JsonNode a = awaitAlert("Privilege Tool Run By Unexpected Parent", cmdlineHas(m));
        assertFields(a, "Informational", "proc.name", "sudo", "proc.pname", "java", "container.id", "host");
    }

    // ---------------------------------------------------------------------------------------------
    // Users and privileges
    // ---------------------------------------------------------------------------------------------

    @Test
    void systemUserInteractive() throws Exception {
        // A program named login run as the system user nobody.
        Path login = named("/bin/true", "login");
        String m = marker();
        assertEquals(0, run("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", login.toString(), m));
        JsonNode a = awaitAlert("System user interactive", cmdlineHas(m));
        assertFields(a, "Informational", "proc.name", "login", "user.name", "nobody", "user.uid", "65534",
                "proc.exepath", login.toString());
    }

    @Test
    void systemUserInteractiveBelowSshd() throws Exception {
        // The other branch of Falco's interactive macro: any ancestor named sshd (here the grandparent).
        Path sshd = named("/bin/sh", "sshd");
        String m = marker();
        assertEquals(0, run(sshd.toString(), "-c",
                "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups /bin/true " + m + "; exit 0"));
        JsonNode a = awaitAlert("System user interactive", cmdlineHas(m));
        assertFields(a, "Informational", "proc.name", "true", "proc.pname", "sshd", "user.name", "nobody",
                "proc.cmdline", "true " + m);
    }

    @Test
    void rootIdentityTakenFromUserSession() throws Exception {
        // A session with login uid 1000 (set, then carried into the next program by execve) whose process
        // drops to uid 1000 and takes root back through its saved uid.
        Path taker = named(PYTHON, "frl-rootback");
        Path takerScript = Files.createTempFile(dir, "script-", ".py");
        Files.writeString(takerScript, "import os\nos.setresuid(1000, 1000, 0)\nos.setresuid(0, 0, 0)\n");
        String session = String.join("\n",
                "import os, sys",
                "open('/proc/self/loginuid', 'w').write('1000')",
                "os.execv(sys.argv[1], [sys.argv[1], sys.argv[2]])", "");
        assertEquals(0, python("frl-session", session, taker.toString(), takerScript.toString()));
        JsonNode a = awaitAlert("Root Identity Taken From User Session", field("proc.name", "frl-rootback"));
        assertFields(a, "Error", "user.loginuid", "1000", "user.name", "root", "proc.pname", "java",
                "evt.type", "setresuid", "proc.exepath", taker.toString(), "container.id", "host");
    }

    @Test
    void dangerousCapabilitiesRaisedByNonRootProcess() throws Exception {
        // Keep the permitted set across the switch to uid 1000, then make it effective again with capset.
        String program = String.join("\n",
                "import ctypes, os",
                "libc = ctypes.CDLL(None, use_errno=True)",
                "assert libc.prctl(8, 1, 0, 0, 0) == 0",  // PR_SET_KEEPCAPS
                "os.setresuid(1000, 1000, 1000)",
                "hdr = (ctypes.c_uint32 * 2)(0x20080522, 0)",
                "data = (ctypes.c_uint32 * 6)()",
                "assert libc.capget(hdr, data) == 0",
                "data[0] = data[1]; data[3] = data[4]",
                "assert libc.capset(hdr, data) == 0, ctypes.get_errno()", "");
        assertEquals(0, python("frl-capraise", program));
        JsonNode a = awaitAlert("Dangerous Capabilities Raised By Non-Root Process", field("proc.name", "frl-capraise"));
        assertFields(a, "Warning", "user.uid", "1000", "proc.pname", "java", "container.id", "host");
        assertTrue(a.path("output_fields").path("thread.cap_effective").asText().contains("CAP_SYS_ADMIN"),
                "effective set: " + a.path("output_fields"));
    }

    // ---------------------------------------------------------------------------------------------
    // Kernel
    // ---------------------------------------------------------------------------------------------

    @Test
    void kernelModuleLoaded() throws Exception {
        // finit_module on fd -1: the kernel refuses (EBADF) before looking at any module.
        String program = "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                + "assert libc.syscall(313, -1, b'', 0) == -1\n";
        assertEquals(0, python("frl-modload", program));
        JsonNode a = awaitAlert("Kernel Module Loaded", field("proc.name", "frl-modload"));
        assertFields(a, "Warning", "evt.type", "finit_module", "proc.pname", "java", "container.id", "host");
    }

    @Test
    void bpfProgramLoaded() throws Exception {
        // bpf(BPF_PROG_LOAD) with an all-zero attribute: the kernel refuses the unspecified program type.
        String program = "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                + "attr = ctypes.create_string_buffer(128)\n"
                + "assert libc.syscall(321, 5, attr, 128) == -1\n";
        assertEquals(0, python("frl-bpfload", program));
        JsonNode a = awaitAlert("BPF Program Loaded", field("proc.name", "frl-bpfload"));
        assertFields(a, "Warning", "evt.type", "bpf", "proc.pname", "java", "container.id", "host");
        assertTrue(a.path("output_fields").path("evt.arg.cmd").asText().contains("BPF_PROG_LOAD"),
                "cmd: " + a.path("output_fields"));
    }

    static final String PTRACE_SEIZE = String.join("\n",
            "import ctypes, subprocess",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]",
            "child = subprocess.Popen(['/bin/sleep', '30'])",
            "try:",
            "    assert libc.ptrace(0x4206, child.pid, None, None) == 0, ctypes.get_errno()",
            "    libc.ptrace(17, child.pid, None, None)",
            "finally:",
            "    child.kill()",
            "    child.wait()", "");

    @Test
    void processAttachedWithPtrace() throws Exception {
        assertEquals(0, python("frl-tracer", PTRACE_SEIZE));
        JsonNode a = awaitAlert("Process Attached With Ptrace", field("proc.name", "frl-tracer"));
        assertFields(a, "Warning", "evt.type", "ptrace", "proc.pname", "java", "container.id", "host");
        assertTrue(a.path("output_fields").path("evt.arg.request").asText().contains("PTRACE_SEIZE"),
                "request: " + a.path("output_fields"));
    }

    @Test
    void ptraceAttachedToProcess() throws Exception {
        assertEquals(0, python("frl-tracer2", PTRACE_SEIZE));
        JsonNode a = awaitAlert("PTRACE attached to process", field("proc.name", "frl-tracer2"));
        assertFields(a, "Warning", "evt.type", "ptrace", "proc.pname", "java", "user.name", "root");
    }

    // ---------------------------------------------------------------------------------------------
    // Network (loopback only)
    // ---------------------------------------------------------------------------------------------

    @Test
    void packetSocketOpened() throws Exception {
        String program = "import socket\nsocket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0).close()\n";
        assertEquals(0, python("frl-sniffer", program));
        JsonNode a = awaitAlert("Packet Socket Opened", field("proc.name", "frl-sniffer"));
        assertFields(a, "Notice", "evt.type", "socket", "proc.pname", "java", "container.id", "host");
    }

    /** Ports of Falco's ssh_non_standard_ports; the first free one on ::1 is used. */
    static ServerSocket listenOnIpv6LoopbackSshPort() throws IOException {
        for (int port : new int[] {4444, 8443, 8080, 88, 443, 80, 53}) {
            try {
                return new ServerSocket(port, 10, InetAddress.getByName("::1"));
            } catch (IOException busy) {
                // try the next one
            }
        }
        throw new IOException("none of Falco's non-standard ssh ports is free on ::1");
    }

    @Test
    void disallowedSshConnectionNonStandardPort() throws Exception {
        // Falco's outbound macro leaves out 127.0.0.0/8 but not ::1: the ssh client connects to a local listener.
        try (ServerSocket server = listenOnIpv6LoopbackSshPort()) {
            int port = server.getLocalPort();
            Thread closer = new Thread(() -> {
                try {
                    server.accept().close();
                } catch (IOException ignored) {
                    // the test ends the listener
                }
            });
            closer.start();
            run("/usr/bin/ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o",
                    "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-p", String.valueOf(port), "::1", "true");
            Predicate<JsonNode> toPort = f -> f.path("fd.name").asText().endsWith("->::1:" + port);
            JsonNode a = awaitAlert("Disallowed SSH Connection Non Standard Port", toPort);
            assertFields(a, "Notice", "proc.name", "ssh", "proc.pname", "java", "evt.type", "connect",
                    "fd.l4proto", "tcp", "fd.rport", String.valueOf(port), "user.name", "root");
            JsonNode v = awaitAlert("SSH Connection To Non-Standard Port", toPort);
            assertFields(v, "Notice", "proc.name", "ssh", "fd.sport", String.valueOf(port), "container.id", "host");
        }
    }

    /**
     * A Python copy named python3 connects to {@code port} on 127.0.0.1, puts the socket on its stdin
     * and stdout with dup2, and executes a shell with them: a scripted reverse shell.
     */
    static void reverseShell(int port, String m) throws Exception {
        String program = String.join("\n",
                "import os, socket, sys",
                "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))",
                "os.dup2(s.fileno(), 0)",
                "os.dup2(s.fileno(), 1)",
                "os.execv('/bin/sh', ['sh', '-c', 'exit 0', sys.argv[2]])", "");
        assertEquals(0, python("python3", program, String.valueOf(port), m));
    }

    @Test
    void reverseShellStandardStreamRedirectedToSocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            reverseShell(port, marker());
            JsonNode a = awaitAlert("Reverse Shell Standard Stream Redirected To Socket",
                    f -> f.path("fd.name").asText().endsWith("->127.0.0.1:" + port));
            assertFields(a, "Critical", "proc.name", "python3", "proc.pname", "java", "container.id", "host");
            String newfd = a.path("output_fields").path("evt.rawres").asText();
            assertTrue(newfd.equals("0") || newfd.equals("1"), "dup2 onto stdin or stdout: " + newfd);
        }
    }

    @Test
    void reverseShellStartedWithSocketAsStandardStream() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            String m = marker();
            reverseShell(server.getLocalPort(), m);
            JsonNode a = awaitAlert("Reverse Shell Started With Socket As Standard Stream",
                    f -> f.path("proc.cmdline").asText().contains(m));
            assertFields(a, "Critical", "proc.name", "sh", "proc.pname", "java", "container.id", "host");
            assertEquals("[\"ipv4\"]", a.path("output_fields").path("fd.types[0]").toString());
        }
    }
}
