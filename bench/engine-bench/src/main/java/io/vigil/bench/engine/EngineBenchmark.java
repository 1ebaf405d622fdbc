package io.vigil.bench.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.engine.api.Ruleset;
import io.vigil.sdk.Alert;

/**
 * Falco's stable ruleset evaluated over a synthetic syscall stream (ns/event; with
 * {@code -prof gc}, gc.alloc.rate.norm is bytes/event), a stream of only non-matching
 * events (should allocate nothing), and the load+compile time of all upstream rule files.
 */
@State(Scope.Thread)
public class EngineBenchmark {

    static final int N = 8192;

    private final FalcoRuleEngine engine = new FalcoRuleEngine();
    private SynthEvent[] stream;
    private SynthEvent[] quiet;
    private Ruleset ruleset;
    private List<RuleFile> upstream;
    private SynthCatalog catalog;
    private java.util.function.Consumer<Alert> sink;

    /** One sink per iteration, so that the measured loop allocates no lambda. */
    @Setup(Level.Iteration)
    public void sink(Blackhole bh) {
        sink = bh::consume;
    }

    static Path rules() {
        return SynthCatalog.root().resolve("../shared/falco-rules");
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
        catalog = new SynthCatalog();
        RuleFile stable = RuleFile.read(rules().resolve("falco_rules.yaml"));
        LoadResult r = engine.load(List.of(stable), catalog.catalog, EngineConfig.defaults("bench"));
        if (!r.ok()) {
            throw new IllegalStateException(r.errors().toString());
        }
        ruleset = r.ruleset();
        List<SynthEvent> events = new EventStream(catalog).generate(N, 300);
        stream = events.toArray(new SynthEvent[0]);
        List<SynthEvent> silent = new ArrayList<>();
        int matches = 0;
        for (SynthEvent e : events) {
            List<Alert> a = new ArrayList<>();
            ruleset.evaluate(e, a::add);
            matches += a.size();
            if (a.isEmpty()) {
                silent.add(e);
            }
        }
        quiet = new SynthEvent[N];
        for (int i = 0; i < N; i++) {
            quiet[i] = silent.get(i % silent.size());
        }
        long enabled = ruleset.rules().stream().filter(x -> x.enabled()).count();
        System.out.printf("%n[setup] %d rules enabled, %d/%d events raise an alert%n", enabled, matches, N);
        upstream = new ArrayList<>();
        try (var s = Files.list(rules())) {
            for (Path p : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                upstream.add(RuleFile.read(p));
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(N)
    public void evaluateStream() {
        for (SynthEvent e : stream) {
            ruleset.evaluate(e, sink);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(N)
    public void evaluateNonMatching() {
        for (SynthEvent e : quiet) {
            ruleset.evaluate(e, sink);
        }
    }

    /** Loads and compiles each upstream file, as {@code falco -V} of each would. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int loadAllUpstreamFiles() {
        int rules = 0;
        for (RuleFile f : upstream) {
            LoadResult r = engine.load(List.of(f), catalog.catalog, EngineConfig.defaults("bench"));
            if (!r.ok()) {
                throw new UncheckedIOException(new IOException(r.errors().toString()));
            }
            rules += r.ruleset().rules().size();
        }
        return rules;
    }
}
