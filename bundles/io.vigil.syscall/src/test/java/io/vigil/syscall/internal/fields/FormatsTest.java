package io.vigil.syscall.internal.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetAddress;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import io.vigil.syscall.internal.state.NetFormat;
import io.vigil.syscall.internal.state.PathUtil;

/** The small printers behind field values, against the strings Falco prints. */
class FormatsTest {

    @Test
    void openFlags() {
        OpenFlags f = new OpenFlags();
        assertEquals("O_RDONLY", f.format(0));
        assertEquals("O_WRONLY", f.format(1));
        assertEquals("O_RDWR", f.format(2));
        assertEquals("O_APPEND|O_CREAT|O_WRONLY|O_CLOEXEC", f.format(01 | 0100 | 02000 | 02000000));
        assertEquals("O_DIRECTORY|O_NONBLOCK|O_RDONLY|O_CLOEXEC", f.format(0200000 | 04000 | 02000000));
        assertEquals("O_SYNC|O_DSYNC|O_RDWR", f.format(04010000 | 2), "O_SYNC carries O_DSYNC's bit, Falco prints both");
        assertEquals("O_DIRECTORY|O_RDWR|O_TMPFILE", f.format(020200000 | 2));
        assertEquals("O_LARGEFILE|O_EXCL|O_CREAT|O_RDWR", f.format(0100000 | 0200 | 0100 | 2));
        assertSame(f.format(0101), f.format(0101), "formatted strings are cached");
        assertEquals("O_CREAT|O_WRONLY|O_F_CREATED|FD_UPPER_LAYER", f.format(0101 | (1L << 32) | (1L << 33)));
    }

    @Test
    void flagAndEnumTables() {
        assertEquals("CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID", FlagTables.CLONE.format(0x01200000 | 17));
        assertEquals("", FlagTables.CLONE.format(17), "the exit signal in the low byte has no name");
        assertEquals("PTRACE_TRACEME", FlagTables.PTRACE.format(0));
        assertEquals("PTRACE_SEIZE", FlagTables.PTRACE.format(0x4206));
        assertEquals("", FlagTables.PTRACE.format(12345));
        assertEquals("AF_ROUTE|AF_NETLINK", FlagTables.SOCKET_FAMILY.format(16));
        assertEquals("AF_INET6", FlagTables.SOCKET_FAMILY.format(10));
        assertEquals("BPF_PROG_LOAD", FlagTables.BPF_CMD.format(5));
        assertEquals("BPF_PROG_TEST_RUN|BPF_PROG_RUN", FlagTables.BPF_CMD.format(10));
        assertEquals("PR_SET_NAME", FlagTables.PRCTL.format(15));
        assertEquals("F_DUPFD_CLOEXEC", FlagTables.FCNTL.format(1030));
        assertEquals("RDONLY|NOSUID|REMOUNT|BIND", FlagTables.MOUNT.format(1 | 2 | 32 | 4096));
        assertEquals("SHUT_RDWR", FlagTables.SHUTDOWN.format(2));
        assertEquals("", FlagTables.mode(0));
        assertEquals("S_IRUSR", FlagTables.mode(0400));
        assertEquals("S_IWUSR|S_IRUSR", FlagTables.mode(0600));
        assertEquals("S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR|S_ISVTX", FlagTables.mode(01755));
        assertSame(FlagTables.OPEN, FlagTables.forParam("openat", "flags"));
        assertNull(FlagTables.forParam("openat", "mode"));
    }

    @Test
    void errnoAndSignalNames() {
        assertEquals("EPERM", Names.errno(-1));
        assertEquals("ENOENT", Names.errno(-2));
        assertEquals("EACCES", Names.errno(-13));
        assertEquals("ELOOP", Names.errno(-40));
        assertEquals("ENOMSG", Names.errno(-42));
        assertEquals("EBFONT", Names.errno(-59));
        assertEquals("ENOTSOCK", Names.errno(-88));
        assertEquals("EADDRINUSE", Names.errno(-98));
        assertEquals("ECONNREFUSED", Names.errno(-111));
        assertEquals("EINPROGRESS", Names.errno(-115));
        assertEquals("EHWPOISON", Names.errno(-133));
        assertEquals("ERESTARTSYS", Names.errno(-512));
        assertNull(Names.errno(0));
        assertNull(Names.errno(5));
        assertEquals("SIGKILL", Names.signal(9));
        assertEquals("SIGCHLD", Names.signal(17));
        assertEquals("SIGSYS", Names.signal(31));
        assertNull(Names.signal(64));
    }

    @Test
    void addressesPrintLikeInetNtop() throws Exception {
        assertEquals("::1", NetFormat.ip(InetAddress.getByName("::1").getAddress()));
        assertEquals("::", NetFormat.ip(new byte[16]));
        assertEquals("fe80::1:2", NetFormat.ip(InetAddress.getByName("fe80:0:0:0:0:0:1:2").getAddress()));
        assertEquals("2001:db8:0:1::", NetFormat.ip(InetAddress.getByName("2001:db8:0:1:0:0:0:0").getAddress()));
        assertEquals("2001:db8::1:0:0:1", NetFormat.ip(InetAddress.getByName("2001:db8:0:0:1:0:0:1").getAddress()),
                "the first of equal zero runs is compressed");
        assertEquals("1:0:2:0:3:0:4:0", NetFormat.ip(InetAddress.getByName("1:0:2:0:3:0:4:0").getAddress()),
                "a single zero group is not compressed");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 7;
        assertEquals("::ffff:10.0.0.7", NetFormat.ip(mapped));
        assertEquals("192.168.0.1:8080", NetFormat.endpoint(new byte[] {(byte) 192, (byte) 168, 0, 1}, 8080));
        assertEquals("ab->cd /tmp/s", NetFormat.unixTuple(0xab, 0xcd, "/tmp/s"));
    }

    @Test
    void pathsNormalizeLikeFalco() {
        assertEquals("/etc/passwd", PathUtil.resolve("/root", "/etc//passwd"));
        assertEquals("/root/x", PathUtil.resolve("/root", "x"));
        assertEquals("/x", PathUtil.resolve("/root", "../x"));
        assertEquals("/", PathUtil.resolve("/", "../.."));
        assertEquals("/a/b", PathUtil.resolve("/a/", "./b/"));
        assertEquals("", PathUtil.resolve("/a", ""));
        String p = "/usr/bin/ls";
        assertSame(p, PathUtil.normalize(p), "clean paths are returned as they are");
    }

    @Test
    void timesPrintLikeFalco() {
        TimeFormat utc = new TimeFormat(ZoneId.of("UTC"));
        StringBuilder sb = new StringBuilder();
        utc.local(sb, 1_700_000_000_000_000_005L, true, true);
        assertEquals("2023-11-14 22:13:20.000000005", sb.toString());
        sb.setLength(0);
        utc.local(sb, 0, false, false);
        assertEquals("00:00:00", sb.toString());
        sb.setLength(0);
        new TimeFormat(ZoneId.of("Asia/Kolkata")).local(sb, 1_700_000_000_000_000_000L, true, false);
        assertEquals("2023-11-15 03:43:20", sb.toString());
        sb.setLength(0);
        utc.iso8601(sb, 951_782_400_123_000_000L);
        assertEquals("2000-02-29T00:00:00.123000000+0000", sb.toString(), "leap day");
    }
}
