package io.vigil.source.ebpf.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;

import io.vigil.sdk.EventCapture;
import io.vigil.syscall.api.SyscallRecord;

/**
 * One live capture shared by the test classes of this JVM (loading the probe takes a second),
 * with helpers to run processes and wait for their events.
 */
abstract class CaptureFixture {

    private static EventCapture capture;
    // Every event polled so far, so that one await does not swallow what a later await needs.
    private static final List<Captured> backlog = new ArrayList<>();
    private static Path activity;

    static synchronized EventCapture capture() throws IOException {
        if (capture == null) {
            capture = new EbpfSyscallSource().open(Map.of("ring_bytes", String.valueOf(16 << 20)));
            EventCapture c = capture;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    c.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        return capture;
    }

    @AfterEach
    void allTypes() throws IOException {
        capture().setEventTypes(null);
    }

    /** Polls until an event of pid for which {@code match} holds arrives, or fails listing what pid did. */
    static Captured await(int pid, Predicate<Captured> match) throws Exception {
        return awaitWhere(c -> c.pid() == pid && match.test(c), c -> c.pid() == pid, "from pid " + pid);
    }

    /** Polls until any event for which {@code match} holds arrives. */
    static Captured awaitAnyPid(Predicate<Captured> match) throws Exception {
        return awaitWhere(match, c -> false, "at all");
    }

    private static Captured awaitWhere(Predicate<Captured> match, Predicate<Captured> report, String what)
            throws Exception {
        EventCapture cap = capture();
        long deadline = System.nanoTime() + 10_000_000_000L;
        int scanned = 0;
        while (true) {
            for (; scanned < backlog.size(); scanned++) {
                Captured c = backlog.get(scanned);
                if (match.test(c)) {
                    return c;
                }
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            cap.poll(e -> {
                if (backlog.size() < 500_000) {
                    backlog.add(Captured.of((SyscallRecord) e));
                }
            }, 100);
        }
        fail("no matching event " + what + "; saw " + backlog.stream().filter(report).toList()
                + "; stats " + cap.stats());
        return null;
    }

    /** Starts a process (the capture is opened first, so nothing it does is missed). */
    static Process run(Path cwd, String... cmd) throws IOException {
        capture();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        return pb.start();
    }

    /** Waits for the process and returns its output. */
    static String finish(Process p) throws InterruptedException, IOException {
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    /** The test helper program (activity.c), compiled once with the C compiler the build uses. */
    static synchronized Path activity() throws Exception {
        if (activity == null) {
            Path dir = Files.createTempDirectory("vigil-activity");
            Path src = dir.resolve("activity.c");
            try (var in = CaptureFixture.class.getResourceAsStream("activity.c")) {
                Files.copy(in, src);
            }
            Path bin = dir.resolve("activity");
            Process cc = new ProcessBuilder("clang", "-O2", "-o", bin.toString(), src.toString())
                    .redirectErrorStream(true).start();
            String out = finish(cc);
            if (cc.exitValue() != 0) {
                fail("cannot compile the test helper activity.c with clang: " + out);
            }
            activity = bin;
        }
        return activity;
    }
}
