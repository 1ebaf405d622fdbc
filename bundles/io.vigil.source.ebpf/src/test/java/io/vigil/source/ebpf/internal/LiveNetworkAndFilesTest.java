package io.vigil.source.ebpf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.syscall.api.SockAddr;
import io.vigil.syscall.api.SyscallEventTable;

/** Sockets, file-system changes and fileless execution, recorded from real processes. */
class LiveNetworkAndFilesTest extends CaptureFixture {

    @TempDir
    Path tmp;

    private static int port(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    @Test
    void tcp4ConnectAndAcceptTuplesFaceEachOther() throws Exception {
        Process p = run(null, activity().toString(), "tcp4");
        String[] ports = finish(p).trim().split(" ");
        int server = Integer.parseInt(ports[0]);
        int client = Integer.parseInt(ports[1]);
        int pid = (int) p.pid();

        Captured bind = await(pid, c -> c.type().equals("bind"));
        assertEquals(0, bind.res());
        assertEquals(SockAddr.AF_INET, bind.bytes("addr")[0]);

        Captured connect = await(pid, c -> c.type().equals("connect"));
        byte[] t = connect.bytes("tuple");
        assertEquals(SockAddr.AF_INET, t[0]);
        assertEquals(client, port(t, 5), "source is the local end");
        assertEquals(server, port(t, 11));

        Captured accept = await(pid, c -> c.type().equals("accept4"));
        assertTrue(accept.res() >= 0);
        assertEquals(accept.res(), accept.num("fd"));
        byte[] a = accept.bytes("tuple");
        assertArrayEquals(new byte[] {2, 127, 0, 0, 1}, Arrays.copyOfRange(a, 0, 5));
        assertEquals(client, port(a, 5), "source is the remote end of an accepted connection");
        assertEquals(server, port(a, 11));
        assertEquals(4, accept.num("queuemax"));
        assertEquals(0x80000, accept.num("flags"), "SOCK_CLOEXEC");

        Captured listen = await(pid, c -> c.type().equals("listen"));
        assertEquals(4, listen.num("backlog"));
        Captured socket = await(pid, c -> c.type().equals("socket"));
        assertEquals(2, socket.num("domain"));
        assertEquals(1, socket.num("type"), "SOCK_STREAM");
    }

    @Test
    void tcp6TupleCarriesSixteenByteAddresses() throws Exception {
        Process p = run(null, activity().toString(), "tcp6");
        String[] ports = finish(p).trim().split(" ");
        Captured connect = await((int) p.pid(), c -> c.type().equals("connect"));
        byte[] t = connect.bytes("tuple");
        assertEquals(37, t.length);
        assertEquals(SockAddr.AF_INET6, t[0]);
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        assertArrayEquals(loopback, Arrays.copyOfRange(t, 1, 17));
        assertEquals(Integer.parseInt(ports[1]), port(t, 17));
        assertArrayEquals(loopback, Arrays.copyOfRange(t, 19, 35));
        assertEquals(Integer.parseInt(ports[0]), port(t, 35));
        byte[] addr = connect.bytes("addr");
        assertEquals(19, addr.length);
        assertEquals(Integer.parseInt(ports[0]), port(addr, 17));
    }

    @Test
    void udpDatagramsToAndFromExplicitAddressesCarryBothEnds() throws Exception {
        Process p = run(null, activity().toString(), "udp");
        String[] ports = finish(p).trim().split(" ");
        int receiver = Integer.parseInt(ports[0]);
        int sender = Integer.parseInt(ports[1]);
        Captured send = await((int) p.pid(), c -> c.type().equals("sendto"));
        assertEquals(4, send.res());
        assertEquals("ping", new String(send.bytes("data"), StandardCharsets.US_ASCII));
        byte[] t = send.bytes("tuple");
        assertEquals(sender, port(t, 5), "source: the sender's own port");
        assertArrayEquals(new byte[] {127, 0, 0, 1}, Arrays.copyOfRange(t, 7, 11));
        assertEquals(receiver, port(t, 11), "destination: the address passed to sendto");
        Captured recv = await((int) p.pid(), c -> c.type().equals("recvfrom"));
        byte[] r = recv.bytes("tuple");
        assertEquals(sender, port(r, 5), "source: the peer the datagram came from");
        assertEquals(receiver, port(r, 11));
    }

    @Test
    void sendmsgAndRecvmsgCarryDataAndTheMessageAddress() throws Exception {
        Process p = run(null, activity().toString(), "udpmsg");
        String[] ports = finish(p).trim().split(" ");
        int receiver = Integer.parseInt(ports[0]);
        int sender = Integer.parseInt(ports[1]);
        Captured send = await((int) p.pid(), c -> c.type().equals("sendmsg"));
        assertEquals(4, send.res());
        assertEquals("pong", new String(send.bytes("data"), StandardCharsets.US_ASCII));
        assertEquals(4, send.num("size"));
        byte[] t = send.bytes("tuple");
        assertEquals(sender, port(t, 5));
        assertEquals(receiver, port(t, 11));
        Captured recv = await((int) p.pid(), c -> c.type().equals("recvmsg"));
        assertEquals("pong", new String(recv.bytes("data"), StandardCharsets.US_ASCII));
        byte[] r = recv.bytes("tuple");
        assertEquals(sender, port(r, 5), "source: the sender");
        assertEquals(receiver, port(r, 11));
    }

    @Test
    void unixConnectCarriesThePath() throws Exception {
        Path sock = tmp.resolve("s.sock");
        Process p = run(null, activity().toString(), "unix", sock.toString());
        finish(p);
        Captured connect = await((int) p.pid(), c -> c.type().equals("connect"));
        assertEquals(0, connect.res());
        byte[] t = connect.bytes("tuple");
        assertEquals(SockAddr.AF_UNIX, t[0]);
        String path = new String(t, 17, t.length - 17, StandardCharsets.UTF_8).replace("\0", "");
        assertEquals(sock.toString(), path);
        assertTrue(ByteBuffer.wrap(t, 1, 8).getLong() != 0, "the socket's kernel address");
        byte[] addr = connect.bytes("addr");
        assertEquals(sock.toString(), new String(addr, 1, addr.length - 1, StandardCharsets.UTF_8).replace("\0", ""));
    }

    @Test
    void fexecveOfAMemfdIsFlaggedFileless() throws Exception {
        Process p = run(null, activity().toString(), "memfd");
        finish(p);
        int pid = (int) p.pid();
        Captured memfd = await(pid, c -> c.type().equals("memfd_create"));
        assertEquals("vigil-test", memfd.str("name"));
        assertTrue(memfd.num("fd") >= 0);
        Captured exec = await(pid, c -> c.type().matches("execve|execveat") && "memfd-true".equals(c.str("exe")));
        assertEquals(0, exec.res());
        assertTrue((exec.num("flags") & SyscallEventTable.EXE_FROM_MEMFD) != 0, "flags " + exec.num("flags"));
    }

    @Test
    void fileSystemChangesCarryTheirPaths() throws Exception {
        Path target = tmp.resolve("data");
        Files.writeString(target, "x");
        Process p = run(tmp, "/bin/sh", "-c",
                "ln -s /etc/shadow link && ln data hard && mv data moved && mkdir dir && chmod 4755 moved"
                        + " && rm link && rmdir dir");
        finish(p);
        assertEquals(0, p.exitValue());
        Captured symlink = await(pid(p, "ln"), c -> c.type().equals("symlinkat"));
        assertEquals("/etc/shadow", symlink.str("target"));
        assertEquals("link", symlink.str("linkpath"));
        assertEquals(SyscallEventTable.AT_FDCWD, symlink.num("linkdirfd"));
        Captured link = await(pid(p, "ln", 1), c -> c.type().equals("linkat"));
        assertEquals("data", link.str("oldpath"));
        assertEquals("hard", link.str("newpath"));
        Captured rename = await(pid(p, "mv"), c -> c.type().matches("rename|renameat|renameat2"));
        assertEquals("data", rename.str("oldpath"));
        assertEquals("moved", rename.str("newpath"));
        Captured mkdir = await(pid(p, "mkdir"), c -> c.type().matches("mkdir|mkdirat"));
        assertEquals("dir", mkdir.str("path"));
        Captured chmod = await(pid(p, "chmod"), c -> c.type().matches("chmod|fchmodat|fchmod"));
        assertEquals(04755, chmod.num("mode") & 07777);
        Captured unlink = await(pid(p, "rm"), c -> c.type().matches("unlink|unlinkat"));
        assertEquals(0, unlink.res());
        Captured rmdir = await(pid(p, "rmdir"), c -> c.type().matches("rmdir|unlinkat"));
        assertEquals(0, rmdir.res());
    }

    @Test
    void overlayExecutablesNameTheirLayer() throws Exception {
        Path lower = Files.createDirectory(tmp.resolve("lower"));
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path merged = Files.createDirectory(tmp.resolve("merged"));
        Files.copy(Path.of("/bin/true"), lower.resolve("lowertrue"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Process m = run(null, "mount", "-t", "overlay", "overlay",
                "-o", "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work, merged.toString());
        String out = finish(m);
        assertEquals(0, m.exitValue(), "mount overlay: " + out);
        try {
            Captured mount = await((int) m.pid(), c -> c.type().equals("mount"));
            assertEquals(0, mount.res());
            assertEquals(merged.toString(), mount.str("dir"));
            assertEquals("overlay", mount.str("type"));
            Files.copy(Path.of("/bin/true"), merged.resolve("uppertrue"),
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            Process lo = run(null, merged.resolve("lowertrue").toString());
            finish(lo);
            Process up = run(null, merged.resolve("uppertrue").toString());
            finish(up);
            Captured l = await((int) lo.pid(), c -> c.type().equals("execve") && c.str("exe").endsWith("lowertrue"));
            Captured u = await((int) up.pid(), c -> c.type().equals("execve") && c.str("exe").endsWith("uppertrue"));
            assertEquals(SyscallEventTable.EXE_LOWER_LAYER,
                    l.num("flags") & (SyscallEventTable.EXE_LOWER_LAYER | SyscallEventTable.EXE_UPPER_LAYER));
            assertEquals(SyscallEventTable.EXE_UPPER_LAYER,
                    u.num("flags") & (SyscallEventTable.EXE_LOWER_LAYER | SyscallEventTable.EXE_UPPER_LAYER));
        } finally {
            Process um = run(null, "umount", merged.toString());
            finish(um);
            Captured umount = await((int) um.pid(), c -> c.type().equals("umount2"));
            assertEquals(merged.toString(), umount.str("name"));
        }
    }

    // The pid of the n-th child of the shell that executed program name.
    private static int pid(Process shell, String name) throws Exception {
        return pid(shell, name, 0);
    }

    private static int pid(Process shell, String name, int nth) throws Exception {
        int[] seen = {0};
        Captured exec = awaitAny(c -> {
            if (c.type().equals("execve") && c.res() == 0 && c.num("ptid") == shell.pid()
                    && name.equals(c.str("comm"))) {
                return seen[0]++ == nth;
            }
            return false;
        });
        return exec.pid();
    }

    private static Captured awaitAny(java.util.function.Predicate<Captured> match) throws Exception {
        // Children of the shell: scan by the execve's parent rather than by pid.
        return awaitAnyPid(match);
    }
}
