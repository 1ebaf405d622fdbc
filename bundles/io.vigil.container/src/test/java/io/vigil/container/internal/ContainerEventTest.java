package io.vigil.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.sdk.Alert;
import io.vigil.sdk.Event;
import io.vigil.syscall.api.SyscallEvent;
import io.vigil.syscall.api.SyscallEventTable;
import io.vigil.syscall.internal.SyscallStateService;

/**
 * Falco's {@code container} event: one per new container, emitted once its metadata is there (or
 * the wait for it is over), carrying the container's fields for rules such as
 * {@code evt.type = container and container.image.repository = ...}.
 */
class ContainerEventTest {

    static final String ID = CgroupLayoutsTest.ID;
    static final String IMAGE = "localhost/vigil-test/busybox:1.0";

    /** An engine fixture that answers for every container once {@code release} is counted down. */
    static MetadataClient engine(CountDownLatch release) {
        return new MetadataClient() {
            @Override
            public String name() {
                return "fixture";
            }

            @Override
            public boolean handles(ContainerIdentity id) {
                return true;
            }

            @Override
            public ContainerInfo fetch(ContainerIdentity id) throws java.io.IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException("stopped");
                }
                ContainerInfo.Builder b = ContainerInfo.builder(id.type(), id.fullId());
                b.name = "web";
                b.image = IMAGE;
                b.imageRepository = "localhost/vigil-test/busybox";
                b.imageTag = "1.0";
                return b.build();
            }
        };
    }

    static void awaitFinished(ContainerStateService state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (state.containers().known(ID) == null || !state.containers().known(ID).finished()) {
            assertTrue(System.nanoTime() < deadline, "the fixture engine answered");
            Thread.sleep(10);
        }
    }

    @Test
    void aNewContainerIsAnnouncedOnceItsMetadataArrivedAndOnlyOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TestThreads threads = new TestThreads().add(7, 1, "cpu=/docker/" + ID).add(8, 1, "cpu=/", "memory=/process_api/ab");
        try (ContainerStateService state = new ContainerStateService(threads, Set.of(), List.of(engine(release)), 16,
                TimeUnit.SECONDS.toNanos(60))) {
            ContainerEventParser parser = new ContainerEventParser(state);
            List<Event> emitted = new ArrayList<>();
            parser.parse(TestThreads.event(8, 5), emitted::add);
            parser.parse(TestThreads.event(7, 6), emitted::add);
            assertEquals(List.of(), emitted, "no event while the container's metadata is being fetched");
            assertEquals(1, state.announcer().pending(), "the host is never announced");

            release.countDown();
            awaitFinished(state);
            parser.parse(TestThreads.event(8, 7), emitted::add);
            assertEquals(1, emitted.size(), "the next event after the metadata arrived brings the container event");
            parser.parse(TestThreads.event(7, 8), emitted::add);
            parser.parse(emitted.get(0), emitted::add);
            assertEquals(1, emitted.size(), "announced once; a container event announces nothing itself");

            SyscallEvent e = (SyscallEvent) emitted.get(0);
            assertEquals(SyscallEventTable.CONTAINER, e.type());
            assertEquals("container", e.info().name());
            assertEquals(7, e.tid(), "the container's init");
            assertEquals(List.of(ID, "docker", "web", IMAGE),
                    List.of(e.paramString(0), e.paramString(1), e.paramString(2), e.paramString(3)));
            assertEquals(1, state.announcer().announced());

            // The fields of the container event come from the container it names, whatever its thread.
            ContainerFieldExtractor shared = extractorOver(state);
            assertEquals(ID.substring(0, 12), ContainerFieldsTest.extract(shared, e, "container.id"));
            assertEquals("web", ContainerFieldsTest.extract(shared, e, "container.name"));
            assertEquals("localhost/vigil-test/busybox", ContainerFieldsTest.extract(shared, e, "container.image.repository"));
            Container c = state.containers().known(ID);
            SyscallEvent threadless = ContainerAnnouncer.event(new Container(c.identity(), 0), 1, 1);
            assertEquals(0, threadless.tid());
            assertEquals("web", ContainerFieldsTest.extract(shared, threadless, "container.name"),
                    "a thread the state does not know: the container is found by the event's id");
        }
    }

    /** An extractor sharing {@code state}, as the DS components share one. */
    static ContainerFieldExtractor extractorOver(ContainerStateService state) {
        return new ContainerFieldExtractor(state);
    }

    @Test
    void withoutMetadataTheContainerIsAnnouncedWhenTheWaitIsOver() {
        AtomicLong now = new AtomicLong(1_000);
        ContainerAnnouncer a = new ContainerAnnouncer(4, 500, now::get);
        Container c = new Container(ContainerIdentity.of(ContainerType.PODMAN, ID, null, null), 1_000);
        c.sawThread(42, 40, 3);
        a.seen(c);
        a.seen(Container.known(ContainerIdentity.HOST, ContainerInfo.host()));
        List<Event> emitted = new ArrayList<>();
        now.set(1_499);
        a.emitSettled(2_000, 9, emitted::add);
        assertEquals(List.of(), emitted, "the fetch has not ended and the bound has not passed");
        now.set(1_500);
        a.emitSettled(3_000, 10, emitted::add);
        assertEquals(1, emitted.size());
        SyscallEvent e = (SyscallEvent) emitted.get(0);
        assertEquals(List.of(ID, "podman", "", ""), List.of(e.paramString(0), e.paramString(1), e.paramString(2),
                e.paramString(3)), "no name or image without metadata");
        assertEquals(42, e.tid());
        assertEquals(40, e.pid());
        assertEquals(3_000, e.timestamp());
        assertEquals(10, e.number());
        assertEquals(0, a.pending());
    }

    @Test
    void aContainerWithMetadataWaitsForItsInitWithinTheBound() {
        AtomicLong now = new AtomicLong(0);
        ContainerAnnouncer a = new ContainerAnnouncer(4, 3_000, now::get);
        Container c = new Container(ContainerIdentity.of(ContainerType.DOCKER, ID, null, null), 0);
        c.sawThread(100, 100, 100);
        c.complete(ContainerInfo.builder(ContainerType.DOCKER, ID).build());
        a.seen(c);
        List<Event> emitted = new ArrayList<>();
        a.emitSettled(1, 1, emitted::add);
        assertEquals(List.of(), emitted, "metadata is there, the container's init is not yet");
        c.sawThread(101, 101, 1);
        a.emitSettled(2, 2, emitted::add);
        assertEquals(1, emitted.size());
        assertEquals(101, ((SyscallEvent) emitted.get(0)).tid());

        Container hostPid = new Container(ContainerIdentity.of(ContainerType.DOCKER, ID.substring(1) + "0", null, null), 0);
        hostPid.sawThread(200, 200, 200);
        hostPid.complete(ContainerInfo.builder(ContainerType.DOCKER, hostPid.identity().fullId()).build());
        a.seen(hostPid);
        now.set(2_999);
        a.emitSettled(3, 3, emitted::add);
        assertEquals(1, emitted.size(), "a container without an init of its own waits for the bound");
        now.set(3_000);
        a.emitSettled(4, 4, emitted::add);
        assertEquals(2, emitted.size());
        assertEquals(200, ((SyscallEvent) emitted.get(1)).tid());
    }

    @Test
    void theEventsThreadIsTheContainersInitOnceSeen() {
        Container c = new Container(ContainerIdentity.of(ContainerType.DOCKER, ID, null, null), 0);
        c.sawThread(100, 100, 100);
        assertEquals(100, c.eventTid(), "a runtime helper that joined the cgroup in the host's pid namespace");
        c.sawThread(101, 101, 1);
        c.sawThread(102, 101, 1);
        c.sawThread(103, 103, 2);
        assertEquals(101, c.eventTid(), "the first thread with pid 1 in its namespace");
        assertEquals(101, c.eventPid());
    }

    @Test
    void aBurstOfNewContainersBeyondTheCapacityIsCountedNotKept() {
        ContainerAnnouncer a = new ContainerAnnouncer(2, 0, () -> 0);
        for (int i = 0; i < 5; i++) {
            a.seen(new Container(ContainerIdentity.of(ContainerType.DOCKER, ID.substring(1) + i, null, null), 0));
        }
        assertEquals(2, a.pending());
        assertEquals(3, a.dropped());
        List<Event> emitted = new ArrayList<>();
        a.emitSettled(1, 1, emitted::add);
        assertEquals(2, emitted.size());
    }

    @Test
    void aRuleOnEvtTypeContainerCompilesAndFiresWithTheContainersFields() throws Exception {
        CountDownLatch release = new CountDownLatch(0);
        TestThreads threads = new TestThreads().add(7, 1, "cpu=/docker/" + ID);
        SyscallStateService syscall = TestThreads.hostState();
        try (ContainerStateService state = new ContainerStateService(threads, Set.of(), List.of(engine(release)), 16,
                TimeUnit.SECONDS.toNanos(60))) {
            ContainerFieldExtractor fields = extractorOver(state);
            String rules = String.join("\n",
                    "- rule: Container started",
                    "  desc: a container of the test image started",
                    "  condition: evt.type = container and container.image.repository = localhost/vigil-test/busybox",
                    "  output: started (id=%container.id name=%container.name image=%container.image.repository"
                            + " type=%evt.type)",
                    "  priority: INFORMATIONAL",
                    "- rule: Any execve",
                    "  desc: the non-container events of the test",
                    "  condition: evt.type = execve and container.id != host",
                    "  output: exec %container.id",
                    "  priority: DEBUG", "");
            LoadResult load = new FalcoRuleEngine().load(List.of(new RuleFile("container.yaml", rules)),
                    FalcoRulesLoadTest.catalog(fields, syscall), EngineConfig.defaults("h"));
            assertEquals(List.of(), load.errors());
            assertEquals(List.of(), load.warnings(), "evt.type = container is a known event type");
            assertNotNull(load.ruleset());

            ContainerEventParser parser = new ContainerEventParser(state);
            List<Event> emitted = new ArrayList<>();
            parser.parse(TestThreads.event(7, 5), emitted::add);
            awaitFinished(state);
            parser.parse(TestThreads.event(7, 6), emitted::add);
            assertEquals(1, emitted.size());
            List<Alert> alerts = new ArrayList<>();
            load.ruleset().evaluate(emitted.get(0), alerts::add);
            assertEquals(1, alerts.size(), () -> "alerts: " + alerts);
            Alert a = alerts.get(0);
            assertEquals("Container started", a.rule());
            assertEquals("started (id=" + ID.substring(0, 12) + " name=web image=localhost/vigil-test/busybox"
                    + " type=container)", a.output());
            assertEquals("container", a.outputFields().get("evt.type"));
            assertEquals("web", a.outputFields().get("container.name"));
        }
    }
}
