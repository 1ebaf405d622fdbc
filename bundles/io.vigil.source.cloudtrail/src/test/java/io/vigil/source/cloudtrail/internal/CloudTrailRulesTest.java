package io.vigil.source.cloudtrail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.engine.api.Ruleset;
import io.vigil.sdk.Alert;
import io.vigil.source.jsonkit.JsonEvent;

/** Falco's aws_cloudtrail_rules.yaml, unchanged, on the samples and on documented records. */
class CloudTrailRulesTest {

    private static LoadResult load;
    private static Ruleset rules;

    @BeforeAll
    static void loadRules() throws Exception {
        Path file = Path.of(System.getProperty("vigil.falcoRules", "../../../shared/falco-rules"))
                .resolve("aws_cloudtrail_rules.yaml");
        FieldCatalog catalog = new FieldCatalog(List.of(Trails.FIELDS), Map.of(), Set.of(CloudTrailSource.NAME));
        load = new FalcoRuleEngine().load(List.of(RuleFile.read(file)), catalog,
                new EngineConfig(null, EngineConfig.RuleMatching.ALL, List.of(), List.of(), "test-host", false));
        rules = load.ruleset();
    }

    private static List<Alert> alerts(Ruleset r, List<JsonEvent> events) {
        List<Alert> out = new ArrayList<>();
        events.forEach(e -> r.evaluate(e, out::add));
        return out;
    }

    @Test
    void theRuleFileLoadsUnchangedWithoutErrors() {
        assertTrue(load.ok(), () -> "errors: " + load.errors());
        assertTrue(load.warnings().isEmpty(), () -> "warnings: " + load.warnings());
    }

    @Test
    void theSamplesStartInstancesWhichNoEnabledRuleWatches() throws Exception {
        List<JsonEvent> events = Trails.events(Trails.samples());
        assertEquals(List.of(), alerts(rules, events), "StartInstances is no RunInstances");
        Ruleset all = rules.select(List.of(new EngineConfig.RuleSelection(true, "All Cloudtrail Events", null)));
        List<Alert> alerts = alerts(all, events);
        assertEquals(2, alerts.size());
        assertEquals("Some Cloudtrail Event (evtnum=1 info=us-east-2 Alice ec2 StartInstances Alice via "
                + "205.251.233.176 ← StartInstances ts=2014-03-06T21:22:54.000000000Z id=<NA> error=<NA>)",
                alerts.get(0).output());
    }

    @Test
    void documentedRecordsRaiseTheirRules(@TempDir Path dir) throws Exception {
        Trails.writeLog(dir, "us-east-1", "a", Trails.CONSOLE_LOGIN_NO_MFA, Trails.CONSOLE_LOGIN_ASSUMED_ROLE,
                Trails.CREATE_USER, Trails.CREATE_USER_DENIED, Trails.RUN_INSTANCES, Trails.GET_OBJECT,
                Trails.PUT_PUBLIC_ACCESS_BLOCK);
        List<String> fired = alerts(rules, Trails.events(dir)).stream()
                .map(a -> a.rule() + " <- " + a.outputFields().get("ct.user")).toList();
        assertEquals(List.of("Console Login Without MFA <- Mary", "Console Login Through Assume Role <- null",
                "Create AWS user <- Admin", "Run Instances <- Alice", "Run Instances in Non-approved Region <- Alice",
                "Delete Bucket Public Access Block <- root-user"), fired);
    }
}
