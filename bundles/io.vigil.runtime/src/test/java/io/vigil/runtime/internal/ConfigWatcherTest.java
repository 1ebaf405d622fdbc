package io.vigil.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.RuleInfo;
import io.vigil.sdk.Alert;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.Priority;
import io.vigil.sdk.testkit.MapFieldExtractor;

/**
 * A running {@link RuntimeCore} with the real rule engine, whose configuration file is
 * rewritten: what can change live changes, an invalid file changes nothing and raises the
 * internal alert, keys that need a restart are named.
 */
class ConfigWatcherTest {

    @TempDir
    Path dir;

    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<Alert> alerts = new CopyOnWriteArrayList<>();
    final List<List<FalcoOutputConfigs.Channel>> applied = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    RuntimeCore core;
    ConfigWatcher watcher;
    Path config;
    AutoCloseable subscription;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), rule("Rule A", "WARNING", "alpha")
                + rule("Rule Noisy", "DEBUG", "noisy"));
        Files.writeString(dir.resolve("b.yaml"), rule("Rule B", "ERROR", "beta"));
        config = dir.resolve("falco.yaml");
        write("rules_files: [a.yaml]", "priority: debug", "json_output: false", "outputs_queue:",
                "  capacity: 100");
        core = new RuntimeCore(new FalcoRuleEngine(), messages::add);
        core.addExtractor(new MapFieldExtractor("test", List.of(
                FieldDescriptor.of("test.name", FieldType.STRING, "a name", "test", "Test"))));
        ConfigTree tree = ConfigTree.read(config);
        VigilSettings s = VigilSettings.from(tree, dir, dir, "host");
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        LiveStandardChannels standard = new LiveStandardChannels(core, out);
        standard.apply(s.output());
        assertTrue(core.start(s.withoutStandardChannels(), true, out, code -> { }).ok());
        subscription = core.subscribe(alerts::add);
        watcher = new ConfigWatcher(new ConfigWatcher.Source(config, List.of(), List.of(), dir, dir, "host"), core,
                new FalcoRuleEngine(), standard, applied::add, messages::add, tree, s, FalcoOutputConfigs.from(tree));
    }

    @AfterEach
    void stop() throws Exception {
        watcher.close();
        subscription.close();
        core.stop(1000);
    }

    static String rule(String name, String priority, String value) {
        return String.join("\n", "- rule: " + name, "  desc: d", "  condition: test.name = " + value,
                "  output: seen %test.name", "  priority: " + priority, "  source: test", "  tags: [t_" + value + "]",
                "");
    }

    void write(String... lines) throws Exception {
        Files.writeString(config, String.join("\n", lines) + "\n");
    }

    Set<String> enabled() {
        Set<String> out = new TreeSet<>();
        for (RuleInfo r : core.ruleset().orElseThrow().rules()) {
            if (r.enabled()) {
                out.add(r.name());
            }
        }
        return out;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    @Test
    void rulesPathsPrioritySelectionsAndFormatChangeLive() throws Exception {
        assertEquals(Set.of("Rule A", "Rule Noisy"), enabled());
        write("rules_files: [a.yaml, b.yaml]", "priority: warning", "rules:", "  - disable:", "      rule: Rule A",
                "json_output: true", "outputs_queue:", "  capacity: 100");
        assertTrue(watcher.check(), () -> "messages: " + messages);
        assertEquals(Set.of("Rule B"), enabled(), "b.yaml added, Rule Noisy below warning, Rule A disabled");
        assertEquals(List.of(dir.resolve("a.yaml"), dir.resolve("b.yaml")), core.rulesPaths());
        assertTrue(messages.stream().anyMatch(m -> m.contains("changed: applied rules (2 path(s), priority WARNING")
                && m.contains("alert format")), () -> "messages: " + messages);
        assertTrue(messages.stream().noneMatch(m -> m.contains("needs restart")), () -> "messages: " + messages);

        // The stdout channel now writes Falco's JSON.
        core.internalAlert("Format probe", Priority.NOTICE, "probe", Map.of());
        await(() -> stdout.toString(StandardCharsets.UTF_8).contains("\"rule\":\"Format probe\""),
                "the alert as JSON on stdout; got: " + stdout.toString(StandardCharsets.UTF_8));
        assertTrue(applied.isEmpty(), "no falco.yaml output section changed");
    }

    @Test
    void invalidFilesKeepEverythingAndRaiseTheInternalAlert() throws Exception {
        write("rules_files: [a.yaml, b.yaml", "priority: warning");
        assertFalse(watcher.check());
        await(() -> alerts.size() == 1, "one internal alert; got " + alerts);
        Alert a = alerts.get(0);
        assertEquals(ConfigWatcher.FAILED_RULE, a.rule());
        assertEquals("internal", a.source());
        assertEquals(config.toString(), a.outputFields().get("vigil.config.file"));
        assertEquals(2L, a.outputFields().get("vigil.config.line"), "where the parser meets the unclosed list");
        assertTrue(a.output().contains("invalid YAML"), a.output());
        assertEquals(Set.of("Rule A", "Rule Noisy"), enabled(), "the old rules stay");

        write("rules_files: [a.yaml]", "prority: warning");
        assertFalse(watcher.check());
        await(() -> alerts.size() == 2, "a second internal alert; got " + alerts);
        assertEquals(2L, alerts.get(1).outputFields().get("vigil.config.line"));
        assertTrue(alerts.get(1).output().contains("unknown key 'prority'"), alerts.get(1).output());

        write("rules_files: [a.yaml]", "priority: loud");
        assertFalse(watcher.check());
        await(() -> alerts.size() == 3, "a third internal alert; got " + alerts);
        assertEquals(2L, alerts.get(2).outputFields().get("vigil.config.line"));
        assertTrue(alerts.get(2).output().contains("configuration key priority: unknown priority 'loud'"),
                alerts.get(2).output());

        Files.writeString(dir.resolve("broken.yaml"), "- rule: Broken\n  condition: test.name =\n");
        write("rules_files: [a.yaml, broken.yaml]");
        assertFalse(watcher.check());
        await(() -> alerts.size() == 4, "a fourth internal alert; got " + alerts);
        assertEquals(dir.resolve("broken.yaml").toString(), alerts.get(3).outputFields().get("vigil.reload.file"));
        assertEquals(Set.of("Rule A", "Rule Noisy"), enabled(), "the old rules still stay");
        assertEquals(List.of(dir.resolve("a.yaml")), core.rulesPaths());

        // Fixed: applied.
        write("rules_files: [b.yaml]");
        assertTrue(watcher.check(), () -> "messages: " + messages);
        assertEquals(Set.of("Rule B"), enabled());
    }

    @Test
    void keysThatNeedARestartAreNamedAndOutputSectionsBecomeChannelConfigs() throws Exception {
        write("rules_files: [a.yaml]", "priority: debug", "json_output: false", "outputs_queue:", "  capacity: 5",
                "engine:", "  kind: modern_ebpf", "http_output:", "  enabled: true", "  url: http://127.0.0.1:9/x");
        assertTrue(watcher.check(), () -> "messages: " + messages);
        String m = messages.get(messages.size() - 1);
        assertTrue(m.contains("needs restart to take effect: engine, outputs_queue"), m);
        assertEquals(1, applied.size());
        assertEquals("io.vigil.output.http", applied.get(0).get(0).factoryPid());
        assertEquals("http://127.0.0.1:9/x", applied.get(0).get(0).properties().get("url"));
        assertEquals(Set.of("Rule A", "Rule Noisy"), enabled(), "rules untouched");

        // The same content again (an editor's touch): nothing happens.
        int before = messages.size();
        write("rules_files: [a.yaml]", "priority: debug", "json_output: false", "outputs_queue:", "  capacity: 5",
                "engine:", "  kind: modern_ebpf", "http_output:", "  enabled: true", "  url: http://127.0.0.1:9/x");
        assertTrue(watcher.check());
        assertEquals(before, messages.size(), () -> "messages: " + messages);
        assertEquals(1, applied.size());
    }

    @Test
    void aBurstOfWritesIsOneReloadAndAddedRulesFilesAreWatched() throws Exception {
        watcher.start();
        for (int i = 0; i < 5; i++) {
            write("rules_files: [a.yaml, b.yaml]", "priority: debug", "json_output: false", "outputs_queue:",
                    "  capacity: 100", "# write " + i);
        }
        await(() -> enabled().contains("Rule B"), "b.yaml loaded after the config file changed; messages: " + messages);
        Thread.sleep(1500); // a second reload of the same burst would come within the watcher's quiet time
        assertEquals(1, messages.stream().filter(m -> m.contains(" changed: ")).count(), () -> "messages: " + messages);

        // b.yaml was added by the config change: editing it reloads the rules.
        Files.writeString(dir.resolve("b.yaml"), rule("Rule B2", "ERROR", "beta"));
        await(() -> enabled().contains("Rule B2"), "b.yaml's change loaded; messages: " + messages);
    }
}
