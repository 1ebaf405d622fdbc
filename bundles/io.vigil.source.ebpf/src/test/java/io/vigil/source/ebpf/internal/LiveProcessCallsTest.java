package io.vigil.source.ebpf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signals, credentials, prctl, namespaces and descriptor plumbing, recorded from a real process. */
class LiveProcessCallsTest extends CaptureFixture {

    @Test
    void callsCarryTheirArguments() throws Exception {
        Process p = run(null, activity().toString(), "misc");
        String[] fds = finish(p).trim().split(" ");
        assertEquals(0, p.exitValue());
        int pid = (int) p.pid();
        int rfd = Integer.parseInt(fds[0]);
        int wfd = Integer.parseInt(fds[1]);

        Captured kill = await(pid, c -> c.type().equals("kill"));
        assertEquals(pid, kill.num("pid"));
        assertEquals(0, kill.num("sig"));

        Captured prctl = await(pid, c -> c.type().equals("prctl"));
        assertEquals(15, prctl.num("option"), "PR_SET_NAME");
        assertEquals("vigil-misc", prctl.str("arg2_str"));

        Captured setresuid = await(pid, c -> c.type().equals("setresuid"));
        assertEquals(0, setresuid.res());
        assertEquals(0, setresuid.num("euid"));
        await(pid, c -> c.type().equals("setresgid") && c.num("sgid") == 0);
        await(pid, c -> c.type().equals("setuid") && c.num("uid") == 0);
        await(pid, c -> c.type().equals("setgid") && c.num("gid") == 0);

        Captured pipe = await(pid, c -> c.type().equals("pipe2"));
        assertEquals(rfd, pipe.num("fd1"));
        assertEquals(wfd, pipe.num("fd2"));
        assertTrue(pipe.num("ino") > 0);
        assertEquals(0x80000, pipe.num("flags"), "O_CLOEXEC");

        Captured pair = await(pid, c -> c.type().equals("socketpair"));
        assertEquals(1, pair.num("domain"), "AF_UNIX");
        assertTrue(pair.num("fd1") >= 0 && pair.num("fd2") >= 0);
        assertTrue(pair.num("source") != 0 && pair.num("peer") != 0 && pair.num("source") != pair.num("peer"));

        Captured dup3 = await(pid, c -> c.type().equals("dup3"));
        assertEquals(77, dup3.res());
        assertEquals(rfd, dup3.num("oldfd"));
        assertEquals(77, dup3.num("newfd"));
        Captured fcntl = await(pid, c -> c.type().equals("fcntl") && c.num("fd") == 77);
        assertEquals(1030, fcntl.num("cmd"), "F_DUPFD_CLOEXEC");
        assertTrue(fcntl.res() >= 90);
        // (the launcher's own dup2 calls onto 0-2 come first in the same process)
        Captured dup2 = await(pid, c -> c.type().equals("dup2") && c.res() == 78);
        assertEquals(78, dup2.num("newfd"));
        assertEquals(wfd, dup2.num("oldfd"));
        Captured close = await(pid, c -> c.type().equals("close") && c.num("fd") == 78);
        assertEquals(0, close.res());
        Captured unshare = await(pid, c -> c.type().equals("unshare"));
        assertEquals(0x04000000, unshare.num("flags"), "CLONE_NEWUTS");
        assertEquals(0, unshare.res());
    }

    @TempDir
    Path tmp;

    @Test
    void kernelFacingCallsAreRecordedEvenWhenTheyFail() throws Exception {
        Process p = run(null, activity().toString(), "kernel", tmp.toString());
        String out = finish(p).trim();
        assertEquals(0, p.exitValue(), out);
        int pid = (int) p.pid();
        Captured ptrace = await(pid, c -> c.type().equals("ptrace"));
        assertEquals(0, ptrace.num("request"), "PTRACE_TRACEME");
        Captured bpf = await(pid, c -> c.type().equals("bpf"));
        assertEquals(1000, bpf.num("cmd"));
        assertTrue(bpf.res() < 0);
        Captured finit = await(pid, c -> c.type().equals("finit_module"));
        assertEquals(-1, finit.num("fd"));
        assertTrue(finit.res() < 0, "EBADF, or ENOSYS on kernels without modules");
        Captured init = await(pid, c -> c.type().equals("init_module"));
        assertEquals("vigil=1", init.str("uargs"));
        Captured chroot = await(pid, c -> c.type().equals("chroot"));
        assertEquals("/", chroot.str("path"));
        Captured setns = await(pid, c -> c.type().equals("setns"));
        assertEquals(-1, setns.num("fd"));
        Captured openat2 = await(pid, c -> c.type().equals("openat2"));
        assertEquals(Integer.parseInt(out), openat2.res());
        assertEquals("/etc/hostname", openat2.str("name"));
        assertEquals(0x80000, openat2.num("flags"), "O_RDONLY|O_CLOEXEC from struct open_how");
        assertTrue(openat2.num("ino") > 0);
        Captured creat = await(pid, c -> c.type().equals("creat"));
        assertEquals(tmp.resolve("created").toString(), creat.str("name"));
        assertEquals(0640, creat.num("mode"));
        assertTrue(creat.res() >= 0 && creat.num("ino") > 0);
    }
}
