package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import com.sun.net.httpserver.HttpServer;

import io.vigil.runtime.api.OutputStatus;
import io.vigil.runtime.api.VigilRuntime;
import io.vigil.sdk.Alert;

/**
 * The output watchdog on a running distribution, with real HTTP channels configured through
 * Config Admin: one posts to a server in the test that never answers, one to a server that
 * does. The stuck channel is reported once (after Falco's default output_timeout of 2 s), its
 * overflow is dropped and reported with the exact number, both as internal alerts that reach
 * the healthy channel as Falco JSON, and {@code vigil:outputs} counts it all.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OutputWatchdogIT {

    private static final int CAPACITY = 20;

    @Inject
    private VigilRuntime runtime;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws IOException {
        Path dir = Path.of(System.getProperty("vigil.itest.dir"));
        Path rules = dir.resolve("watchdog-rules.yaml");
        Files.writeString(rules, String.join("\n",
                "- rule: Never fires",
                "  desc: The watchdog test needs Vigil running, not rules.",
                "  condition: evt.type = openat and fd.name = /nonexistent/vigil-watchdog-itest",
                "  output: never",
                "  priority: DEBUG",
                ""), StandardCharsets.UTF_8);
        Path config = dir.resolve("watchdog-vigil.yaml");
        Files.writeString(config, String.join("\n",
                "rules_files:",
                "  - " + rules,
                "stdout_output:",
                "  enabled: false",
                "outputs_queue:",
                "  capacity: " + CAPACITY,
                "watch_config_files: false",
                "vigil:",
                "  sources:",
                "    disabled: [syscall]",
                ""), StandardCharsets.UTF_8);
        return VigilDistribution.options("exam-watchdog", config);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up after 60 s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Subscribes once the launcher has started Vigil: the framework may hand this test its
     * services before the launcher thread has read the configuration and opened the outputs.
     */
    private AutoCloseable subscribeWhenRunning(java.util.function.Consumer<Alert> listener)
            throws InterruptedException {
        AutoCloseable[] sub = new AutoCloseable[1];
        await(() -> {
            try {
                sub[0] = runtime.subscribe(listener);
                return true;
            } catch (IllegalStateException notYet) {
                return false;
            }
        }, "Vigil running (the launcher started from the test configuration)");
        return sub[0];
    }

    private Optional<OutputStatus> output(String name) {
        return runtime.outputs().stream().filter(o -> o.name().equals(name)).findFirst();
    }

    private org.osgi.service.cm.Configuration httpChannel(String name, String url) throws IOException {
        org.osgi.service.cm.Configuration cfg = configAdmin.createFactoryConfiguration("io.vigil.output.http", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("vigil.output.name", name);
        props.put("url", url);
        props.put("request_timeout_ms", 600_000L); // only the watchdog may notice this one
        props.put("max_retries", 0);
        cfg.update(props);
        return cfg;
    }

    private static long notices(List<Alert> alerts, String rule, String channel) {
        return alerts.stream().filter(a -> a.source().equals("internal") && a.rule().equals(rule)
                && channel.equals(a.outputFields().get("vigil.output.channel"))).count();
    }

    @Test
    public void aStuckHttpChannelIsReportedAndItsExactLossReachesTheOtherChannel() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> silentRequests = new CopyOnWriteArrayList<>();
        List<String> bodies = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool();
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        silent.setExecutor(pool);
        silent.createContext("/", ex -> {
            silentRequests.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                release.await(5, TimeUnit.MINUTES); // never answers while the test runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        HttpServer healthy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        healthy.setExecutor(pool);
        healthy.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        silent.start();
        healthy.start();
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        org.osgi.service.cm.Configuration stuckCfg = null;
        org.osgi.service.cm.Configuration okCfg = null;
        try (AutoCloseable sub = subscribeWhenRunning(alerts::add)) {
            stuckCfg = httpChannel("itest-silent", "http://127.0.0.1:" + silent.getAddress().getPort() + "/a");
            okCfg = httpChannel("itest-healthy", "http://127.0.0.1:" + healthy.getAddress().getPort() + "/a");
            await(() -> output("itest-silent").isPresent() && output("itest-healthy").isPresent(),
                    "both HTTP channels starting from their configurations");

            // vigil:output-test alerts go to the silent channel only: one gets stuck in its POST,
            // CAPACITY wait in the queue, the rest are dropped.
            runtime.testOutput("itest-silent");
            await(() -> silentRequests.size() == 1, "the silent server receiving the first POST");
            for (int i = 0; i < CAPACITY + 9; i++) {
                runtime.testOutput("itest-silent");
            }
            OutputStatus s = output("itest-silent").orElseThrow();
            assertEquals(CAPACITY, s.queued());
            assertEquals(9, s.dropped());

            await(() -> notices(alerts, "Vigil output queue full", "itest-silent") == 1,
                    "the queue-full internal alert; seen: " + alerts);
            Alert full = alerts.stream().filter(a -> a.rule().equals("Vigil output queue full")).findFirst()
                    .orElseThrow();
            assertEquals(9L, full.outputFields().get("vigil.output.dropped"));
            assertTrue(full.output(), full.output().contains("'itest-silent' dropped 9 alerts"));

            await(() -> notices(alerts, "Vigil output stuck", "itest-silent") == 1,
                    "the stuck internal alert after output_timeout; seen: " + alerts);
            await(() -> output("itest-silent").orElseThrow().stuckMillis() >= 2000, "vigil:outputs showing it stuck");

            // Both notices reach the healthy channel as Falco JSON alerts, never the silent one.
            await(() -> bodies.stream().anyMatch(b -> b.contains("\"rule\":\"Vigil output stuck\""))
                    && bodies.stream().anyMatch(b -> b.contains("\"rule\":\"Vigil output queue full\"")),
                    "the notices POSTed to the healthy server; got: " + bodies);
            String body = bodies.stream().filter(b -> b.contains("Vigil output queue full")).findFirst().orElseThrow();
            assertTrue(body, body.contains("\"priority\":\"Error\"") && body.contains("\"source\":\"internal\"")
                    && body.contains("\"vigil.output.channel\":\"itest-silent\"")
                    && body.contains("\"vigil.output.dropped\":9"));
            assertEquals(0, output("itest-healthy").orElseThrow().dropped());
            assertEquals(1, silentRequests.size());

            // Only the first stuck call is reported, however long it lasts.
            Thread.sleep(1000); // a few watchdog rounds (every 500 ms at the default timeout)
            assertEquals(1, notices(alerts, "Vigil output stuck", "itest-silent"));

            stuckCfg.delete();
            stuckCfg = null;
            await(() -> output("itest-silent").isEmpty(), "the silent channel removed within its drain time");
        } finally {
            release.countDown();
            if (stuckCfg != null) {
                stuckCfg.delete();
            }
            if (okCfg != null) {
                okCfg.delete();
            }
            silent.stop(0);
            healthy.stop(0);
            pool.shutdownNow();
        }
    }

    @Test
    public void aBlockedProgramIsReportedAndKilledWhenItsChannelIsRemoved() throws Exception {
        String marker = "1234.5"; // sleep's argument: finds the child among all processes
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        org.osgi.service.cm.Configuration cfg = configAdmin.createFactoryConfiguration("io.vigil.output.program",
                "?");
        try (AutoCloseable sub = subscribeWhenRunning(alerts::add)) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("vigil.output.name", "itest-program");
            props.put("program", "sleep " + marker);
            props.put("keep_alive", false);
            props.put("timeout_ms", 600_000L); // only the watchdog may notice this one
            cfg.update(props);
            await(() -> output("itest-program").isPresent(), "the program channel starting");
            runtime.testOutput("itest-program");
            await(() -> sleeping(marker), "the program running");
            await(() -> notices(alerts, "Vigil output stuck", "itest-program") == 1,
                    "the stuck internal alert for the program; seen: " + alerts);
            Alert stuck = alerts.stream().filter(a -> a.rule().equals("Vigil output stuck")
                    && "itest-program".equals(a.outputFields().get("vigil.output.channel"))).findFirst().orElseThrow();
            assertEquals("deliver", stuck.outputFields().get("vigil.output.call"));
            assertTrue(output("itest-program").orElseThrow().stuckMillis() >= 2000);

            cfg.delete();
            cfg = null;
            // Removal waits for the drain budget, then interrupts the call, which kills the program.
            await(() -> !sleeping(marker), "the blocked program killed after its channel was removed");
        } finally {
            if (cfg != null) {
                cfg.delete();
            }
        }
    }

    /** Whether a {@code sleep <marker>} process is alive on this machine. */
    private static boolean sleeping(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains("sleep " + marker)
                || p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false));
    }
}
