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
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.sdk.Alert;
import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSink;
import io.vigil.sdk.EventSource;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.testkit.MapEvent;
import io.vigil.sdk.testkit.MapFieldExtractor;

/**
 * A plugin installed while Vigil runs (feature:install, deploy/) brings its fields and its
 * source together: the events the source has ready at once (files already in a directory, a
 * log API's backlog) must meet the rules written for them, not the ruleset of before.
 */
class LateSourceTest {

    @TempDir
    Path dir;

    /** A source whose first poll returns its whole backlog at once, then nothing. */
    static EventSource backlog(int events) {
        return new EventSource() {
            @Override
            public String name() {
                return "late";
            }

            @Override
            public EventCapture open(Map<String, String> params) {
                return new EventCapture() {
                    boolean done;

                    @Override
                    public int poll(EventSink sink, long timeoutMillis) throws InterruptedException {
                        if (done) {
                            Thread.sleep(Math.min(timeoutMillis, 50));
                            return 0;
                        }
                        done = true;
                        for (int i = 1; i <= events; i++) {
                            sink.accept(new MapEvent("late", 0, i, i, Map.of("late.name", "backlog")));
                        }
                        return events;
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }

    @Test
    void theBacklogOfASourceAddedWhileRunningMeetsItsRules() throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), String.join("\n",
                "- rule: Backlog event",
                "  desc: an event a late source had ready when it opened",
                "  condition: late.name = backlog",
                "  output: backlog event (%late.name)",
                "  priority: NOTICE",
                "  source: late", ""));
        Path config = dir.resolve("falco.yaml");
        Files.writeString(config, "rules_files: [rules.yaml]\njson_output: false\n");
        RuntimeCore core = new RuntimeCore(new FalcoRuleEngine(), m -> { });
        VigilSettings s = VigilSettings.from(ConfigTree.read(config), dir, dir, "host");
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        try {
            assertTrue(core.start(s, true, out, code -> { }).ok());
            core.subscribe(alerts::add);
            // The plugin arrives: its fields and its source, as its bundle registers them.
            core.addExtractor(new MapFieldExtractor("late", List.of(
                    FieldDescriptor.of("late.name", FieldType.STRING, "a name", "late", "Late"))));
            core.addSource(backlog(5));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (alerts.size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(5, alerts.size(), "every backlog event raises its alert; got " + alerts);
            assertEquals("Backlog event", alerts.get(0).rule());
        } finally {
            core.stop(1000);
        }
    }
}
