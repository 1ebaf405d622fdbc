package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.vigil.engine.api.Diagnostic;
import io.vigil.engine.api.RuleInfo;
import io.vigil.runtime.api.VigilRuntime;
import io.vigil.sdk.Alert;
import io.vigil.sdk.FieldDescriptor;

/**
 * The built distribution boots, its features resolve, and a plugin built only against the
 * SDK can be deployed and removed while Vigil runs: its fields and rules come and go, and
 * nothing else stops.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT {

    private static final String RULE = "Heartbeat with an even counter";

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    @Inject
    private VigilRuntime runtime;

    @Configuration
    public Option[] config() throws IOException {
        Path dir = Path.of(System.getProperty("vigil.itest.dir"));
        Path rules = dir.resolve("itest-rules.yaml");
        Files.writeString(rules, String.join("\n",
                "- rule: " + RULE,
                "  desc: Fires on heartbeat events of the example plugin when the counter is even.",
                "  condition: heartbeat.counter > 0 and heartbeat.digit[0] in (0, 2, 4, 6, 8)",
                "  output: heartbeat %heartbeat.counter says %heartbeat.message",
                "  priority: NOTICE",
                "  source: heartbeat",
                "  tags: [example]",
                ""), StandardCharsets.UTF_8);
        Path config = dir.resolve("itest-vigil.yaml");
        Files.writeString(config, String.join("\n",
                "rules_files:",
                "  - " + rules,
                "json_output: true",
                "stdout_output:",
                "  enabled: false",
                ""), StandardCharsets.UTF_8);
        return VigilDistribution.options("exam", config, systemProperty("vigil.example.plugin").value(System.getProperty("vigil.example.plugin")));
    }

    @Test
    public void vigilBundlesAreActiveAndFeaturesResolved() throws Exception {
        List<String> vigil = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("io.vigil.")) {
                vigil.add(b.getSymbolicName());
                assertEquals(b.getSymbolicName() + " is not active", Bundle.ACTIVE, b.getState());
            }
        }
        assertTrue("Vigil bundles found: " + vigil, vigil.containsAll(List.of("io.vigil.sdk", "io.vigil.engine.api",
                "io.vigil.engine", "io.vigil.runtime.api", "io.vigil.runtime")));
        for (String name : List.of("vigil", "vigil-sdk", "vigil-platform", "vigil-syscall", "vigil-outputs")) {
            assertTrue("feature " + name + " is not installed", features.isInstalled(features.getFeature(name)));
        }
        // A dry-run install of every Vigil feature (the audit-log sources are installed on
        // demand) surfaces any missing requirement.
        for (Feature f : features.listFeatures()) {
            if (f.getName().startsWith("vigil")) {
                features.installFeature(f.getName(), f.getVersion(),
                        EnumSet.of(FeaturesService.Option.Simulate, FeaturesService.Option.NoAutoRefreshBundles));
            }
        }
    }

    @Test
    public void pluginDeployedAtRunTimeActivatesItsRulesAndRemovingItDeactivatesThem() throws Exception {
        await(() -> runtime.lastLoad().isPresent(), "the initial rules load");
        assertFalse("no heartbeat fields before the plugin is deployed", hasField("heartbeat.counter"));
        assertFalse("the heartbeat rule cannot be active yet", ruleEnabled(RULE));

        List<Alert> alerts = new CopyOnWriteArrayList<>();
        Path deploy = Path.of(System.getProperty("karaf.home"), "deploy");
        Path plugin = Path.of(System.getProperty("vigil.example.plugin"));
        assertTrue("example plugin jar " + plugin + " was built", Files.isRegularFile(plugin));
        Path deployed = deploy.resolve(plugin.getFileName());
        Files.copy(plugin, deployed, StandardCopyOption.REPLACE_EXISTING);

        await(() -> hasField("heartbeat.counter"), "the plugin's fields in the catalogue");
        await(() -> ruleEnabled(RULE), "the heartbeat rule becoming active");
        try (AutoCloseable sub = runtime.subscribe(alerts::add)) {
            await(() -> !alerts.isEmpty(), "an alert from the heartbeat rule");
        }
        Alert a = alerts.get(0);
        assertEquals(RULE, a.rule());
        assertEquals("heartbeat", a.source());
        long counter = (Long) a.outputFields().get("heartbeat.counter");
        assertEquals(0, counter % 2);
        assertEquals("heartbeat " + counter + " says tick", a.output());

        Files.delete(deployed);
        await(() -> !hasField("heartbeat.counter"), "the plugin's fields leaving the catalogue");
        await(() -> !ruleEnabled(RULE), "the heartbeat rule being deactivated");
        List<Diagnostic> warnings = runtime.lastLoad().orElseThrow().warnings();
        assertTrue("a warning names the rule that lost its source or fields: " + warnings,
                warnings.stream().anyMatch(d -> RULE.equals(d.itemName())));
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("io.vigil.")) {
                assertEquals(b.getSymbolicName() + " kept running", Bundle.ACTIVE, b.getState());
            }
        }
        assertTrue("the runtime still has a ruleset", runtime.ruleset().isPresent());
    }

    private boolean hasField(String name) {
        for (FieldDescriptor d : runtime.catalog().fields("heartbeat")) {
            if (d.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private boolean ruleEnabled(String name) {
        return runtime.ruleset().map(rs -> rs.rules().stream()
                .anyMatch(r -> r.name().equals(name) && r.enabled())).orElse(false);
    }

    /** Polls a condition that depends on asynchronous platform work (deployment, recompiles). */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("gave up waiting for " + what);
    }
}
