package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.vigil.engine.api.LoadResult;
import io.vigil.runtime.api.VigilRuntime;
import io.vigil.sdk.Alert;
import io.vigil.sdk.EventSource;
import io.vigil.sdk.FieldExtractor;

/**
 * The operator console and hot reload on a running distribution: commands print what they
 * should, rules reload between two events without skipping any, and a broken rules file keeps
 * the old rules and raises one internal alert per failed reload.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleAndReloadIT {

    static final String MARKER_RULE = "Marker event seen";

    @Inject
    private BundleContext context;

    @Inject
    private VigilRuntime runtime;

    @Inject
    private SessionFactory sessions;

    static Path rulesFile() {
        return Path.of(System.getProperty("vigil.itest.dir"), "reload-rules.yaml");
    }

    static String goodRules(int generation) {
        return String.join("\n",
                "# generation " + generation,
                "- rule: " + MARKER_RULE,
                "  desc: Counts marker events (hot reload test).",
                "  condition: marker.kind = marker",
                "  output: marker %marker.seq",
                "  priority: INFO",
                "  source: marker",
                "  tags: [reload_test]",
                "- rule: Filler event seen",
                "  desc: Never fires in this test (disabled by tag from the console).",
                "  condition: marker.kind = never",
                "  output: filler %marker.seq",
                "  priority: DEBUG",
                "  source: marker",
                "  tags: [filler]",
                "");
    }

    @Configuration
    public Option[] config() throws IOException {
        Path dir = Path.of(System.getProperty("vigil.itest.dir"));
        Files.writeString(rulesFile(), goodRules(0), StandardCharsets.UTF_8);
        Path config = dir.resolve("reload-vigil.yaml");
        Files.writeString(config, String.join("\n",
                "rules_files:",
                "  - " + rulesFile(),
                "stdout_output:",
                "  enabled: false",
                "watch_config_files: false",
                "vigil:",
                "  sources:",
                "    disabled: [syscall]",
                ""), StandardCharsets.UTF_8);
        return VigilDistribution.options("exam-reload", config);
    }

    private String console(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session s = sessions.create(System.in, out, out);
        try {
            Object result = s.execute(command);
            if (result != null) {
                out.println(result);
            }
        } finally {
            s.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void hundredReloadsWhileEventsFlowMissNoMarkerAndBrokenReloadsKeepTheRules() throws Exception {
        MarkerPlugin plugin = new MarkerPlugin();
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        ServiceRegistration<?> fields = context.registerService(FieldExtractor.class, plugin.fields, null);
        ServiceRegistration<?> source = context.registerService(EventSource.class, plugin.source, null);
        try {
            await(this::markerRuleEnabled, "the marker rule becoming active");
            plugin.paused = true;
            Thread.sleep(500); // let in-flight events finish before counting from zero
            try (AutoCloseable sub = runtime.subscribe(alerts::add)) {
                long markersBefore = plugin.markers.get();
                plugin.paused = false;
                for (int i = 1; i <= 100; i++) {
                    Files.writeString(rulesFile(), goodRules(i), StandardCharsets.UTF_8);
                    LoadResult r = runtime.reload();
                    assertTrue("reload " + i + " succeeds: " + r.diagnostics(), r.ok());
                }
                plugin.paused = true;
                long sent = plugin.markers.get() - markersBefore;
                assertTrue("events flowed during the reloads", sent > 0);
                await(() -> count(alerts, MARKER_RULE) >= sent, "alerts for all " + sent + " markers");
                Thread.sleep(500);
                assertEquals("every marker sent across 100 reloads raised exactly one alert", sent,
                        count(alerts, MARKER_RULE));

                // 100 broken reloads: the old rules stay, one internal alert each.
                Files.writeString(rulesFile(), "- rule: Broken\n  condition: marker.kind = (\n", StandardCharsets.UTF_8);
                long reloadAlertsBefore = count(alerts, "Vigil rules reload failed");
                plugin.paused = false;
                for (int i = 0; i < 100; i++) {
                    assertFalse(runtime.reload().ok());
                }
                await(() -> count(alerts, "Vigil rules reload failed") - reloadAlertsBefore >= 100,
                        "100 internal alerts");
                Thread.sleep(300);
                assertEquals(100, count(alerts, "Vigil rules reload failed") - reloadAlertsBefore);
                Alert internal = alerts.stream().filter(a -> a.rule().equals("Vigil rules reload failed"))
                        .findFirst().orElseThrow();
                assertEquals("internal", internal.source());
                assertEquals(rulesFile().toString(), internal.outputFields().get("vigil.reload.file"));
                assertTrue("the error has a line: " + internal.outputFields(),
                        ((Long) internal.outputFields().get("vigil.reload.line")) > 0);
                long markerAlerts = count(alerts, MARKER_RULE);
                await(() -> count(alerts, MARKER_RULE) > markerAlerts, "the old rules still raising alerts");
                assertTrue(markerRuleEnabled());
            }
        } finally {
            plugin.paused = true;
            Files.writeString(rulesFile(), goodRules(1000), StandardCharsets.UTF_8);
            runtime.reload();
            source.unregister();
            fields.unregister();
        }
    }

    @Test
    public void consoleCommands() throws Exception {
        MarkerPlugin plugin = new MarkerPlugin();
        ServiceRegistration<?> fields = context.registerService(FieldExtractor.class, plugin.fields, null);
        ServiceRegistration<?> source = context.registerService(EventSource.class, plugin.source, null);
        try {
            Files.writeString(rulesFile(), goodRules(2000), StandardCharsets.UTF_8);
            runtime.reload();
            await(this::markerRuleEnabled, "the marker rule becoming active");

            String rules = console("vigil:rules");
            assertTrue(rules, rules.contains(MARKER_RULE) && rules.contains("marker") && rules.contains("Informational"));
            assertTrue(rules, rules.contains("2 rules"));

            String disabled = console("vigil:rule-disable --tag filler");
            assertTrue(disabled, disabled.contains("disabled: Filler event seen"));
            assertTrue(console("vigil:rules -e").contains("1 rules"));
            String enabled = console("vigil:rule-enable Filler*");
            assertTrue(enabled, enabled.contains("enabled:  Filler event seen"));

            String describe = console("vigil:describe \"" + MARKER_RULE + "\"");
            assertTrue(describe, describe.contains("Condition (compiled): ") && describe.contains("marker.kind"));

            String fieldList = console("vigil:fields marker");
            assertTrue(fieldList, fieldList.contains("marker.seq") && fieldList.contains("UINT64"));

            String reload = console("vigil:reload");
            assertTrue(reload, reload.contains("Rules reloaded."));

            String validate = console("vigil:validate " + rulesFile());
            assertTrue(validate, validate.contains(rulesFile() + ": Ok"));

            String sources = console("vigil:sources");
            assertTrue(sources, sources.contains("marker") && sources.contains("running"));

            String stats = console("vigil:stats");
            assertTrue(stats, stats.contains("events/s") && stats.contains("heap used"));

            String outputs = console("vigil:outputs");
            assertTrue(outputs, outputs.contains("Channel"));

            String tail = console("vigil:tail -n 3 -r \"Marker*\"");
            assertEquals(tail, 3, tail.lines().filter(l -> l.contains("marker ")).count());

            Path event = Path.of(System.getProperty("vigil.itest.dir"), "marker-event.json");
            Files.writeString(event, "{\"marker.kind\": \"marker\", \"marker.seq\": 7}");
            String eval = console("vigil:eval -s marker -r " + rulesFile() + " -e " + event + " --explain");
            assertTrue(eval, eval.contains("\"rule\":\"" + MARKER_RULE + "\"") && eval.contains("\"explain\""));
        } finally {
            source.unregister();
            fields.unregister();
        }
    }

    private boolean markerRuleEnabled() {
        return runtime.ruleset().map(rs -> rs.rules().stream()
                .anyMatch(r -> r.name().equals(MARKER_RULE) && r.enabled())).orElse(false);
    }

    private static long count(List<Alert> alerts, String rule) {
        return alerts.stream().filter(a -> a.rule().equals(rule)).count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("gave up waiting for " + what);
    }

    @Inject
    private org.osgi.service.cm.ConfigurationAdmin configAdmin;

    @Test
    public void httpOutputAddedAndRemovedWhileRunning() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/alerts", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        MarkerPlugin plugin = new MarkerPlugin();
        ServiceRegistration<?> fields = context.registerService(FieldExtractor.class, plugin.fields, null);
        ServiceRegistration<?> source = context.registerService(EventSource.class, plugin.source, null);
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = runtime.subscribe(alerts::add)) {
            Files.writeString(rulesFile(), goodRules(3000), StandardCharsets.UTF_8);
            runtime.reload();
            await(this::markerRuleEnabled, "the marker rule becoming active");

            org.osgi.service.cm.Configuration cfg = configAdmin.createFactoryConfiguration("io.vigil.output.http", "?");
            java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
            props.put("vigil.output.name", "itest-http");
            props.put("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
            cfg.update(props);
            await(() -> runtime.outputs().stream().anyMatch(o -> o.name().equals("itest-http")),
                    "the HTTP channel starting from its configuration");
            await(() -> bodies.size() >= 3, "marker alerts POSTed to the HTTP server");
            assertTrue(bodies.get(0), bodies.get(0).contains("\"rule\":\"" + MARKER_RULE + "\""));

            cfg.delete();
            await(() -> runtime.outputs().stream().noneMatch(o -> o.name().equals("itest-http")),
                    "the HTTP channel stopping when its configuration is deleted");
            int afterRemoval = alerts.size();
            await(() -> alerts.size() > afterRemoval + 10, "alerts still raised after the channel left");
        } finally {
            plugin.paused = true;
            source.unregister();
            fields.unregister();
            server.stop(0);
        }
    }
}
