package io.vigil.runtime.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vigil.engine.api.Diagnostic;
import io.vigil.engine.api.EngineConfig.RuleSelection;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleEngine;
import io.vigil.engine.api.RuleInfo;
import io.vigil.engine.api.Ruleset;
import io.vigil.runtime.api.OutputStatus;
import io.vigil.runtime.api.RuntimeStats;
import io.vigil.runtime.api.SourceStatus;
import io.vigil.runtime.api.VigilRuntime;
import io.vigil.sdk.Alert;
import io.vigil.sdk.Event;
import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventParser;
import io.vigil.sdk.EventSource;
import io.vigil.sdk.EventTypes;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.OutputChannel;
import io.vigil.sdk.Priority;

/**
 * The running Vigil, free of OSGi: plugins are added and removed by whoever tracks them (the
 * DS component in a framework, or a test), and every change to fields or sources recompiles
 * the rules off the event threads and swaps the result in between two events.
 */
public final class RuntimeCore implements VigilRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCore.class);

    private final RuleEngine engine;
    private final List<FieldExtractor> extractors = new CopyOnWriteArrayList<>();
    private final Map<String, EventTypes> eventTypes = new ConcurrentHashMap<>();
    private final Map<String, EventSource> sources = new ConcurrentHashMap<>();
    private final List<RankedParser> parsers = new CopyOnWriteArrayList<>();
    private final Map<OutputChannel, Priority> channels = new ConcurrentHashMap<>();
    private final Map<String, SourceRunner> runners = new ConcurrentHashMap<>();
    private final Object evalLock = new Object();
    private final ScheduledExecutorService rulesThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-rules");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<String> userMessages;

    private volatile VigilSettings settings;
    private volatile OutputRouter router;
    private volatile Consumer<Alert> publisher;
    private volatile Ruleset ruleset;
    private volatile LoadResult lastLoad;
    private volatile Map<String, EventParser[]> parsersBySource = Map.of();
    private ScheduledFuture<?> pendingRecompile;
    private final List<RuleSelection> runtimeSelections = new CopyOnWriteArrayList<>();
    private final AlertCounters counters = new AlertCounters();
    /** Sources added while running, opened once the recompile that includes them is done. */
    private final Set<String> openAfterRecompile = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong reloads = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failedReloads = new java.util.concurrent.atomic.AtomicLong();
    private volatile long startedMillis;
    private volatile RulesWatcher watcher;

    /** A parser with its service ranking (higher runs first). */
    private record RankedParser(EventParser parser, int ranking) {
    }

    /**
     * @param engine       the rule engine
     * @param userMessages where warnings a person must see go (the launcher's standard error)
     */
    public RuntimeCore(RuleEngine engine, Consumer<String> userMessages) {
        this.engine = engine;
        this.userMessages = userMessages;
    }

    // ---- plugins arriving and leaving ------------------------------------------------------

    public void addExtractor(FieldExtractor x) {
        extractors.add(x);
        scheduleRecompile("fields of '" + x.name() + "' added");
    }

    public void removeExtractor(FieldExtractor x) {
        if (extractors.remove(x)) {
            scheduleRecompile("fields of '" + x.name() + "' removed");
        }
    }

    public void addEventTypes(EventTypes t) {
        eventTypes.put(t.source(), t);
        scheduleRecompile("event types of '" + t.source() + "' added");
    }

    public void removeEventTypes(EventTypes t) {
        if (eventTypes.remove(t.source(), t)) {
            scheduleRecompile("event types of '" + t.source() + "' removed");
        }
    }

    public void addParser(EventParser p, int ranking) {
        parsers.add(new RankedParser(p, ranking));
        indexParsers();
    }

    public void removeParser(EventParser p) {
        parsers.removeIf(r -> r.parser() == p);
        indexParsers();
    }

    public void addSource(EventSource s) {
        sources.put(s.name(), s);
        if (settings != null) {
            // Opened only after the recompile that brings in its rules: events read before
            // that would meet a ruleset without them and raise nothing.
            openAfterRecompile.add(s.name());
        }
        scheduleRecompile("source '" + s.name() + "' added");
    }

    public void removeSource(EventSource s) {
        if (sources.remove(s.name(), s)) {
            SourceRunner r = runners.remove(s.name());
            if (r != null) {
                r.stop();
            }
            scheduleRecompile("source '" + s.name() + "' removed");
        }
    }

    public void addChannel(OutputChannel c, Priority minPriority) {
        channels.put(c, minPriority);
        OutputRouter r = router;
        if (r != null) {
            r.add(c, minPriority);
        }
    }

    public void removeChannel(OutputChannel c) {
        channels.remove(c);
        OutputRouter r = router;
        if (r != null) {
            r.remove(c, 2000);
        }
    }

    private void indexParsers() {
        Map<String, List<EventParser>> by = new HashMap<>();
        parsers.stream().sorted(Comparator.comparingInt(RankedParser::ranking).reversed()).forEach(r -> {
            for (String s : r.parser().sources()) {
                by.computeIfAbsent(s, k -> new ArrayList<>()).add(r.parser());
            }
        });
        Map<String, EventParser[]> idx = new HashMap<>();
        by.forEach((k, v) -> idx.put(k, v.toArray(new EventParser[0])));
        parsersBySource = Map.copyOf(idx);
        updateCaptureFilters();
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /**
     * Loads the rules and, unless {@code openSources} is false (validation, listing), opens
     * the registered sources and starts delivering alerts.
     *
     * @return the initial load result; on errors nothing is started
     */
    public synchronized LoadResult start(VigilSettings s, boolean openSources, java.io.PrintStream stdout,
            java.util.function.IntConsumer exit) {
        this.settings = s;
        // Opening a capture (loading a probe, for one) and compiling the rules take about the
        // same time and need nothing from each other: do both at once. Events a capture reads
        // meanwhile wait in its buffer until its runner starts below.
        Map<String, CompletableFuture<EventCapture>> opening = openSources ? openInBackground(s) : Map.of();
        LoadResult result = compile();
        if (!result.ok() || !openSources) {
            opening.values().forEach(RuntimeCore::closeWhenOpen);
            return result;
        }
        OutputRouter r = new OutputRouter(s.queueCapacity(), s.outputTimeoutMillis(),
                OutputRouter.DEFAULT_NOTICE_INTERVAL_MILLIS, s.engine().hostname(), counters::count);
        if (s.output().stdout()) {
            r.add(StandardOutputChannel.stdout(s.output(), stdout), Priority.DEBUG);
        }
        if (s.output().file() != null) {
            r.add(StandardOutputChannel.file(s.output()), Priority.DEBUG);
        }
        channels.forEach(r::add);
        router = r;
        publisher = alert -> {
            counters.count(alert);
            r.publish(alert);
        };
        startedMillis = System.currentTimeMillis();
        if (s.watchRules()) {
            watcher = RulesWatcher.start(s.rulesPaths(), () -> rulesThread.execute(this::reload));
        }
        DropMonitor drops = new DropMonitor(s.drops(), this::sources, this::internalAlert, userMessages, exit);
        rulesThread.scheduleAtFixedRate(drops::check, 1, 1, TimeUnit.SECONDS);
        for (EventSource src : sources.values()) {
            openSource(src, opening.get(src.name()));
        }
        return result;
    }

    /** Starts opening every source {@code s} does not disable, each on a thread of its own. */
    private Map<String, CompletableFuture<EventCapture>> openInBackground(VigilSettings s) {
        Map<String, CompletableFuture<EventCapture>> out = new HashMap<>();
        for (EventSource src : sources.values()) {
            if (!s.disabledSources().contains(src.name())) {
                CompletableFuture<EventCapture> f = new CompletableFuture<>();
                Thread t = new Thread(() -> {
                    try {
                        f.complete(src.open(Map.of()));
                    } catch (IOException | RuntimeException | LinkageError e) {
                        f.completeExceptionally(e);
                    }
                }, "vigil-open-" + src.name());
                t.setDaemon(true);
                t.start();
                out.put(src.name(), f);
            }
        }
        return out;
    }

    private static EventCapture awaitOpen(CompletableFuture<EventCapture> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the source opened", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c.toString(), c);
        }
    }

    private static void closeWhenOpen(CompletableFuture<EventCapture> f) {
        f.whenComplete((capture, error) -> {
            if (capture != null) {
                try {
                    capture.close();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("closing a capture nobody will read: {}", e.toString());
                }
            }
        });
    }

    private void openSource(EventSource s) {
        openSource(s, null);
    }

    /** Runs source {@code s}, with the capture {@code early} already opening for it, if not null. */
    private void openSource(EventSource s, CompletableFuture<EventCapture> early) {
        VigilSettings st = settings;
        if (st == null || st.disabledSources().contains(s.name()) || runners.containsKey(s.name()) || router == null) {
            if (early != null) {
                closeWhenOpen(early);
            }
            return;
        }
        try {
            EventCapture capture = early != null ? awaitOpen(early) : s.open(Map.of());
            SourceRunner runner = new SourceRunner(s, capture, new Pipeline());
            capture.setEventTypes(neededTypes(s.name()));
            runners.put(s.name(), runner);
            runner.start();
            LOG.info("source {} opened", s.name());
        } catch (IOException | RuntimeException e) {
            String msg = "source '" + s.name() + "' cannot start: " + e.getMessage();
            LOG.error(msg);
            userMessages.accept(msg);
        }
    }

    /** Stops sources, then drains the output queues within {@code drainMillis}. */
    public synchronized void stop(long drainMillis) {
        for (SourceRunner r : runners.values()) {
            r.stop();
        }
        runners.clear();
        RulesWatcher w = watcher;
        watcher = null;
        if (w != null) {
            w.close();
        }
        OutputRouter r = router;
        router = null;
        publisher = null;
        if (r != null) {
            int left = r.shutdown(drainMillis);
            if (left > 0) {
                userMessages.accept(left + " alerts were not delivered before shutdown");
            }
        }
        rulesThread.shutdownNow();
    }

    /**
     * One source thread's event pipeline: parsers of the event's source, then the rules; the
     * events parsers emit meanwhile (EventParser#parse(Event, EventSink)) follow the same way
     * right after it, at most {@link #MAX_EMITTED} per source event, so a parser that emits
     * for its own events cannot loop forever.
     */
    private final class Pipeline implements io.vigil.sdk.EventSink {
        private final java.util.ArrayDeque<Event> emitted = new java.util.ArrayDeque<>();
        private final io.vigil.sdk.EventSink emit = emitted::add;
        private boolean warned;

        @Override
        public void accept(Event e) {
            process(e, emit);
            for (int n = 0; !emitted.isEmpty(); n++) {
                Event x = emitted.poll();
                if (n < MAX_EMITTED) {
                    process(x, emit);
                } else if (!warned) {
                    warned = true;
                    LOG.warn("parsers emitted more than {} events for one event; the rest are dropped", MAX_EMITTED);
                }
            }
        }
    }

    private static final int MAX_EMITTED = 1024;

    /** Handles one event: parsers of the event's source, then the rules. */
    private void process(Event e, io.vigil.sdk.EventSink emit) {
        EventParser[] ps = parsersBySource.get(e.source());
        if (ps != null) {
            for (EventParser p : ps) {
                try {
                    p.parse(e, emit);
                } catch (RuntimeException ex) {
                    LOG.debug("parser failed on event {}: {}", e.number(), ex.toString());
                }
            }
        }
        Ruleset rs = ruleset;
        Consumer<Alert> pub = publisher;
        if (rs != null && pub != null) {
            synchronized (evalLock) {
                rs.evaluate(e, pub);
            }
        }
    }

    // ---- rules -----------------------------------------------------------------------------

    private synchronized void scheduleRecompile(String why) {
        if (settings == null) {
            return;
        }
        if (pendingRecompile != null) {
            pendingRecompile.cancel(false);
        }
        // Plugins often register several services at once: one recompile for the burst.
        try {
            pendingRecompile = rulesThread.schedule(() -> {
                LOG.info("recompiling rules: {}", why);
                compile();
                openAddedSources();
            }, 200, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Vigil is stopping: plugins leaving now need no new ruleset.
            LOG.debug("no recompile while stopping ({})", why);
        }
    }

    private synchronized void openAddedSources() {
        for (java.util.Iterator<String> it = openAfterRecompile.iterator(); it.hasNext();) {
            EventSource src = sources.get(it.next());
            it.remove();
            if (src != null) {
                openSource(src);
            }
        }
    }

    @Override
    public LoadResult reload() {
        return compile();
    }

    private synchronized LoadResult compile() {
        VigilSettings s = settings;
        if (s == null) {
            throw new IllegalStateException("Vigil is not started");
        }
        RuleFiles.Read read = RuleFiles.read(s.rulesPaths());
        LoadResult result;
        if (!read.errors().isEmpty()) {
            result = new LoadResult(read.errors(), null);
        } else {
            result = engine.load(read.files(), catalog(), s.engine());
        }
        lastLoad = result;
        if (result.ok() && result.ruleset() != null) {
            Ruleset old = ruleset;
            Ruleset next = result.ruleset();
            if (!runtimeSelections.isEmpty()) {
                next = next.select(List.copyOf(runtimeSelections));
            }
            ruleset = next;
            if (old != null) {
                reloads.incrementAndGet();
            }
            reportChanges(old, next, result);
            updateCaptureFilters();
        } else if (ruleset != null) {
            failedReloads.incrementAndGet();
            for (Diagnostic d : result.errors()) {
                userMessages.accept(d.toString());
            }
            userMessages.accept("rules not reloaded: the previous rules stay active");
            internalAlert("Vigil rules reload failed", Priority.ERROR,
                    "Rules reload failed, previous rules kept: " + result.errors().get(0), Map.of(
                            "vigil.reload.file", String.valueOf(result.errors().get(0).file()),
                            "vigil.reload.line", (long) result.errors().get(0).line(),
                            "vigil.reload.column", (long) result.errors().get(0).column(),
                            "vigil.reload.code", result.errors().get(0).code(),
                            "vigil.reload.error", result.errors().get(0).message()));
        }
        return result;
    }

    private void reportChanges(Ruleset old, Ruleset next, LoadResult result) {
        if (old == null) {
            return;
        }
        Set<String> before = enabledNames(old);
        Set<String> after = enabledNames(next);
        for (String name : before) {
            if (!after.contains(name)) {
                String why = result.warnings().stream().filter(d -> name.equals(d.itemName()))
                        .map(Diagnostic::message).findFirst().orElse("no longer compiles");
                userMessages.accept("warning: rule '" + name + "' deactivated: " + why);
            }
        }
        for (String name : after) {
            if (!before.contains(name)) {
                userMessages.accept("rule '" + name + "' activated");
            }
        }
    }

    private static Set<String> enabledNames(Ruleset rs) {
        Set<String> out = new HashSet<>();
        for (RuleInfo r : rs.rules()) {
            if (r.enabled()) {
                out.add(r.name());
            }
        }
        return out;
    }

    private BitSet neededTypes(String source) {
        Ruleset rs = ruleset;
        if (rs == null) {
            return null;
        }
        BitSet types = rs.eventTypes(source);
        if (types == null) {
            return null;
        }
        BitSet all = (BitSet) types.clone();
        EventParser[] ps = parsersBySource.get(source);
        if (ps != null) {
            for (EventParser p : ps) {
                BitSet t = p.eventTypes(source);
                if (t == null) {
                    return null;
                }
                all.or(t);
            }
        }
        return all;
    }

    private void updateCaptureFilters() {
        runners.forEach((name, r) -> {
            try {
                r.capture().setEventTypes(neededTypes(name));
            } catch (RuntimeException e) {
                LOG.warn("source {}: cannot update its event filter: {}", name, e.toString());
            }
        });
    }

    /**
     * Raises an alert of Vigil itself (source {@code internal}), delivered like any other; the
     * way Vigil reports failed reloads and drops.
     */
    void internalAlert(String rule, Priority priority, String output, Map<String, Object> fields) {
        Consumer<Alert> pub = publisher;
        VigilSettings s = settings;
        if (pub != null) {
            Alert a = new Alert(System.currentTimeMillis() * 1_000_000L, rule, priority, "internal",
                    List.of("vigil"), s == null ? "" : s.engine().hostname(), output, fields);
            synchronized (evalLock) {
                pub.accept(a);
            }
        }
    }

    // ---- VigilRuntime ------------------------------------------------------------------------

    @Override
    public synchronized Ruleset select(List<RuleSelection> selections) {
        Ruleset rs = ruleset;
        if (rs == null) {
            throw new IllegalStateException("no rules are loaded");
        }
        runtimeSelections.addAll(selections);
        Ruleset next = rs.select(selections);
        ruleset = next;
        updateCaptureFilters();
        return next;
    }

    @Override
    public RuntimeStats stats() {
        long events = 0;
        long drops = 0;
        for (SourceStatus st : sources()) {
            events += st.events();
            drops += st.drops();
        }
        long outDrops = 0;
        long queued = 0;
        for (OutputStatus o : outputs()) {
            outDrops += o.dropped();
            queued += o.queued();
        }
        Runtime rt = Runtime.getRuntime();
        long started = startedMillis;
        return new RuntimeStats(started == 0 ? 0 : System.currentTimeMillis() - started, events, drops,
                counters.byPriority(), counters.byRule(), outDrops, queued, reloads.get(), failedReloads.get(),
                rt.totalMemory() - rt.freeMemory(), rt.maxMemory());
    }

    @Override
    public List<java.nio.file.Path> rulesPaths() {
        VigilSettings s = settings;
        return s == null ? List.of() : s.rulesPaths();
    }

    @Override
    public String eval(List<java.nio.file.Path> rules, java.nio.file.Path event, String source, boolean explain) {
        VigilSettings s = settings;
        io.vigil.engine.api.EngineConfig base = s != null ? s.engine()
                : io.vigil.engine.api.EngineConfig.defaults(Hostname.get());
        try {
            return Evaluation.evaluate(engine, catalog(), base, rules, event, source, explain);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public List<String> testOutput(String channel) {
        OutputRouter r = router;
        if (r == null) {
            throw new IllegalStateException("Vigil is not running");
        }
        VigilSettings s = settings;
        Alert a = new Alert(System.currentTimeMillis() * 1_000_000L, "Vigil output test", Priority.NOTICE,
                "internal", List.of("vigil", "test"), s == null ? "" : s.engine().hostname(),
                "This is a test alert from Vigil (vigil:output-test)", Map.of());
        return r.test(a, channel);
    }

    @Override
    public FieldCatalog catalog() {
        return new FieldCatalog(extractors, eventTypes, sources.keySet());
    }

    @Override
    public Optional<Ruleset> ruleset() {
        return Optional.ofNullable(ruleset);
    }

    @Override
    public Optional<LoadResult> lastLoad() {
        return Optional.ofNullable(lastLoad);
    }

    @Override
    public List<SourceStatus> sources() {
        Map<String, SourceStatus> out = new TreeMap<>();
        for (String name : sources.keySet()) {
            SourceRunner r = runners.get(name);
            out.put(name, r != null ? r.status() : new SourceStatus(name, "not open", 0, Map.of()));
        }
        return List.copyOf(out.values());
    }

    @Override
    public List<OutputStatus> outputs() {
        OutputRouter r = router;
        return r == null ? List.of() : r.status();
    }

    @Override
    public AutoCloseable subscribe(Consumer<Alert> listener) {
        OutputRouter r = router;
        if (r == null) {
            throw new IllegalStateException("Vigil is not running");
        }
        return r.subscribe(listener);
    }
}
