package io.vigil.syscall.internal.state;

import static io.vigil.syscall.internal.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vigil.syscall.api.SockAddr;
import io.vigil.syscall.internal.TestEvents;

class StateUpdaterTest {

    static final int PARENT = 4_000_100;
    static final int CHILD = 4_000_200;

    SyscallState state;
    StateUpdater updater;

    @BeforeEach
    void setUp() {
        // No /proc reader: threads that are not in the table are made up from the event's ids.
        state = new SyscallState(new ThreadTable(1024, tid -> false),
                new UserDb(Path.of("/nonexistent/passwd"), Path.of("/nonexistent/group"), 0), null);
        updater = new StateUpdater(state);
        ThreadInfo p = new ThreadInfo(PARENT, PARENT);
        p.ptid = 1;
        p.setComm("bash");
        p.exe = "bash";
        p.exepath = "/usr/bin/bash";
        p.setArgs(List.of("-i"));
        p.cwd = new ThreadInfo.Cwd("/home/alice");
        state.threads().put(p);
    }

    ThreadInfo parent() {
        return state.threads().get(PARENT);
    }

    void openat(int tid, long fd, long dirfd, String name, long flags) {
        updater.update(event("openat", tid, tid).p("fd", fd).p("dirfd", dirfd).p("name", name)
                .p("flags", flags).p("mode", 0L).build());
    }

    @Test
    void openResolvesRelativePathsAgainstCwdAndDirfd() {
        openat(PARENT, 3, LinuxFlags.AT_FDCWD, "notes/../todo.txt", LinuxFlags.O_RDONLY);
        assertEquals("/home/alice/todo.txt", parent().fds.get(3).name());
        assertEquals("notes/../todo.txt", parent().fds.get(3).nameRaw);

        openat(PARENT, 4, LinuxFlags.AT_FDCWD, "/etc", LinuxFlags.O_DIRECTORY);
        assertEquals(FdType.DIRECTORY, parent().fds.get(4).type);
        openat(PARENT, 5, 4, "./passwd", LinuxFlags.O_RDONLY);
        assertEquals("/etc/passwd", parent().fds.get(5).name());
        assertSame(parent().fds.get(5), state.context().fd);
        assertEquals(5, state.context().fdNum);
    }

    @Test
    void failedOpenKeepsThePathForTheEventButAddsNoFd() {
        openat(PARENT, -2, LinuxFlags.AT_FDCWD, "missing", LinuxFlags.O_RDONLY);
        assertEquals(0, parent().fds.size());
        assertEquals("/home/alice/missing", state.context().path);
        assertEquals(-2, state.context().fdNum);
        assertNull(state.context().fd);
    }

    @Test
    void chdirAndFchdirMoveTheCwd() {
        updater.update(event("chdir", PARENT, PARENT).res(0).p("path", "../bob").build());
        assertEquals("/home/bob", parent().cwd.path);
        openat(PARENT, 7, LinuxFlags.AT_FDCWD, "/var/log", LinuxFlags.O_DIRECTORY);
        updater.update(event("fchdir", PARENT, PARENT).res(0).p("fd", 7L).build());
        assertEquals("/var/log", parent().cwd.path);
        updater.update(event("chdir", PARENT, PARENT).res(-2).p("path", "/nope").build());
        assertEquals("/var/log", parent().cwd.path);
    }

    @Test
    void forkCopiesTheFdTableAndCloneFilesSharesIt() {
        openat(PARENT, 3, LinuxFlags.AT_FDCWD, "/etc/hosts", LinuxFlags.O_RDONLY);
        updater.update(event("fork", PARENT, PARENT).res(CHILD).p("flags", 0L).build());
        ThreadInfo child = state.threads().get(CHILD);
        assertNotNull(child);
        assertEquals(PARENT, child.ptid);
        assertEquals(CHILD, child.pid);
        assertEquals("bash", child.comm);
        assertEquals("/etc/hosts", child.fds.get(3).name());
        assertNotSame(parent().fds, child.fds);
        // The child's record (result 0) arrives too and must not lose the copied table.
        updater.update(event("fork", CHILD, CHILD).res(0).p("ptid", (long) PARENT).p("vtid", 77L)
                .p("vpid", 77L).p("comm", "bash").build());
        assertEquals("/etc/hosts", state.threads().get(CHILD).fds.get(3).name());
        assertEquals(77, state.threads().get(CHILD).vpid);
        updater.update(event("close", CHILD, CHILD).res(0).p("fd", 3L).build());
        assertNull(state.threads().get(CHILD).fds.get(3));
        assertNotNull(parent().fds.get(3), "closing in the child leaves the parent's fd");

        long threadFlags = LinuxFlags.CLONE_THREAD | LinuxFlags.CLONE_FILES | LinuxFlags.CLONE_FS | LinuxFlags.CLONE_VM;
        updater.update(event("clone", PARENT, PARENT).res(CHILD + 1).p("flags", threadFlags).build());
        ThreadInfo thread = state.threads().get(CHILD + 1);
        assertEquals(PARENT, thread.pid);
        assertSame(parent().fds, thread.fds);
        assertSame(parent().cwd, thread.cwd);
    }

    @Test
    void childRecordFirstInheritsFromTheParentNamedInPtid() {
        openat(PARENT, 9, LinuxFlags.AT_FDCWD, "/tmp/x", LinuxFlags.O_WRONLY);
        updater.update(event("clone", CHILD, CHILD).res(0).p("ptid", (long) PARENT).p("flags", 0L)
                .p("exe", "bash").p("args", List.of("-i")).p("comm", "bash").build());
        ThreadInfo child = state.threads().get(CHILD);
        assertEquals("/tmp/x", child.fds.get(9).name());
        assertSame(child, state.context().thread);
        // The parent's record afterwards does not replace the child.
        updater.update(event("clone", PARENT, PARENT).res(CHILD).p("flags", 0L).build());
        assertSame(child, state.threads().get(CHILD));
    }

    @Test
    void execReplacesProgramArgsAndClosesCloexecFds() {
        openat(PARENT, 3, LinuxFlags.AT_FDCWD, "/etc/a", LinuxFlags.O_RDONLY | LinuxFlags.O_CLOEXEC);
        openat(PARENT, 4, LinuxFlags.AT_FDCWD, "/etc/b", LinuxFlags.O_RDONLY);
        updater.update(event("execve", PARENT, PARENT).res(0).p("exe", "curl")
                .p("args", List.of("-s", "http://example.com")).p("comm", "curl")
                .p("env", List.of("HOME=/home/alice", "TERM=xterm")).p("trusted_exepath", "/usr/bin/curl")
                .p("uid", 1000L).p("gid", 1000L).p("loginuid", 1000L).p("tty", 34816L)
                .p("cap_permitted", 0L).p("cap_effective", 0L).p("cap_inheritable", 0L)
                .p("flags", 1L | 4L).p("exe_ino", 1234L).build());
        ThreadInfo t = parent();
        assertEquals("curl", t.comm);
        assertEquals("curl", t.exe);
        assertEquals("/usr/bin/curl", t.exepath);
        assertEquals(List.of("-s", "http://example.com"), t.args());
        assertEquals("curl -s http://example.com", t.cmdline());
        assertEquals("-s http://example.com", t.argsJoined());
        assertEquals("/home/alice", t.envValue("HOME"));
        assertEquals("", t.envValue("HOM"));
        assertEquals(1000, t.uid);
        assertEquals(1000, t.loginuid);
        assertTrue(t.exeWritable);
        assertTrue(t.exeFromMemfd);
        assertFalse(t.exeUpperLayer);
        assertEquals(1234, t.exeIno);
        assertNull(t.fds.get(3), "O_CLOEXEC fd is closed by exec");
        assertNotNull(t.fds.get(4));

        updater.update(event("execve", PARENT, PARENT).res(-2).p("exe", "nope").build());
        assertEquals("curl", parent().exe, "a failed exec changes nothing");
    }

    @Test
    void closeRemovesTheFdButTheEventStillSeesIt() {
        openat(PARENT, 3, LinuxFlags.AT_FDCWD, "/etc/shadow", LinuxFlags.O_RDONLY);
        updater.update(event("close", PARENT, PARENT).res(0).p("fd", 3L).build());
        assertNull(parent().fds.get(3));
        assertEquals("/etc/shadow", state.context().fd.name());
        assertEquals(3, state.context().fdNum);
    }

    @Test
    void dupFamiliesCopyTheFd() {
        openat(PARENT, 3, LinuxFlags.AT_FDCWD, "/etc/a", LinuxFlags.O_RDONLY | LinuxFlags.O_CLOEXEC);
        updater.update(event("dup", PARENT, PARENT).res(4).p("oldfd", 3L).build());
        assertEquals("/etc/a", parent().fds.get(4).name());
        assertEquals(0, parent().fds.get(4).openFlags & LinuxFlags.O_CLOEXEC, "dup clears close-on-exec");
        updater.update(event("dup2", PARENT, PARENT).res(1).p("oldfd", 3L).p("newfd", 1L).build());
        assertEquals("/etc/a", parent().fds.get(1).name());
        assertEquals(3, state.context().fdNum, "fd fields of dup describe the old fd, as in Falco");
        updater.update(event("fcntl", PARENT, PARENT).res(10).p("fd", 3L).p("cmd", (long) LinuxFlags.F_DUPFD).build());
        assertEquals("/etc/a", parent().fds.get(10).name());
        updater.update(event("fcntl", PARENT, PARENT).res(0).p("fd", 3L).p("cmd", 3L).build());
        assertNull(parent().fds.get(0), "other fcntl commands create nothing");
    }

    @Test
    void connectNamesTheSocketWithItsTuple() {
        updater.update(event("socket", PARENT, PARENT).p("fd", 5L).p("domain", (long) SockAddr.AF_INET)
                .p("type", 1L).p("proto", 0L).build());
        updater.update(event("connect", PARENT, PARENT).res(0).p("fd", 5L)
                .p("tuple", TestEvents.tuple4("10.0.0.1", 43210, "10.0.0.2", 443)).build());
        FdInfo s = parent().fds.get(5);
        assertEquals("10.0.0.1:43210->10.0.0.2:443", s.name());
        assertEquals(FdType.IPV4_SOCK, s.type);
        assertEquals("tcp", s.l4protoName());
        assertTrue(s.connected);
        assertEquals(FdInfo.ROLE_CLIENT, s.role);
        assertTrue(state.context().nameChanged);

        updater.update(event("socket", PARENT, PARENT).p("fd", 6L).p("domain", (long) SockAddr.AF_INET6)
                .p("type", 2L).p("proto", 0L).build());
        updater.update(event("connect", PARENT, PARENT).res(0).p("fd", 6L)
                .p("tuple", TestEvents.tuple6("2001:db8::1", 5353, "2001:db8:0:0:1::2", 53)).build());
        assertEquals("2001:db8::1:5353->2001:db8::1:0:0:2:53", parent().fds.get(6).name());
        assertEquals("udp", parent().fds.get(6).l4protoName());

        updater.update(event("socket", PARENT, PARENT).p("fd", 7L).p("domain", (long) SockAddr.AF_INET6)
                .p("type", 1L).p("proto", 0L).build());
        updater.update(event("connect", PARENT, PARENT).res(-115).p("fd", 7L)
                .p("tuple", TestEvents.tuple6("::ffff:127.0.0.1", 40000, "::ffff:127.0.0.1", 8080)).build());
        FdInfo m = parent().fds.get(7);
        assertEquals("127.0.0.1:40000->127.0.0.1:8080", m.name(), "IPv4-mapped tuples print as IPv4");
        assertEquals(FdType.IPV4_SOCK, m.type);
        assertFalse(m.connected, "EINPROGRESS is not connected yet");
    }

    @Test
    void acceptAndBindDescribeServerSockets() {
        updater.update(event("socket", PARENT, PARENT).p("fd", 3L).p("domain", (long) SockAddr.AF_INET)
                .p("type", 1L).p("proto", 6L).build());
        updater.update(event("bind", PARENT, PARENT).res(0).p("fd", 3L).p("addr", TestEvents.addr4("0.0.0.0", 8080)).build());
        FdInfo listen = parent().fds.get(3);
        assertEquals(FdType.IPV4_SERVSOCK, listen.type);
        assertEquals("0.0.0.0:8080", listen.name());
        updater.update(event("accept4", PARENT, PARENT).p("fd", 4L)
                .p("tuple", TestEvents.tuple4("192.168.1.9", 51000, "192.168.1.2", 8080)).build());
        FdInfo conn = parent().fds.get(4);
        assertEquals("192.168.1.9:51000->192.168.1.2:8080", conn.name());
        assertEquals(FdInfo.ROLE_SERVER, conn.role);
        assertEquals(8080, conn.dport);

        updater.update(event("accept4", PARENT, PARENT).p("fd", 5L)
                .p("tuple", TestEvents.tupleUnix(0xffff9a01L, 0xffff9a02L, "/run/app.sock")).build());
        assertEquals("ffff9a01->ffff9a02 /run/app.sock", parent().fds.get(5).name());
        assertEquals(FdType.UNIX_SOCK, parent().fds.get(5).type);
    }

    @Test
    void pipesMemfdsAndCredentials() {
        updater.update(event("pipe2", PARENT, PARENT).res(0).p("fd1", 3L).p("fd2", 4L).p("ino", 99L).build());
        assertEquals(FdType.FIFO, parent().fds.get(3).type);
        assertEquals(FdType.FIFO, parent().fds.get(4).type);
        updater.update(event("memfd_create", PARENT, PARENT).p("fd", 5L).p("name", "payload").p("flags", 1L).build());
        assertEquals("memfd:payload", parent().fds.get(5).name());
        assertEquals(FdType.MEMFD, parent().fds.get(5).type);
        updater.update(event("setuid", PARENT, PARENT).res(0).p("uid", 33L).build());
        assertEquals(33, parent().uid);
        updater.update(event("setresgid", PARENT, PARENT).res(0).p("rgid", 44L).p("egid", 44L).p("sgid", 44L).build());
        assertEquals(44, parent().gid);
        updater.update(event("setuid", PARENT, PARENT).res(-1).p("uid", 0L).build());
        assertEquals(33, parent().uid, "a failed setuid changes nothing");
        updater.update(event("capset", PARENT, PARENT).res(0).p("cap_inheritable", 0L)
                .p("cap_permitted", (1L << 21) | 1L).p("cap_effective", 1L << 21).build());
        assertEquals("CAP_CHOWN CAP_SYS_ADMIN", parent().capPermittedNames());
        assertEquals("CAP_SYS_ADMIN", parent().capEffectiveNames());
        updater.update(event("prctl", PARENT, PARENT).res(0).p("option", 15L).p("arg2_str", "kworker").build());
        assertEquals("kworker", parent().comm);
    }

    @Test
    void anUnseenThreadOfAKnownProcessSharesItsFds() {
        openat(PARENT, 3, LinuxFlags.AT_FDCWD, "/etc/hosts", LinuxFlags.O_RDONLY);
        updater.update(event("read", PARENT + 1, PARENT).res(5).p("fd", 3L).build());
        ThreadInfo t = state.threads().get(PARENT + 1);
        assertSame(parent().fds, t.fds);
        assertEquals("bash", t.comm);
        assertEquals("/etc/hosts", state.context().fd.name());
    }

    @Test
    void anUnknownThreadIsReadFromProc() throws Exception {
        ProcReader reader = new ProcReader(Path.of("/proc"));
        SyscallState live = new SyscallState(new ThreadTable(1024, reader::isAlive),
                new UserDb(Path.of("/nonexistent/passwd"), Path.of("/nonexistent/group"), 0), reader);
        StateUpdater u = new StateUpdater(live);
        int self = (int) ProcessHandle.current().pid();
        u.update(event("kill", self, self).res(0).p("pid", 1L).p("sig", 0L).build());
        ThreadInfo me = live.threads().get(self);
        assertEquals(ProcessHandle.current().info().arguments().map(List::of).orElseThrow(), me.args());
        assertTrue(me.fds.size() > 2);

        // An exec record without cgroups: they are read from /proc, since runtimes move
        // processes between cgroups after fork.
        me.setCgroups(List.of("cpu=/stale"));
        u.update(event("execve", self, self).res(0).p("exe", "java").p("comm", "java").build());
        String line = java.nio.file.Files.readAllLines(Path.of("/proc/self/cgroup")).get(0);
        String path = line.substring(line.indexOf(':', line.indexOf(':') + 1) + 1);
        assertTrue(me.cgroupsJoined() != null && me.cgroupsJoined().contains("=" + path)
                && !me.cgroupsJoined().contains("/stale"), me.cgroupsJoined());
    }

    @Test
    void exitedThreadIsReadableForItsProcexitThenRemoved() {
        updater.update(event("fork", PARENT, PARENT).res(CHILD).p("flags", 0L).build());
        updater.update(event("procexit", CHILD, CHILD).p("status", 0L).build());
        assertSame(state.threads().get(CHILD), state.context().thread);
        assertTrue(state.context().thread.exited);
        updater.update(event("kill", PARENT, PARENT).res(0).p("pid", 1L).p("sig", 9L).build());
        assertNull(state.threads().get(CHILD));
    }

    @Test
    void orphansMoveToTheReaperAndPidReuseIsNotTakenForTheParent() {
        ThreadInfo init = new ThreadInfo(1, 1);
        init.setComm("systemd");
        state.threads().put(init);
        parent().cloneTs = 1000;
        updater.update(event("fork", PARENT, PARENT).res(CHILD).p("flags", 0L).ts(2000).build());
        updater.update(event("fork", CHILD, CHILD).res(CHILD + 1).p("flags", 0L).ts(3000).build());
        updater.update(event("procexit", PARENT, PARENT).p("reaper_tid", 1L).ts(4000).build());
        updater.update(event("kill", CHILD, CHILD).res(0).p("pid", 1L).p("sig", 0L).ts(5000).build());
        ThreadInfo child = state.threads().get(CHILD);
        assertSame(init, state.threads().parentProcess(child), "the orphan now belongs to its reaper");
        assertEquals(1, child.ptid);

        // The grandchild's parent exits without a known reaper; a new process reuses its pid.
        updater.update(event("procexit", CHILD, CHILD).ts(6000).build());
        updater.update(event("fork", 1, 1).res(CHILD).p("flags", 0L).ts(7000).build());
        ThreadInfo grandchild = state.threads().get(CHILD + 1);
        assertNull(state.threads().parentProcess(grandchild), "a younger process with the old pid is not the parent");
    }

    @Test
    void millionShortLivedProcessesDoNotGrowTheTable() {
        long number = 1_000_000;
        for (int i = 0; i < 1_000_000; i++) {
            int child = 5_000_000 + (i % 4_000_000);
            updater.update(event("clone", PARENT, PARENT).res(child).p("flags", 0L).num(number++).build());
            updater.update(event("execve", child, child).res(0).p("exe", "true").p("comm", "true")
                    .p("args", List.of()).num(number++).build());
            updater.update(event("procexit", child, child).num(number++).build());
        }
        assertTrue(state.threads().size() <= 3, "table size " + state.threads().size());
    }

    @Test
    void lostExitsAreEvictedAtCapacity() {
        long number = 1;
        for (int i = 0; i < 1_000_000; i++) {
            updater.update(event("clone", PARENT, PARENT).res(6_000_000 + i).p("flags", 0L).num(number++).build());
        }
        // Every made-up child is unknown to the kernel, so sweeps drop them; the parent is
        // kept because it was active last... or dropped and read back: either way bounded.
        assertTrue(state.threads().size() <= 1024, "table size " + state.threads().size());
        assertTrue(state.threads().evictions() > 900_000);
    }
}
