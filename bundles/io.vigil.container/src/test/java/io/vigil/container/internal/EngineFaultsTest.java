package io.vigil.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.sdk.Event;

/**
 * Engines that are missing, slow or answer garbage (real unix sockets served by the test):
 * events keep flowing, fields read {@code <NA>}, failures are counted; caches stay bounded.
 */
class EngineFaultsTest {

    static final String ID = CgroupLayoutsTest.ID;

    /** A unix socket server answering every connection with {@code answer} (null: accept and never answer). */
    static final class FakeEngine implements AutoCloseable {
        final ServerSocketChannel server;
        final List<SocketChannel> held = new CopyOnWriteArrayList<>();
        final Thread thread;

        FakeEngine(Path socket, String answer) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            thread = new Thread(() -> {
                try {
                    while (true) {
                        SocketChannel c = server.accept();
                        if (answer == null) {
                            held.add(c);
                            continue;
                        }
                        c.read(ByteBuffer.allocate(4096));
                        c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
                        c.close();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (SocketChannel c : held) {
                c.close();
            }
        }
    }

    private static ContainerFieldExtractor extractor(TestThreads threads, Path socket, long waitMillis) {
        return new ContainerFieldExtractor(threads, Set.of(), List.of(new DockerApiClient(ContainerType.DOCKER, socket, 300)),
                64, waitMillis * 1_000_000L);
    }

    @Test
    void aMissingSocketFailsFastAndIsCounted(@TempDir Path dir) {
        TestThreads threads = new TestThreads().add(10, 1, "cpu=/docker/" + ID);
        ContainerFieldExtractor x = extractor(threads, dir.resolve("absent.sock"), 10_000);
        Event e = TestThreads.event(10, 2);
        long t0 = System.nanoTime();
        assertNull(ContainerFieldsTest.extract(x, e, "container.name"));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "a missing socket must not hold events for the whole wait");
        assertEquals("3ad7b26ded6d", ContainerFieldsTest.extract(x, e, "container.id"));
        MetadataFetcher.Stats s = x.fetcher().stats().values().iterator().next();
        assertEquals(1, s.failures.get());
        x.close();
    }

    @Test
    void garbageIsAFailureNotACrash(@TempDir Path dir) throws Exception {
        int n = 0;
        for (String garbage : List.of("not http at all\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{{{{{",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]", "HTTP/1.1 500 Oops\r\nContent-Length: 3\r\n\r\nbad",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")) {
            Path sock = dir.resolve("g" + n++ + ".sock");
            try (FakeEngine engine = new FakeEngine(sock, garbage)) {
                TestThreads threads = new TestThreads().add(20, 1, "cpu=/docker/" + ID);
                ContainerFieldExtractor x = extractor(threads, sock, 10_000);
                Event e = TestThreads.event(20, 2);
                assertNull(ContainerFieldsTest.extract(x, e, "container.image.repository"), garbage);
                assertEquals("docker", ContainerFieldsTest.extract(x, e, "container.type"));
                assertEquals(1, x.fetcher().stats().values().iterator().next().failures.get(), garbage);
                x.close();
            }
        }
    }

    @Test
    void aSilentEngineTimesOutAndIsNotWaitedForAgain(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("slow.sock");
        try (FakeEngine engine = new FakeEngine(sock, null)) {
            TestThreads threads = new TestThreads();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = Integer.toHexString(0x10 + i).repeat(32);
                ids.add(id);
                threads.add(30 + i, 1, "cpu=/docker/" + id);
            }
            ContainerFieldExtractor x = extractor(threads, sock, 10_000);
            // the request times out after 300 ms: the reader waits no longer than that
            assertNull(ContainerFieldsTest.extract(x, TestThreads.event(30, 2), "container.name"));
            MetadataFetcher.Stats s = x.fetcher().stats().values().iterator().next();
            assertEquals(1, s.failures.get());
            // the engine is now known to be slow: later containers read <NA> at once, fetches go on behind
            long t0 = System.nanoTime();
            assertNull(ContainerFieldsTest.extract(x, TestThreads.event(31, 2), "container.name"));
            assertNull(ContainerFieldsTest.extract(x, TestThreads.event(32, 2), "container.name"));
            assertTrue(System.nanoTime() - t0 < 250_000_000L, "readers must not wait for a slow engine's containers");
            assertEquals("docker", ContainerFieldsTest.extract(x, TestThreads.event(32, 2), "container.type"));
            x.close();
        }
    }

    @Test
    void aThousandContainersComingAndGoingStayBounded() {
        TestThreads threads = new TestThreads();
        ContainerFieldExtractor x = new ContainerFieldExtractor(threads, Set.of("default"), List.of(), 64, 0);
        for (int i = 0; i < 1000; i++) {
            String id = String.format("%064x", i + 1);
            threads.add(1000 + i, 1, "cpu=/docker/" + id);
            Event e = TestThreads.event(1000 + i, 2);
            assertEquals(id.substring(0, 12), ContainerFieldsTest.extract(x, e, "container.id"));
        }
        assertEquals(64, x.containers().size());
        assertEquals(64, x.containers().cgroupEntries());
        assertTrue(x.containers().evictions() >= 2 * (1000 - 64));
        x.close();
    }
}
