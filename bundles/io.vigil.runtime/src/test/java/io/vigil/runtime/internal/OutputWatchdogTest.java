package io.vigil.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.runtime.api.OutputStatus;
import io.vigil.sdk.Alert;
import io.vigil.sdk.OutputChannel;
import io.vigil.sdk.Priority;

/**
 * The router's watchdog and shutdown against Vigil's real file channel writing into a real
 * FIFO: with no reader, the kernel blocks the channel's open(2), which is exactly a stuck
 * delivery; a reader started by the test unblocks it.
 */
class OutputWatchdogTest {

    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private final List<Alert> notices = new CopyOnWriteArrayList<>();

    /** Receives everything, like a healthy channel (stdout, a fast collector). */
    private static final class Collector implements OutputChannel {
        final List<Alert> got = new CopyOnWriteArrayList<>();
        private final String name;

        Collector(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void deliver(Alert a) {
            got.add(a);
        }

        List<Alert> notices(String rule) {
            return got.stream().filter(a -> rule.equals(a.rule())).toList();
        }

        long alerts() {
            return got.stream().filter(a -> !OutputNotices.isNotice(a)).count();
        }
    }

    private static Alert alert(int i) {
        return new Alert(i, "r" + i, Priority.WARNING, "syscall", List.of(), "h", "alert " + i, null);
    }

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
        String out = new String(mk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, mk.waitFor(), "mkfifo " + p + ": " + out);
        return p;
    }

    /** Vigil's file channel (text lines) writing into {@code fifo}, under another name. */
    private static final class FifoChannel implements OutputChannel {
        private final StandardOutputChannel file;
        private final String name;

        FifoChannel(Path fifo, String name, boolean keepAlive) {
            this.file = StandardOutputChannel.file(
                    new VigilSettings.OutputSettings(false, true, true, true, true, false, fifo, keepAlive));
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void deliver(Alert alert) throws IOException {
            file.deliver(alert);
        }

        @Override
        public void flush() throws IOException {
            file.flush();
        }

        /** After shutdown: closing the writer ends the test's reader. */
        void close() throws IOException {
            file.close();
        }
    }

    /** Opens {@code fifo} for reading, which releases a writer blocked in open(2), and collects its lines. */
    private List<String> read(Path fifo) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(fifo),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null;) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        }, "fifo-reader");
        t.setDaemon(true);
        t.start();
        readers.add(t);
        return lines;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 30 s for: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Publishes alert {@code i} and waits until the healthy channel has it, so only the stuck one drops. */
    private static void publishPaced(OutputRouter router, Collector fast, int i) throws InterruptedException {
        long before = fast.alerts();
        router.publish(alert(i));
        await("the healthy channel took alert " + i, () -> fast.alerts() > before);
    }

    private static OutputStatus status(OutputRouter r, String channel) {
        return r.status().stream().filter(s -> s.name().equals(channel)).findFirst().orElseThrow();
    }

    @BeforeEach
    void clear() {
        notices.clear();
    }

    @AfterEach
    void stopReaders() throws InterruptedException {
        for (Thread t : readers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    @Test
    void aFullQueueRaisesOneNoticeWithTheExactCountThatNeverGoesToTheFullChannel() throws Exception {
        Path fifo = fifo("full.fifo");
        OutputRouter router = new OutputRouter(10, 60_000, 0, "host-a", notices::add, false);
        FifoChannel stuck = new FifoChannel(fifo, "siem", true);
        Collector fast = new Collector("stdout");
        router.add(stuck, Priority.DEBUG);
        router.add(fast, Priority.DEBUG);

        router.publish(alert(0));
        await("the first alert taken from siem's queue", () -> status(router, "siem").queued() == 0);
        for (int i = 1; i <= 50; i++) {
            publishPaced(router, fast, i);
        }
        // One alert is in the blocked open(2), ten wait, forty are dropped.
        assertEquals(40, status(router, "siem").dropped());
        router.watch(System.nanoTime());
        assertEquals(1, notices.size(), "one notice: " + notices);
        Alert n = notices.get(0);
        assertEquals(OutputNotices.QUEUE_FULL, n.rule());
        assertEquals("internal", n.source());
        assertEquals(Priority.ERROR, n.priority());
        assertEquals("host-a", n.hostname());
        assertEquals(List.of("vigil"), n.tags());
        assertEquals("Output channel 'siem' dropped 40 alerts since the last notice: its queue of 10 was full"
                + " (40 dropped in total)", n.output());
        assertEquals(Map.of("vigil.output.channel", "siem", "vigil.output.dropped", 40L,
                "vigil.output.dropped_total", 40L, "vigil.output.queue_capacity", 10L), n.outputFields());
        await("the notice at the healthy channel", () -> fast.notices(OutputNotices.QUEUE_FULL).size() == 1);

        // No new loss, no new notice; new loss, a notice with only the new number.
        router.watch(System.nanoTime());
        assertEquals(1, notices.size());
        for (int i = 51; i <= 57; i++) {
            publishPaced(router, fast, i);
        }
        router.watch(System.nanoTime());
        assertEquals(2, notices.size());
        assertEquals(7L, notices.get(1).outputFields().get("vigil.output.dropped"));
        assertEquals(47L, notices.get(1).outputFields().get("vigil.output.dropped_total"));

        List<String> lines = read(fifo);
        await("siem delivers once its reader is there", () -> lines.size() == 11);
        assertEquals("alert 0", lines.get(0).substring(lines.get(0).indexOf(": Warning ") + 10));
        assertEquals(0, router.shutdown(30_000));
        stuck.close();
        assertEquals(58, fast.alerts(), "the healthy channel got every alert");
        assertTrue(lines.stream().noneMatch(l -> l.contains("Output channel")), "no notice about siem went to siem: "
                + lines);
    }

    @Test
    void noticesAreRateLimitedPerChannel() throws Exception {
        Path fifo = fifo("rate.fifo");
        long interval = TimeUnit.SECONDS.toNanos(10);
        OutputRouter router = new OutputRouter(1, 60_000, TimeUnit.NANOSECONDS.toMillis(interval), "h",
                notices::add, false);
        FifoChannel siem = new FifoChannel(fifo, "siem", true);
        router.add(siem, Priority.DEBUG);
        router.publish(alert(0));
        await("the first alert taken", () -> status(router, "siem").queued() == 0);
        router.publish(alert(1)); // queued
        router.publish(alert(2)); // dropped
        long t0 = System.nanoTime();
        router.watch(t0);
        assertEquals(1, notices.size());
        router.publish(alert(3));
        router.publish(alert(4));
        router.watch(t0 + interval - 1); // too early: the drops wait for the next notice
        assertEquals(1, notices.size());
        router.publish(alert(5));
        router.watch(t0 + interval);
        assertEquals(2, notices.size());
        assertEquals(3L, notices.get(1).outputFields().get("vigil.output.dropped"));
        List<String> lines = read(fifo);
        await("delivered after the reader came", () -> lines.size() == 2);
        router.shutdown(30_000);
        siem.close();
    }

    @Test
    void twoFullChannelsDoNotKeepWarningAboutEachOthersNotices() throws Exception {
        Path a = fifo("a.fifo");
        Path b = fifo("b.fifo");
        OutputRouter router = new OutputRouter(1, 60_000, 0, "h", notices::add, false);
        FifoChannel ca = new FifoChannel(a, "a", true);
        FifoChannel cb = new FifoChannel(b, "b", true);
        router.add(ca, Priority.DEBUG);
        router.add(cb, Priority.DEBUG);
        router.publish(alert(0));
        await("both channels blocked", () -> status(router, "a").queued() == 0 && status(router, "b").queued() == 0);
        router.publish(alert(1)); // queued in both
        router.publish(alert(2)); // dropped by both
        router.watch(System.nanoTime());
        assertEquals(2, notices.size(), "one notice about each: " + notices);
        // Each notice went to the other full channel and was dropped there: counted, but no new notice.
        assertEquals(2, status(router, "a").dropped());
        assertEquals(2, status(router, "b").dropped());
        for (int round = 0; round < 5; round++) {
            router.watch(System.nanoTime());
        }
        assertEquals(2, notices.size(), "the dropped notices made no more notices: " + notices);
        router.publish(alert(3)); // a real loss again: one more notice each, counting the dropped notice too
        router.watch(System.nanoTime());
        assertEquals(4, notices.size());
        assertEquals(2L, notices.get(2).outputFields().get("vigil.output.dropped"));
        List<String> la = read(a);
        List<String> lb = read(b);
        await("both delivered", () -> la.size() == 2 && lb.size() == 2);
        router.shutdown(30_000);
        ca.close();
        cb.close();
    }

    @Test
    void aStuckDeliveryIsReportedOncePerEpisodeAndOtherChannelsKeepFlowing() throws Exception {
        Path fifo = fifo("stuck.fifo");
        OutputRouter router = new OutputRouter(100, 1, 0, "h", notices::add, false);
        Collector fast = new Collector("stdout");
        FifoChannel siem = new FifoChannel(fifo, "siem", true);
        router.add(siem, Priority.DEBUG);
        router.add(fast, Priority.DEBUG);
        router.publish(alert(0));
        await("siem stuck in open(2)", () -> status(router, "siem").stuckMillis() > 0);
        router.watch(System.nanoTime());
        assertEquals(1, notices.size());
        Alert n = notices.get(0);
        assertEquals(OutputNotices.STUCK, n.rule());
        assertEquals("siem", n.outputFields().get("vigil.output.channel"));
        assertEquals("deliver", n.outputFields().get("vigil.output.call"));
        assertEquals(1L, n.outputFields().get("vigil.output.timeout_ms"));
        assertTrue(n.output().startsWith("Output channel 'siem' has been stuck in deliver for "), n.output());
        for (int i = 0; i < 5; i++) {
            router.watch(System.nanoTime());
        }
        assertEquals(1, notices.size(), "one notice per stuck call: " + notices);

        for (int i = 1; i <= 20; i++) {
            router.publish(alert(i));
        }
        await("the other channel got all alerts and the notice",
                () -> fast.alerts() == 21 && fast.notices(OutputNotices.STUCK).size() == 1);

        List<String> lines = read(fifo);
        await("siem delivered its backlog", () -> lines.size() == 21 && status(router, "siem").queued() == 0);
        assertEquals(0, status(router, "siem").dropped());
        router.shutdown(30_000);
        siem.close();
    }

    @Test
    void theWatchdogThreadReportsAStuckChannelByItself() throws Exception {
        Path fifo = fifo("thread.fifo");
        OutputRouter router = new OutputRouter(100, 50, 0, "h", notices::add);
        Collector fast = new Collector("stdout");
        FifoChannel siem = new FifoChannel(fifo, "siem", true);
        router.add(siem, Priority.DEBUG);
        router.add(fast, Priority.DEBUG);
        router.publish(alert(0));
        await("the watchdog's notice", () -> fast.notices(OutputNotices.STUCK).size() == 1);
        assertEquals(OutputNotices.STUCK, notices.get(0).rule());
        List<String> lines = read(fifo);
        await("delivered", () -> lines.size() == 1);
        router.shutdown(30_000);
        siem.close();
    }

    @Test
    void shutdownDrainsEveryChannelInParallelAndReportsWhatAStuckOneLeft() throws Exception {
        Path stuckFifo = fifo("never-read.fifo");
        Path file = dir.resolve("alerts.txt");
        OutputRouter router = new OutputRouter(1000, 60_000, 0, "h", notices::add, false);
        router.add(new FifoChannel(stuckFifo, "siem", false), Priority.DEBUG);
        router.add(StandardOutputChannel.file(
                new VigilSettings.OutputSettings(false, true, true, true, true, false, file, false)), Priority.DEBUG);
        router.publish(alert(0));
        await("siem blocked", () -> status(router, "siem").queued() == 0);
        for (int i = 1; i <= 300; i++) {
            router.publish(alert(i));
        }
        await("the file channel delivered", () -> status(router, "file").delivered() == 301);
        List<ChannelWorker.Undelivered> left = router.drain(300);
        ChannelWorker.Undelivered siem = left.stream().filter(u -> u.channel().equals("siem")).findFirst()
                .orElseThrow();
        ChannelWorker.Undelivered f = left.stream().filter(u -> u.channel().equals("file")).findFirst().orElseThrow();
        assertEquals(300, siem.queued(), "never attempted");
        assertNotNull(siem.inFlight(), "alert 0 is inside the blocked call");
        assertEquals("deliver", siem.inFlight().method());
        assertEquals(301, siem.total());
        assertEquals(0, f.total());
        assertNull(f.inFlight());
        assertEquals(301, Files.readAllLines(file).size(), "the file channel delivered everything");

        // Release the abandoned thread; it must not deliver what was reported as undelivered.
        List<String> lines = read(stuckFifo);
        await("the reader ends when the abandoned writer closes", () -> !readers.get(0).isAlive());
        // The in-flight write was interrupted (or landed): nothing that was reported queued arrives.
        assertTrue(lines.size() <= 1, "only the alert in flight may still arrive: " + lines);
    }
}
