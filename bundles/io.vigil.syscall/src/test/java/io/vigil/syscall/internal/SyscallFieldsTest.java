package io.vigil.syscall.internal;

import static io.vigil.syscall.internal.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.sdk.Event;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.testkit.Extractors;
import io.vigil.syscall.api.SockAddr;
import io.vigil.syscall.internal.state.LinuxFlags;
import io.vigil.syscall.internal.state.StateUpdater;
import io.vigil.syscall.internal.state.SyscallState;
import io.vigil.syscall.internal.state.ThreadInfo;
import io.vigil.syscall.internal.state.ThreadTable;
import io.vigil.syscall.internal.state.UserDb;

/** Field values and formats, checked against Falco's, over synthetic events run through the parser. */
class SyscallFieldsTest {

    static final int INIT = 4_100_001;
    static final int SSHD = 4_100_010;
    static final int SHELL = 4_100_020;
    static final int CURL = 4_100_030;

    SyscallState state;
    StateUpdater updater;
    SyscallFieldExtractor extractor;

    @BeforeEach
    void setUp(@TempDir Path dir) throws IOException {
        Path passwd = dir.resolve("passwd");
        Path group = dir.resolve("group");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice:/home/alice:/bin/zsh\n");
        Files.writeString(group, "root:x:0:\nalice:x:1000:\n");
        state = new SyscallState(new ThreadTable(1024, tid -> false), new UserDb(passwd, group, 0), null);
        SyscallStateService service = new SyscallStateService(state);
        updater = service.updater();
        extractor = new SyscallFieldExtractor(service);
        put(INIT, 0, "systemd", "/usr/lib/systemd/systemd", List.of(), 0);
        put(SSHD, INIT, "sshd", "/usr/sbin/sshd", List.of("-D"), 0);
        ThreadInfo sh = put(SHELL, SSHD, "bash", "/usr/bin/bash", List.of("-l"), 1000);
        sh.sid = SHELL;
        sh.vpid = SHELL;
        sh.vpgid = SHELL;
        sh.loginuid = 1000;
        sh.tty = 34816;
        ThreadInfo curl = put(CURL, SHELL, "curl", "/usr/bin/curl", List.of("-s", "http://10.0.0.2/x"), 1000);
        curl.sid = SHELL;
        curl.vpgid = CURL;
        curl.vpid = CURL;
        curl.loginuid = 1000;
        curl.cwd = new ThreadInfo.Cwd("/home/alice");
        curl.setEnv(List.of("HOME=/home/alice", "PATH=/usr/bin"));
        curl.cloneTs = 1_700_000_000_000_000_000L;
        curl.exeIno = 4242;
        curl.setCaps(0, 1L << 21, 1L << 21);
    }

    ThreadInfo put(int pid, int ppid, String comm, String exepath, List<String> args, long uid) {
        ThreadInfo t = new ThreadInfo(pid, pid);
        t.ptid = ppid;
        t.setComm(comm);
        t.exe = comm;
        t.exepath = exepath;
        t.setArgs(args);
        t.uid = uid;
        t.gid = uid;
        state.threads().put(t);
        return t;
    }

    /** Runs the event through the state parser, then extracts the field as the engine would. */
    Object x(Event e, String field) {
        return Extractors.bind(e.source(), field, extractor).extract(e);
    }

    Event parsed(TestEvents.Builder b) {
        Event e = b.build();
        updater.update((io.vigil.syscall.api.SyscallEvent) e);
        return e;
    }

    Event openat(long fd, long dirfd, String name, long flags) {
        return parsed(event("openat", CURL, CURL).p("fd", fd).p("dirfd", dirfd).p("name", name)
                .p("flags", flags).p("mode", 0644L).p("dev", 0x803L).p("ino", 1234L));
    }

    @Test
    void declaresFalcosFieldsForTheSyscallSourceOnly() {
        List<FieldDescriptor> fields = extractor.fields();
        assertTrue(fields.size() > 150, "fields: " + fields.size());
        for (String name : List.of("evt.type", "evt.arg", "proc.aname", "thread.cap_effective", "user.loginname",
                "group.name", "fd.typechar", "fs.path.targetraw", "proc.is_exe_from_memfd")) {
            assertTrue(fields.stream().anyMatch(f -> f.name().equals(name)), name);
        }
        assertTrue(fields.stream().allMatch(f -> f.sources().equals(java.util.Set.of("syscall"))));
        assertTrue(fields.stream().noneMatch(f -> f.name().startsWith("container.")));
        assertEquals(fields.size(), fields.stream().map(FieldDescriptor::name).distinct().count(), "no duplicates");
        assertEquals("syscall", extractor.name());
        assertTrue(extractor.falcoPlugins().isEmpty());
    }

    @Test
    void openFieldsMatchFalcosFormats() {
        Event e = openat(3, LinuxFlags.AT_FDCWD, "../alice/.ssh/id_rsa", LinuxFlags.O_RDONLY | LinuxFlags.O_CLOEXEC);
        assertEquals("openat", x(e, "evt.type"));
        assertEquals("<", x(e, "evt.dir"));
        assertEquals("SUCCESS", x(e, "evt.res"));
        assertEquals(3L, x(e, "evt.rawres"));
        assertEquals(0L, x(e, "evt.failed"));
        assertEquals("O_RDONLY|O_CLOEXEC", x(e, "evt.arg.flags"));
        assertEquals((long) (LinuxFlags.O_RDONLY | LinuxFlags.O_CLOEXEC), x(e, "evt.rawarg.flags"));
        assertEquals("<f>/home/alice/.ssh/id_rsa", x(e, "evt.arg.fd"));
        assertEquals("<f>/home/alice/.ssh/id_rsa", x(e, "evt.arg[1]"), "openat's fd in our test table is param 1");
        assertEquals("AT_FDCWD", x(e, "evt.arg.dirfd"));
        assertEquals("/home/alice/.ssh/id_rsa", x(e, "evt.arg.name"), "relative paths print resolved");
        assertEquals("S_IROTH|S_IRGRP|S_IWUSR|S_IRUSR", x(e, "evt.arg.mode"));
        assertEquals("dirfd=-100(AT_FDCWD) fd=3(<f>/home/alice/.ssh/id_rsa) name=../alice/.ssh/id_rsa"
                + "(/home/alice/.ssh/id_rsa) flags=524288(O_RDONLY|O_CLOEXEC) mode=0644(S_IROTH|S_IRGRP|S_IWUSR|S_IRUSR)"
                + " dev=2051 ino=1234", x(e, "evt.args"));
        assertEquals("/home/alice/.ssh/id_rsa", x(e, "fd.name"));
        assertEquals("../alice/.ssh/id_rsa", x(e, "fd.nameraw"));
        assertEquals("/home/alice/.ssh", x(e, "fd.directory"));
        assertEquals("id_rsa", x(e, "fd.filename"));
        assertEquals("f", x(e, "fd.typechar"));
        assertEquals("file", x(e, "fd.type"));
        assertEquals(3L, x(e, "fd.num"));
        assertEquals(1234L, x(e, "fd.ino"));
        assertEquals(8L, x(e, "fd.dev.major"));
        assertEquals(3L, x(e, "fd.dev.minor"));
        assertEquals(1L, x(e, "evt.is_open_read"));
        assertEquals(0L, x(e, "evt.is_open_write"));
        assertEquals("/home/alice/.ssh/id_rsa", x(e, "fs.path.name"));
        assertEquals("../alice/.ssh/id_rsa", x(e, "fs.path.nameraw"));
        assertEquals("file", x(e, "evt.category"));
        assertNull(x(e, "fd.cip"), "a file has no client address");

        Event w = openat(4, LinuxFlags.AT_FDCWD, "/etc/cron.d/job",
                LinuxFlags.O_WRONLY | LinuxFlags.O_CREAT | LinuxFlags.O_TRUNC);
        assertEquals("O_TRUNC|O_CREAT|O_WRONLY", x(w, "evt.arg.flags"));
        assertEquals(1L, x(w, "evt.is_open_write"));
        assertEquals(0L, x(w, "evt.is_open_read"));
        assertEquals("O_RDWR", x(openat(5, LinuxFlags.AT_FDCWD, "/tmp/x", LinuxFlags.O_RDWR), "evt.arg.flags"));
    }

    @Test
    void failedOpenReportsTheErrorAndThePath() {
        Event e = openat(-2, LinuxFlags.AT_FDCWD, "nope.txt", 0);
        assertEquals("ENOENT", x(e, "evt.res"));
        assertEquals(-2L, x(e, "evt.rawres"));
        assertEquals(1L, x(e, "evt.failed"));
        assertEquals("-2(ENOENT)", ((String) x(e, "evt.args")).split(" ")[1].substring(3));
        assertEquals("/home/alice/nope.txt", x(e, "fd.name"));
        assertEquals("/home/alice", x(e, "fd.directory"));
        assertNull(x(e, "fd.type"));
        assertNull(x(e, "fs.path.name"), "fs.path is only set for successful events");
        assertEquals(1L, x(e, "evt.count.error.file"));
    }

    @Test
    void openExecAndCreate() {
        Event e = parsed(event("openat", CURL, CURL).p("fd", 7L).p("dirfd", -100L).p("name", "/tmp/payload")
                .p("flags", LinuxFlags.O_WRONLY | LinuxFlags.O_CREAT | LinuxFlags.O_EXCL).p("mode", 0755L));
        assertEquals(1L, x(e, "evt.is_open_exec"));
        assertEquals(1L, x(e, "evt.is_open_create"));
        assertEquals("S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR", x(e, "evt.arg.mode"));
        Event created = parsed(event("openat", CURL, CURL).p("fd", 8L).p("dirfd", -100L).p("name", "/tmp/new")
                .p("flags", LinuxFlags.O_WRONLY | LinuxFlags.O_CREAT | LinuxFlags.VIGIL_O_F_CREATED
                        | LinuxFlags.VIGIL_FD_UPPER_LAYER).p("mode", 0644L));
        assertEquals(1L, x(created, "evt.is_open_create"));
        assertEquals(1L, x(created, "fd.is_upper_layer"));
        assertEquals(0L, x(created, "fd.is_lower_layer"));
        Event existing = parsed(event("openat", CURL, CURL).p("fd", 9L).p("dirfd", -100L).p("name", "/tmp/old")
                .p("flags", LinuxFlags.O_WRONLY | LinuxFlags.O_CREAT).p("mode", 0644L));
        assertEquals(0L, x(existing, "evt.is_open_create"), "O_CREAT on an existing file creates nothing");
        Event chmod = parsed(event("chmod", CURL, CURL).res(0).p("filename", "/tmp/payload").p("mode", 04755L));
        assertEquals("S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR|S_ISUID", x(chmod, "evt.arg.mode"));
        assertEquals("/tmp/payload", x(chmod, "fs.path.name"));
        assertEquals(0L, x(chmod, "evt.is_open_exec"));
        assertNull(x(chmod, "fd.name"), "chmod uses no fd");
    }

    @Test
    void processFields() {
        Event e = openat(3, LinuxFlags.AT_FDCWD, "/etc/hosts", 0);
        assertEquals("curl", x(e, "proc.name"));
        assertEquals("curl", x(e, "proc.exe"));
        assertEquals("/usr/bin/curl", x(e, "proc.exepath"));
        assertEquals("curl -s http://10.0.0.2/x", x(e, "proc.cmdline"));
        assertEquals("-s http://10.0.0.2/x", x(e, "proc.args"));
        assertEquals("http://10.0.0.2/x", x(e, "proc.args[1]"));
        assertEquals("", x(e, "proc.args[7]"));
        assertEquals(2L, x(e, "proc.cmdnargs"));
        assertEquals("bash", x(e, "proc.pname"));
        assertEquals("bash -l", x(e, "proc.pcmdline"));
        assertEquals("/usr/bin/bash", x(e, "proc.pexepath"));
        assertEquals("curl", x(e, "proc.aname[0]"));
        assertEquals("bash", x(e, "proc.aname[1]"));
        assertEquals("sshd", x(e, "proc.aname[2]"));
        assertEquals("systemd", x(e, "proc.aname[3]"));
        assertNull(x(e, "proc.aname[4]"));
        assertEquals(List.of("bash", "sshd", "systemd"), x(e, "proc.aname"));
        assertEquals("/usr/sbin/sshd", x(e, "proc.aexepath[2]"));
        assertEquals("sshd -D", x(e, "proc.acmdline[2]"));
        assertEquals((long) SSHD, x(e, "proc.apid[2]"));
        assertEquals((long) CURL, x(e, "proc.pid"));
        assertEquals((long) SHELL, x(e, "proc.ppid"));
        assertEquals((long) CURL, x(e, "proc.vpid"));
        assertEquals((long) SHELL, x(e, "proc.sid"));
        assertEquals("bash", x(e, "proc.sname"));
        assertEquals("curl", x(e, "proc.vpgid.name"));
        assertEquals(1L, x(e, "proc.is_vpgid_leader"));
        assertEquals(0L, x(e, "proc.is_sid_leader"));
        assertEquals((long) SHELL, x(e, "proc.loginshellid"));
        assertEquals("/home/alice", x(e, "proc.env[HOME]"));
        assertEquals("HOME=/home/alice PATH=/usr/bin", x(e, "proc.env"));
        assertEquals("/home/alice", x(e, "proc.cwd"));
        assertEquals(123_456_789L, x(e, "proc.duration"));
        assertEquals(4242L, x(e, "proc.exe_ino"));
        assertNull(x(e, "proc.exe_ino.ctime"), "unknown inode times read as <NA>");
        assertEquals(0L, x(e, "proc.is_exe_from_memfd"));
        assertEquals((long) CURL, x(e, "thread.tid"));
        assertEquals(1L, x(e, "thread.ismain"));
        assertEquals("CAP_SYS_ADMIN", x(e, "thread.cap_effective"));
        assertEquals("", x(e, "thread.cap_inheritable"));
        assertEquals(1L, x(e, "proc.fdopencount"));
        assertThrows(IllegalArgumentException.class, () -> x(e, "proc.aname[two]"));
        assertThrows(IllegalArgumentException.class, () -> Extractors.bind("syscall", "evt.arg", extractor));
    }

    @Test
    void userAndGroupFieldsComeFromThePasswdDatabase() {
        Event e = openat(3, LinuxFlags.AT_FDCWD, "/etc/hosts", 0);
        assertEquals(1000L, x(e, "user.uid"));
        assertEquals("alice", x(e, "user.name"));
        assertEquals("/home/alice", x(e, "user.homedir"));
        assertEquals("/bin/zsh", x(e, "user.shell"));
        assertEquals(1000L, x(e, "user.loginuid"));
        assertEquals("alice", x(e, "user.loginname"));
        assertEquals(1000L, x(e, "group.gid"));
        assertEquals("alice", x(e, "group.name"));
        Event su = parsed(event("setuid", CURL, CURL).res(0).p("uid", 0L));
        assertEquals("root", x(su, "user.name"));
        assertEquals("root", x(su, "evt.arg.uid"));
        Event odd = parsed(event("setuid", CURL, CURL).res(0).p("uid", 4321L));
        assertEquals("<NA>", x(odd, "user.name"));
        assertEquals("<NA>", x(odd, "evt.arg.uid"));
        state.threads().get(CURL).loginuid = ThreadInfo.NO_LOGINUID;
        assertEquals(-1L, x(odd, "user.loginuid"));
    }

    @Test
    void socketFieldsMatchFalcosFormats() {
        parsed(event("socket", CURL, CURL).p("fd", 5L).p("domain", (long) SockAddr.AF_INET).p("type", 1L).p("proto", 0L));
        Event c = parsed(event("connect", CURL, CURL).res(0).p("fd", 5L)
                .p("tuple", TestEvents.tuple4("127.0.0.1", 43210, "10.0.0.2", 443))
                .p("addr", new byte[] {2, 10, 0, 0, 2, 1, (byte) 0xbb}));
        assertEquals("127.0.0.1:43210->10.0.0.2:443", x(c, "fd.name"));
        assertEquals("4", x(c, "fd.typechar"));
        assertEquals("ipv4", x(c, "fd.type"));
        assertEquals("tcp", x(c, "fd.l4proto"));
        assertEquals("ip", x(c, "fd.sockfamily"));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, (byte[]) x(c, "fd.cip"));
        assertArrayEquals(new byte[] {10, 0, 0, 2}, (byte[]) x(c, "fd.sip"));
        assertEquals(43210L, x(c, "fd.cport"));
        assertEquals(443L, x(c, "fd.sport"));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, (byte[]) x(c, "fd.lip"), "127.0.0.1 is a local address");
        assertArrayEquals(new byte[] {10, 0, 0, 2}, (byte[]) x(c, "fd.rip"));
        assertEquals(443L, x(c, "fd.rport"));
        assertArrayEquals(new byte[] {10, 0, 0, 2}, (byte[]) x(c, "fd.ip"), "the scalar fd.ip is the server end");
        assertArrayEquals(new byte[] {10, 0, 0, 2}, (byte[]) x(c, "fd.net"));
        assertEquals(443L, x(c, "fd.port"));
        assertNull(x(c, "fd.sip.name"), "no DNS cache yet");
        assertEquals(43210L, x(c, "fd.lport"));
        assertEquals(1L, x(c, "fd.connected"));
        assertEquals(1L, x(c, "fd.name_changed"));
        assertEquals(0L, x(c, "fd.is_server"));
        assertEquals("<4t>127.0.0.1:43210->10.0.0.2:443", x(c, "evt.arg.fd"));
        assertEquals("127.0.0.1:43210->10.0.0.2:443", x(c, "evt.arg.tuple"));
        assertEquals("10.0.0.2:443", x(c, "evt.arg.addr"));
        assertEquals("net", x(c, "evt.category"));

        Event sock = parsed(event("socket", CURL, CURL).p("fd", 6L).p("domain", 17L).p("type", 3L).p("proto", 768L));
        assertEquals("AF_PACKET", x(sock, "evt.arg.domain"));
        Event unix = parsed(event("socket", CURL, CURL).p("fd", 7L).p("domain", 1L).p("type", 1L).p("proto", 0L));
        assertEquals("AF_LOCAL|AF_UNIX", x(unix, "evt.arg.domain"));
        assertEquals("u", x(unix, "fd.typechar"));
        assertEquals("unix", x(unix, "fd.sockfamily"));

        Event kill = parsed(event("kill", CURL, CURL).res(0).p("pid", (long) SHELL).p("sig", 9L));
        assertNull(x(kill, "fd.name"), "events without an fd have no fd fields");
        assertNull(x(kill, "fd.num"));
        assertEquals("bash", x(kill, "evt.arg.pid"), "pids print as the thread's name");
        assertEquals("SIGKILL", x(kill, "evt.arg.sig"));
        List<?> types = (List<?>) x(kill, "fd.types");
        assertTrue(types.contains("unix"), "fd.types reads the process's fd table on any event: " + types);
        assertEquals(List.of("unix"), x(kill, "fd.types[7]"));
    }

    @Test
    void udpSendtoNamesTheSocketAfterEachPeer() {
        parsed(event("socket", CURL, CURL).p("fd", 8L).p("domain", (long) SockAddr.AF_INET).p("type", 2L).p("proto", 0L));
        Event s1 = parsed(event("sendto", CURL, CURL).res(10).p("fd", 8L)
                .p("tuple", TestEvents.tuple4("10.0.0.1", 5000, "8.8.8.8", 53)));
        assertEquals("10.0.0.1:5000->8.8.8.8:53", x(s1, "fd.name"));
        assertEquals(1L, x(s1, "fd.name_changed"));
        assertEquals(0L, x(s1, "fd.connected"));
        assertEquals("udp", x(s1, "fd.l4proto"));
        assertEquals(53L, x(s1, "fd.sport"));
        Event s2 = parsed(event("sendto", CURL, CURL).res(10).p("fd", 8L)
                .p("tuple", TestEvents.tuple4("10.0.0.1", 5000, "8.8.8.8", 53)));
        assertEquals(0L, x(s2, "fd.name_changed"), "same peer: the name did not change");
        Event s3 = parsed(event("sendto", CURL, CURL).res(10).p("fd", 8L)
                .p("tuple", TestEvents.tuple4("10.0.0.1", 5000, "1.1.1.1", 53)));
        assertEquals(1L, x(s3, "fd.name_changed"));
        assertEquals("10.0.0.1:5000->1.1.1.1:53", x(s3, "fd.name"));
        assertEquals(1L, x(s3, "evt.is_io_write"));
        assertEquals("net", x(s3, "evt.category"));
    }

    @Test
    void aConnectWithoutTupleLearnsTheDestinationFromItsAddress() {
        parsed(event("socket", CURL, CURL).p("fd", 4L).p("domain", (long) SockAddr.AF_INET).p("type", 1L).p("proto", 0L));
        Event c = parsed(event("connect", CURL, CURL).res(-115).p("fd", 4L).p("addr", TestEvents.addr4("10.1.2.3", 8443)));
        assertArrayEquals(new byte[] {10, 1, 2, 3}, (byte[]) x(c, "fd.sip"));
        assertEquals(8443L, x(c, "fd.sport"));
        assertNull(x(c, "fd.cip"), "the client end is not known without the tuple");
        assertEquals("EINPROGRESS", x(c, "evt.res"));
        parsed(event("socket", CURL, CURL).p("fd", 5L).p("domain", (long) SockAddr.AF_INET).p("type", 1L).p("proto", 0L));
        Event refused = parsed(event("connect", CURL, CURL).res(-111).p("fd", 5L).p("addr", TestEvents.addr4("10.1.2.3", 1)));
        assertNull(x(refused, "fd.sip"), "a refused connect changes nothing, as in Falco");
        assertEquals("ECONNREFUSED", x(refused, "evt.res"));
    }

    @Test
    void closeStillDescribesTheClosedFd() {
        openat(3, LinuxFlags.AT_FDCWD, "/etc/shadow", 0);
        Event c = parsed(event("close", CURL, CURL).res(0).p("fd", 3L));
        assertEquals("/etc/shadow", x(c, "fd.name"));
        assertEquals("<f>/etc/shadow", x(c, "evt.arg.fd"));
        assertEquals(3L, x(c, "fd.num"));
        assertEquals(0L, x(c, "proc.fdopencount"));
    }

    @Test
    void dupReportsTheDuplicatedFdAndTypes() {
        parsed(event("socket", CURL, CURL).p("fd", 3L).p("domain", (long) SockAddr.AF_INET).p("type", 1L).p("proto", 0L));
        parsed(event("connect", CURL, CURL).res(0).p("fd", 3L).p("tuple", TestEvents.tuple4("10.0.0.1", 4444, "10.0.0.9", 4444)));
        Event d = parsed(event("dup2", CURL, CURL).res(0).p("oldfd", 3L).p("newfd", 0L));
        assertEquals(0L, x(d, "evt.rawres"));
        assertEquals("ipv4", x(d, "fd.type"));
        assertEquals(List.of("ipv4"), x(d, "fd.types[0]"));
        assertEquals(List.of("ipv4"), x(d, "fd.types"));
        assertEquals("ipv4", x(d, "proc.stdin.type"));
        assertEquals("10.0.0.1:4444->10.0.0.9:4444", x(d, "proc.stdin.name"));
    }

    @Test
    void enumsAndFlagsOfOtherEvents() {
        Event p = parsed(event("ptrace", CURL, CURL).res(0).p("request", 16L).p("pid", (long) SHELL));
        assertEquals("PTRACE_ATTACH", x(p, "evt.arg.request"));
        Event pp = parsed(event("ptrace", CURL, CURL).res(0).p("request", 4L).p("pid", (long) SHELL));
        assertEquals("PTRACE_POKETEXT", x(pp, "evt.arg.request"));
        Event clone = parsed(event("clone", CURL, CURL).res(CURL + 1)
                .p("flags", LinuxFlags.CLONE_VM | LinuxFlags.CLONE_FS | LinuxFlags.CLONE_FILES | 0x800L | LinuxFlags.CLONE_THREAD));
        assertEquals("CLONE_FILES|CLONE_FS|CLONE_SIGHAND|CLONE_THREAD|CLONE_VM", x(clone, "evt.arg.flags"));
        Event m = parsed(event("mount", CURL, CURL).res(0).p("dev", "/dev/sda1").p("dir", "/mnt").p("type", "ext4")
                .p("flags", 4096L | 16384L));
        assertEquals("BIND|REC", x(m, "evt.arg.flags"));
        assertEquals("/dev/sda1", x(m, "fs.path.source"));
        assertEquals("/mnt", x(m, "fs.path.target"));
        Event u = parsed(event("unlinkat", CURL, CURL).res(0).p("dirfd", -100L).p("name", "tmp/../.bash_history")
                .p("flags", 0x200L));
        assertEquals("AT_REMOVEDIR", x(u, "evt.arg.flags"));
        assertEquals("/home/alice/.bash_history", x(u, "fs.path.name"));
        assertEquals("tmp/../.bash_history", x(u, "fs.path.nameraw"));
        assertEquals("/home/alice/.bash_history", x(u, "evt.arg.name"));
        Event r = parsed(event("renameat2", CURL, CURL).res(0).p("olddirfd", -100L).p("oldpath", "a")
                .p("newdirfd", -100L).p("newpath", "/etc/b").p("flags", 1L));
        assertEquals("/home/alice/a", x(r, "fs.path.source"));
        assertEquals("/etc/b", x(r, "fs.path.target"));
        assertEquals("RENAME_NOREPLACE", x(r, "evt.arg.flags"));
        Event s = parsed(event("symlinkat", CURL, CURL).res(0).p("target", "/etc/shadow").p("linkdirfd", -100L)
                .p("linkpath", "sh"));
        assertEquals("/home/alice/sh", x(s, "fs.path.source"));
        assertEquals("/etc/shadow", x(s, "fs.path.target"));
        Event memfd = parsed(event("memfd_create", CURL, CURL).p("fd", 9L).p("name", "x").p("flags", 3L));
        assertEquals("MFD_CLOEXEC|MFD_ALLOW_SEALING", x(memfd, "evt.arg.flags"));
        assertEquals("m", x(memfd, "fd.typechar"));
        assertEquals("memfd:x", x(memfd, "fd.name"));
        Event exec = parsed(event("execve", CURL, CURL).res(0).p("exe", "/bin/sh").p("args", List.of("-c", "id"))
                .p("comm", "sh").p("flags", 5L).p("env", List.of("A=1")));
        assertEquals("EXE_WRITABLE|EXE_FROM_MEMFD", x(exec, "evt.arg.flags"));
        assertEquals("-c.id", x(exec, "evt.arg.args"), "argument lists print dot-separated as in Falco");
        assertEquals(1L, x(exec, "proc.is_exe_from_memfd"));
        assertEquals("sh -c id", x(exec, "proc.cmdline"));
        assertEquals("process", x(exec, "evt.category"));
    }

    @Test
    void timeFieldsFollowFalco() {
        long ts = 1_700_000_000_123_456_789L;
        Event e = parsed(event("kill", CURL, CURL).res(0).p("pid", 1L).p("sig", 15L).ts(ts));
        assertEquals("2023-11-14T22:13:20.123456789+0000", x(e, "evt.time.iso8601"));
        var local = Instant.ofEpochSecond(1_700_000_000L).atZone(ZoneId.systemDefault());
        assertEquals(local.format(DateTimeFormatter.ofPattern("HH:mm:ss")) + ".123456789", x(e, "evt.time"));
        assertEquals(local.format(DateTimeFormatter.ofPattern("HH:mm:ss")), x(e, "evt.time.s"));
        assertEquals(local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + ".123456789",
                x(e, "evt.datetime"));
        assertEquals(ts, x(e, "evt.rawtime"));
        assertEquals(1_700_000_000L, x(e, "evt.rawtime.s"));
        assertEquals(123_456_789L, x(e, "evt.rawtime.ns"));
        assertEquals("syscall", x(e, "evt.source"));
        assertEquals(state.hostname(), x(e, "evt.hostname"));
        assertEquals(e.number(), x(e, "evt.num"));
        assertEquals(1L, x(e, "evt.type.is.kill"));
        assertEquals(0L, x(e, "evt.type.is.open"));
        Event later = parsed(event("kill", CURL, CURL).res(0).p("pid", 1L).p("sig", 15L).ts(ts + 1_500_000_000L));
        assertEquals(1_500_000_000L, x(later, "evt.deltatime"));
        assertEquals(1L, x(later, "evt.deltatime.s"));
    }

    @Test
    void procexitStillShowsTheExitingProcess() {
        parsed(event("clone", CURL, CURL).res(CURL + 5).p("flags", 0L));
        Event exit = parsed(event("procexit", CURL + 5, CURL + 5).p("status", 0L).p("sig", 9L));
        assertEquals("curl", x(exit, "proc.name"));
        assertEquals("curl", x(exit, "proc.pname"));
        assertNull(x(exit, "syscall.type"), "procexit is not a syscall");
        assertEquals("procexit", x(exit, "evt.type"));
        assertNull(x(exit, "evt.res"), "procexit has no return value");
    }

    @Test
    void fieldsOfEventsTheParserDidNotSeeAreLookedUp() {
        ThreadInfo curl = state.threads().get(CURL);
        curl.fds.put(11, new io.vigil.syscall.internal.state.FdInfo(io.vigil.syscall.internal.state.FdType.FILE, "/var/log/syslog"));
        Event read = event("read", CURL, CURL).res(10).p("fd", 11L).p("size", 10L).p("data", new byte[] {'h', 'i', 0, 10}).build();
        assertEquals("/var/log/syslog", x(read, "fd.name"));
        assertEquals("curl", x(read, "proc.name"));
        assertEquals(1L, x(read, "evt.is_io_read"));
        assertEquals("read", x(read, "evt.io_dir"));
        assertEquals("file", x(read, "evt.category"));
        assertEquals(10L, x(read, "evt.buflen"));
        assertArrayEquals(new byte[] {'h', 'i', 0, 10}, (byte[]) x(read, "evt.buffer"));
        assertEquals("hi..", x(read, "evt.arg.data"));

        Event unknown = parsed(event("read", CURL, CURL).res(3).p("fd", 99L).p("size", 3L));
        assertEquals(99L, x(unknown, "fd.num"));
        assertNull(x(unknown, "fd.name"), "an fd Vigil never saw opened reads as <NA>");
        assertNull(x(unknown, "fd.type"));
        assertEquals("99", x(unknown, "evt.arg.fd"));
        assertEquals("unknown", x(unknown, "evt.category"));
    }
}
