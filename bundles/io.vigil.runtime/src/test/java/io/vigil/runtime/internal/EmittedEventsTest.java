package io.vigil.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.sdk.Alert;
import io.vigil.sdk.Event;
import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventParser;
import io.vigil.sdk.EventSink;
import io.vigil.sdk.EventSource;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.testkit.MapEvent;
import io.vigil.sdk.testkit.MapFieldExtractor;

/**
 * Events a parser emits (EventParser#parse(Event, EventSink), as the container bundle's
 * {@code container} event) go through the parsers and rules right after the event that led to
 * them, and a parser that emits for its own events cannot hold the source thread forever.
 */
class EmittedEventsTest {

    @TempDir
    Path dir;

    static MapEvent event(String name, long number) {
        return new MapEvent("test", 0, number, number, Map.of("test.name", name));
    }

    /** A source that delivers {@code events} in one batch once {@code go} is counted down, then ends. */
    static EventSource source(List<Event> events, CountDownLatch go, CountDownLatch ended) {
        return new EventSource() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public EventCapture open(Map<String, String> params) {
                return new EventCapture() {
                    boolean done;

                    @Override
                    public int poll(EventSink sink, long timeoutMillis) throws InterruptedException {
                        if (!go.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                            return 0;
                        }
                        if (done) {
                            ended.countDown();
                            return END;
                        }
                        done = true;
                        events.forEach(sink::accept);
                        return events.size();
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }

    /** Records the names it sees; emits one event per "trigger", or one per event of any kind if {@code loop}. */
    static final class EmittingParser implements EventParser {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final boolean loop;

        EmittingParser(boolean loop) {
            this.loop = loop;
        }

        @Override
        public Set<String> sources() {
            return Set.of("test");
        }

        @Override
        public void parse(Event event) {
            seen.add((String) ((MapEvent) event).values().get("test.name"));
        }

        @Override
        public void parse(Event event, EventSink emit) {
            parse(event);
            String name = (String) ((MapEvent) event).values().get("test.name");
            if (loop || name.equals("trigger")) {
                emit.accept(event("emitted", event.number()));
            }
        }
    }

    /** A running core with {@code parser} and {@code source}; the source is registered before the rules compile. */
    RuntimeCore start(EmittingParser parser, EventSource source, List<Alert> alerts) throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), String.join("\n",
                "- rule: Emitted event seen",
                "  desc: an event a parser emitted",
                "  condition: test.name = emitted",
                "  output: emitted (%test.name)",
                "  priority: NOTICE",
                "  source: test", ""));
        Path config = dir.resolve("falco.yaml");
        Files.writeString(config, "rules_files: [rules.yaml]\njson_output: false\n");
        RuntimeCore core = new RuntimeCore(new FalcoRuleEngine(), m -> { });
        core.addExtractor(new MapFieldExtractor("test", List.of(
                FieldDescriptor.of("test.name", FieldType.STRING, "a name", "test", "Test"))));
        core.addParser(parser, 0);
        core.addSource(source);
        VigilSettings s = VigilSettings.from(ConfigTree.read(config), dir, dir, "host");
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertTrue(core.start(s, true, out, code -> { }).ok());
        core.subscribe(alerts::add);
        return core;
    }

    @Test
    void anEmittedEventFollowsTheEventThatLedToItThroughParsersAndRules() throws Exception {
        EmittingParser parser = new EmittingParser(false);
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        RuntimeCore core = start(parser, source(List.of(event("a", 1), event("trigger", 2), event("b", 3)), go, ended),
                alerts);
        try {
            go.countDown();
            assertTrue(ended.await(30, TimeUnit.SECONDS), "the source was read to its end");
            assertEquals(List.of("a", "trigger", "emitted", "b"), parser.seen);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (alerts.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, alerts.size(), () -> "alerts: " + alerts);
            assertEquals("emitted (emitted)", alerts.get(0).output());
        } finally {
            core.stop(1000);
        }
    }

    @Test
    void aParserEmittingForItsOwnEventsIsCutOffAfterTheBound() throws Exception {
        EmittingParser parser = new EmittingParser(true);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        RuntimeCore core = start(parser, source(List.of(event("a", 1), event("b", 2)), go, ended),
                new CopyOnWriteArrayList<>());
        try {
            go.countDown();
            assertTrue(ended.await(60, TimeUnit.SECONDS), "the source was read to its end");
            // Each source event, then at most 1,024 emitted ones in its wake.
            assertEquals(2 * (1 + 1024), parser.seen.size());
            assertEquals("b", parser.seen.get(1 + 1024));
        } finally {
            core.stop(1000);
        }
    }
}
