package io.vigil.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.vigil.runtime.api.OutputStatus;
import io.vigil.sdk.Alert;
import io.vigil.sdk.OutputChannel;
import io.vigil.sdk.Priority;

class OutputRouterTest {

    private static Alert alert(int i, Priority p) {
        return new Alert(i, "r" + i, p, "syscall", List.of(), "h", "out " + i, null);
    }

    /** A channel whose delivery blocks until released. */
    private static final class BlockedChannel implements OutputChannel {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final List<Alert> got = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "blocked";
        }

        @Override
        public void deliver(Alert a) throws IOException {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            got.add(a);
        }
    }

    private static final class ListChannel implements OutputChannel {
        final List<Alert> got = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "list";
        }

        @Override
        public void deliver(Alert a) {
            got.add(a);
        }

        /** The rules of the alerts received, without the router's own notices about other channels. */
        List<String> rules() {
            return got.stream().filter(a -> !OutputNotices.isNotice(a)).map(Alert::rule).toList();
        }
    }

    @Test
    void aBlockedChannelDropsItsOwnOverflowAndNeverBlocksTheOthers() throws Exception {
        OutputRouter router = new OutputRouter(10);
        BlockedChannel blocked = new BlockedChannel();
        ListChannel fast = new ListChannel();
        router.add(blocked, Priority.DEBUG);
        router.add(fast, Priority.DEBUG);
        router.publish(alert(0, Priority.WARNING));
        assertEquals(true, blocked.entered.await(30, TimeUnit.SECONDS), "the blocked channel is delivering");
        for (int i = 1; i < 100; i++) {
            router.publish(alert(i, Priority.WARNING)); // returns at once although 'blocked' is stuck
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (fast.rules().size() <= i && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }
        assertEquals(100, fast.rules().size(), "the fast channel got everything");
        OutputStatus s = router.status().stream().filter(x -> x.name().equals("blocked")).findFirst().orElseThrow();
        // One alert is inside deliver(), ten wait in the queue, the rest were dropped: exactly.
        assertEquals(100 - 1 - 10, s.dropped());
        blocked.release.countDown();
        assertEquals(0, router.shutdown(10_000), "shutdown drains what was queued");
        assertEquals(11, blocked.got.size());
    }

    @Test
    void channelsReceiveOnlyTheirMinimumPriorityAndAbove() throws Exception {
        OutputRouter router = new OutputRouter(100);
        ListChannel c = new ListChannel();
        router.add(c, Priority.ERROR);
        router.publish(alert(1, Priority.WARNING));
        router.publish(alert(2, Priority.CRITICAL));
        router.publish(alert(3, Priority.ERROR));
        router.shutdown(10_000);
        assertEquals(List.of("r2", "r3"), c.rules());
    }
}
