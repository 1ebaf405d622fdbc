package io.vigil.source.ebpf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.sdk.EventCapture;
import io.vigil.syscall.api.SyscallEventTable;
import io.vigil.syscall.api.SyscallRecord;

/**
 * Runs the real probe on this kernel (needs root and BTF; fails with the reason otherwise):
 * activity from child processes must come back as decoded events with the right fields.
 */
class LiveCaptureTest extends CaptureFixture {

    @TempDir
    Path tmp;

    @Test
    void openatOfShadowCarriesPathFlagsFdAndInode() throws Exception {
        Process p = run(null, "/bin/cat", "/etc/shadow");
        finish(p);
        Captured e = await((int) p.pid(), c -> c.type().equals("openat") && "/etc/shadow".equals(c.str("name")));
        assertTrue(e.res() >= 0, e.toString());
        assertEquals(e.res(), e.num("fd"));
        assertEquals(SyscallEventTable.AT_FDCWD, e.num("dirfd"));
        assertEquals(0, e.num("flags") & 3, "O_RDONLY");
        assertEquals(((Number) Files.getAttribute(Path.of("/etc/shadow"), "unix:ino")).longValue(), e.num("ino"));
        assertEquals(((Number) Files.getAttribute(Path.of("/etc/shadow"), "unix:dev")).longValue(), e.num("dev"));
        assertTrue(e.timestamp() > System.currentTimeMillis() * 1_000_000L - 60_000_000_000L
                && e.timestamp() < System.currentTimeMillis() * 1_000_000L + 1_000_000_000L, "epoch time");
    }

    @Test
    void execveOfNginxCarriesProgramFacts() throws Exception {
        Path nginx = tmp.resolve("nginx");
        Files.copy(Path.of("/bin/true"), nginx, StandardCopyOption.COPY_ATTRIBUTES);
        Process p = run(tmp, nginx.toString(), "-g", "daemon off;");
        finish(p);
        Captured e = await((int) p.pid(), c -> c.type().equals("execve") && c.res() == 0
                && nginx.toString().equals(c.str("filename")));
        assertEquals(nginx.toString(), e.str("exe"));
        assertEquals(List.of("-g", "daemon off;"), e.params().get("args"));
        assertEquals(tmp.toRealPath().toString(), e.str("cwd"));
        assertEquals(p.pid(), e.num("pid"));
        assertEquals(p.pid(), e.num("tid"));
        // ptid is the forking thread (Falco's semantics): one of this JVM's threads.
        assertTrue(Files.exists(Path.of("/proc/self/task/" + e.num("ptid"))), "ptid " + e.num("ptid"));
        assertEquals("nginx", e.str("comm"));
        assertEquals(nginx.toRealPath().toString(), e.str("trusted_exepath"));
        assertEquals(((Number) Files.getAttribute(nginx, "unix:ino")).longValue(), e.num("exe_ino"));
        assertTrue(e.num("exe_ino_mtime") > 0);
        assertEquals(0, e.num("uid"));
        assertTrue(((List<?>) e.params().get("env")).stream().anyMatch(s -> ((String) s).startsWith("PATH=")));
        assertTrue((e.num("flags") & SyscallEventTable.EXE_WRITABLE) != 0, "root may write the file");
        assertEquals(0, e.num("flags") & SyscallEventTable.EXE_FROM_MEMFD);
        // Inherited from this JVM: login uid, capabilities (root keeps them across exec), group.
        assertEquals(Long.parseLong(Files.readString(Path.of("/proc/self/loginuid")).trim()), e.num("loginuid"));
        long capEff = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapEff:")).map(l -> Long.parseUnsignedLong(l.substring(7).trim(), 16))
                .findFirst().orElseThrow();
        assertEquals(capEff, e.num("cap_effective"));
        String stat = Files.readString(Path.of("/proc/self/stat"));
        long pgrp = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
        assertEquals(pgrp, e.num("pgid"));
        assertTrue(e.num("vm_size") > 0 && e.num("fdlimit") > 0, e.toString());
        // The child inherits this JVM's cgroups: each controller's path as /proc shows it.
        @SuppressWarnings("unchecked")
        List<String> cgroups = (List<String>) e.params().get("cgroups");
        int compared = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] f = line.split(":", 3);
            if (f[1].matches("cpu|cpuacct|cpuset|memory|pids|devices|freezer|blkio|io")) {
                // The probe names controllers by their kernel name: v1's "blkio" is "io".
                String entry = f[1].replace("blkio", "io") + "=" + f[2];
                assertTrue(cgroups.contains(entry), entry + " in " + cgroups);
                compared++;
            }
        }
        assertTrue(compared > 0 || !cgroups.isEmpty(), "cgroups " + cgroups);
    }

    @Test
    void failedExecveCarriesFilenameAndError() throws Exception {
        Process p = run(null, "/bin/sh", "-c", "exec /nonexistent/vigil-missing 2>/dev/null; exit 0");
        finish(p);
        Captured e = await((int) p.pid(), c -> c.type().equals("execve") && c.res() < 0);
        assertEquals(-2, e.res(), "ENOENT");
        assertEquals("/nonexistent/vigil-missing", e.str("filename"));
    }

    @Test
    void connectCarriesTheTcpTuple() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            Process p = run(null, "/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port + "; echo ok >&3");
            try (Socket s = server.accept()) {
                s.getInputStream().read();
            }
            finish(p);
            // bash resolves "127.0.0.1" through the C library first, which may try a unix
            // socket (nscd) that is absent: the connect under test is the AF_INET one.
            Captured e = await((int) p.pid(), c -> c.type().equals("connect") && isInet(c.bytes("addr")));
            assertEquals(0, e.res());
            byte[] t = e.bytes("tuple");
            assertEquals(13, t.length, "IPv4 tuple");
            assertEquals(2, t[0]);
            assertArrayEquals(new byte[] {127, 0, 0, 1}, java.util.Arrays.copyOfRange(t, 1, 5));
            assertArrayEquals(new byte[] {127, 0, 0, 1}, java.util.Arrays.copyOfRange(t, 7, 11));
            int dport = ((t[11] & 0xff) << 8) | (t[12] & 0xff);
            int sport = ((t[5] & 0xff) << 8) | (t[6] & 0xff);
            assertEquals(port, dport);
            assertTrue(sport > 0 && sport != port);
            byte[] addr = e.bytes("addr");
            assertEquals(7, addr.length);
            assertEquals(port, ((addr[5] & 0xff) << 8) | (addr[6] & 0xff));
        }
    }

    private static boolean isInet(byte[] addr) {
        return addr != null && addr.length > 0 && addr[0] == 2;
    }

    @Test
    void forkChildAndProcexitAreRecorded() throws Exception {
        Process p = run(null, "/bin/sh", "-c", "/bin/true; exit 3");
        finish(p);
        int pid = (int) p.pid();
        Captured parent = await(pid, c -> c.type().matches("clone|clone3|fork|vfork") && c.res() > 0);
        long child = parent.res();
        Captured exit = await(pid, c -> c.type().equals("procexit") && c.tid() == pid);
        assertEquals(3, exit.num("ret"));
        assertNotNull(child);
    }

    @Test
    void disabledTypesAreDroppedInTheKernel() throws Exception {
        BitSet only = new BitSet();
        only.set(SyscallEventTable.EXECVE);
        only.set(SyscallEventTable.PROCEXIT);
        capture().setEventTypes(only);
        long before = capture().stats().get("events");
        Process p = run(null, "/bin/cat", "/etc/hostname");
        finish(p);
        int pid = (int) p.pid();
        List<String> types = new ArrayList<>();
        // procexit comes last for the process: everything it did has been delivered by then.
        await(pid, c -> {
            types.add(c.type());
            return c.type().equals("procexit");
        });
        assertTrue(types.contains("execve"), types.toString());
        assertFalse(types.contains("openat"), types.toString());
        assertFalse(types.contains("close"), types.toString());
        assertTrue(capture().stats().get("events") > before);
    }
}
