package io.vigil.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.vigil.syscall.api.SyscallEventTable;

/** A new process's container is looked up as the process appears, so its metadata fetch starts early. */
class ContainerEventParserTest {

    @Test
    void processEventsStartTheFetchOtherEventsDoNot() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        MetadataClient engine = new MetadataClient() {
            @Override
            public String name() {
                return "fixture";
            }

            @Override
            public boolean handles(ContainerIdentity id) {
                return true;
            }

            @Override
            public ContainerInfo fetch(ContainerIdentity id) {
                asked.countDown();
                return ContainerInfo.builder(id.type(), id.fullId()).build();
            }
        };
        TestThreads threads = new TestThreads().add(7, 1, "cpu=/docker/" + CgroupLayoutsTest.ID);
        try (ContainerStateService state = new ContainerStateService(threads, Set.of(), List.of(engine), 16, 0)) {
            ContainerEventParser parser = new ContainerEventParser(state);
            int open = SyscallEventTable.get().codes("openat")[0];
            assertTrue(!parser.eventTypes("syscall").get(open));
            assertTrue(parser.eventTypes("syscall").get(SyscallEventTable.get().codes("execve")[0]));
            assertEquals(Set.of("syscall"), parser.sources());
            parser.parse(TestThreads.event(7, 5));
            assertTrue(asked.await(10, TimeUnit.SECONDS), "the execve of a container's process starts its metadata fetch");
            assertEquals(1, state.containers().size());
        }
    }
}
