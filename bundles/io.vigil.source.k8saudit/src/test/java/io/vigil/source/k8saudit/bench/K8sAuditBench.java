package io.vigil.source.k8saudit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.engine.api.Ruleset;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.testkit.Sources;
import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;
import io.vigil.source.k8saudit.internal.K8sAuditFields;
import io.vigil.source.k8saudit.internal.K8sAuditSource;

/**
 * Prints throughput figures for the k8s_audit path: parsing and splitting audit payloads, and
 * evaluating Falco's k8s_audit_rules.yaml on the parsed events. Not a test: run its main with
 * the test classpath, e.g. {@code java -cp target/classes:target/test-classes:<deps>
 * io.vigil.source.k8saudit.bench.K8sAuditBench ../../../shared}.
 */
public final class K8sAuditBench {

    private K8sAuditBench() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : "../../../shared");
        FieldExtractor fields = new K8sAuditFields();
        K8sAuditSource source = new K8sAuditSource();

        List<JsonEvent> events = Sources.collect(source, Map.of("openParams", shared.resolve("samples/k8s_audit").toString()),
                100_000, 60_000, e -> (JsonEvent) e);
        List<byte[]> payloads = new ArrayList<>();
        long bytes = 0;
        for (JsonEvent e : events) {
            payloads.add(e.payload());
            bytes += e.payload().length;
        }
        LoadResult load = new FalcoRuleEngine().load(List.of(RuleFile.read(shared.resolve("falco-rules/k8s_audit_rules.yaml"))),
                new FieldCatalog(List.of(fields), Map.of(), Set.of("k8s_audit")),
                new EngineConfig(null, EngineConfig.RuleMatching.ALL, List.of(), List.of(), "bench", false));
        Ruleset rules = load.ruleset();

        int rounds = 2000;
        for (int warm = 0; warm < 2; warm++) {
            long t0 = System.nanoTime();
            long parsed = 0;
            for (int r = 0; r < rounds; r++) {
                for (byte[] p : payloads) {
                    parsed += Json.MAPPER.readTree(p).size();
                }
            }
            long t1 = System.nanoTime();
            long[] alerts = {0};
            for (int r = 0; r < rounds; r++) {
                for (JsonEvent e : events) {
                    rules.evaluate(e, a -> alerts[0]++);
                }
            }
            long t2 = System.nanoTime();
            long n = (long) rounds * events.size();
            if (warm == 1) {
                System.out.printf("events per round: %d (%d bytes of JSON)%n", events.size(), bytes);
                System.out.printf("parse: %.0f events/s, %.1f MB/s (%d nodes)%n", n / ((t1 - t0) / 1e9),
                        (double) bytes * rounds / ((t1 - t0) / 1e9) / 1e6, parsed);
                System.out.printf("evaluate %d rules: %.0f events/s, %d alerts%n", load.ruleset().rules().size(),
                        n / ((t2 - t1) / 1e9), alerts[0]);
            }
        }
    }
}
