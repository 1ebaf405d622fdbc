package io.vigil.syscall.internal.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Reads this machine's real /proc: the test JVM and a child it spawns must be there. */
class ProcReaderTest {

    @Test
    void bootstrapFindsThisJvmAndASpawnedChild() throws Exception {
        Path sleep = Path.of("/bin/sleep").toRealPath();
        Process child = new ProcessBuilder(sleep.toString(), "37.5").start();
        try {
            ProcReader reader = new ProcReader(Path.of("/proc"));
            ThreadTable table = new ThreadTable(ThreadTable.DEFAULT_CAPACITY, reader::isAlive);
            int n = reader.bootstrap(table);
            assertTrue(n > 2, "threads read: " + n);

            int self = (int) ProcessHandle.current().pid();
            ThreadInfo me = table.get(self);
            assertNotNull(me, "the test JVM is in the table");
            assertEquals(self, me.pid);
            assertEquals(Path.of(ProcessHandle.current().info().command().orElseThrow()).toRealPath().toString(), me.exepath);
            assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), me.ptid);
            assertEquals(ProcessHandle.current().info().arguments().map(List::of).orElseThrow(), me.args());
            assertEquals(Path.of("").toAbsolutePath().toString(), me.cwd.path);
            assertTrue(me.cloneTs > 0 && me.cloneTs <= System.currentTimeMillis() * 1_000_000L);
            assertTrue(me.exeIno > 0, "exe inode read");
            assertTrue(me.exeInoMtime > 0);
            assertTrue(me.fds.size() >= 3, "the JVM's fds are read");
            assertTrue(me.fdlimit != 0, "the open-files limit is read");
            assertTrue(me.vmRssKb > 1000 && me.vmSizeKb > me.vmRssKb, "memory read from status");
            assertEquals(Files.readString(Path.of("/proc/self/loginuid")).trim(),
                    Long.toString(me.loginuid));
            // JVM threads share the process's fd table and cwd.
            int[] threadsOfMe = {0};
            table.forEach((tid, t) -> {
                if (t.pid == self && tid != self) {
                    threadsOfMe[0]++;
                    assertTrue(t.fds == me.fds && t.cwd == me.cwd, "thread " + tid + " shares fds and cwd");
                }
            });
            assertTrue(threadsOfMe[0] > 0, "the JVM has more than one thread");

            ThreadInfo c = table.get((int) child.pid());
            assertNotNull(c, "the spawned child is in the table");
            assertEquals(self, c.ptid);
            assertEquals("sleep", c.comm);
            assertEquals(sleep.toString(), c.exe);
            assertEquals(sleep.toString(), c.exepath);
            assertEquals(List.of("37.5"), c.args());
            assertEquals("sleep 37.5", c.cmdline());
            assertEquals(FdType.FIFO, c.fds.get(0).type, "stdin of a ProcessBuilder child is a pipe");
            assertEquals(me.uid, c.uid);

            ThreadInfo again = reader.readThread((int) child.pid());
            assertEquals(List.of("37.5"), again.args());
            assertEquals(self, again.ptid);
        } finally {
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessThatIsGoneReadsAsNull() throws Exception {
        Process p = new ProcessBuilder("/bin/true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        int pid = (int) p.pid();
        ProcReader reader = new ProcReader(Path.of("/proc"));
        assertEquals(null, reader.readThread(pid));
        assertTrue(!reader.isAlive(pid));
        assertTrue(reader.isAlive((int) ProcessHandle.current().pid()));
    }

    @Test
    void socketsOfThisProcessGetTheirTuple() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
                java.net.Socket client = new java.net.Socket("127.0.0.1", server.getLocalPort());
                java.net.Socket accepted = server.accept()) {
            ProcReader reader = new ProcReader(Path.of("/proc"));
            ThreadInfo me = reader.readThread((int) ProcessHandle.current().pid());
            String expectClient = "127.0.0.1:" + client.getLocalPort() + "->127.0.0.1:" + server.getLocalPort();
            String expectServer = "127.0.0.1:" + server.getLocalPort();
            boolean[] seen = new boolean[2];
            me.fds.forEach((fd, info) -> {
                if (info.name().equals(expectClient)) {
                    seen[0] = true;
                    assertEquals(FdType.IPV4_SOCK, info.type);
                    assertEquals("tcp", info.l4protoName());
                }
                if (info.name().equals(expectServer)) {
                    seen[1] = true;
                    assertEquals(FdType.IPV4_SERVSOCK, info.type);
                }
            });
            assertTrue(seen[0], "connected socket named " + expectClient);
            assertTrue(seen[1], "listening socket named " + expectServer);
        }
    }
}
