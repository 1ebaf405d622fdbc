package io.vigil.engine.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.EngineConfig.RuleSelection;
import io.vigil.engine.api.RuleInfo;
import io.vigil.engine.api.Ruleset;
import io.vigil.engine.internal.CompiledRule.ExtraOutput;
import io.vigil.engine.internal.output.OutputFormat;
import io.vigil.engine.internal.eval.EvalClock;
import io.vigil.engine.internal.eval.ValueSource;
import io.vigil.sdk.Alert;
import io.vigil.sdk.Event;

/**
 * The compiled rules with their enabled state and the per-source, per-event-type index. Rules
 * are kept in load order in every index slot, so the first match is Falco's first match.
 * Evaluation state (field caches, transformer buffers) belongs to each source: events of one
 * source must be evaluated by one thread at a time, different sources may run on different
 * threads. Copies made by {@link #select} share that state.
 */
public final class RulesetImpl implements Ruleset {

    private static final CompiledRule[] NONE = new CompiledRule[0];

    private final List<CompiledRule> rules;
    private final boolean[] enabled;
    private final EngineConfig config;
    /** Immutable after construction: sources may be evaluated on different threads. */
    private final Map<String, SourceIndex> index = new HashMap<>();

    /** The enabled rules of one source, by event type code. */
    private static final class SourceIndex {
        CompiledRule[][] byType;
        CompiledRule[] any; // for sources without event types
        BitSet needed;
        boolean all;
        EvalClock clock;
    }

    public RulesetImpl(List<CompiledRule> rules, boolean[] enabled, EngineConfig config, Map<String, Integer> typeCounts) {
        this.rules = List.copyOf(rules);
        this.enabled = enabled.clone();
        this.config = config;
        Map<String, List<CompiledRule>> bySource = new LinkedHashMap<>();
        for (CompiledRule r : this.rules) {
            if (this.enabled[r.index()]) {
                bySource.computeIfAbsent(r.source(), k -> new ArrayList<>()).add(r);
            }
        }
        this.typeCounts = Map.copyOf(typeCounts);
        for (Map.Entry<String, List<CompiledRule>> e : bySource.entrySet()) {
            SourceIndex si = new SourceIndex();
            si.clock = e.getValue().get(0).clock();
            Integer n = typeCounts.get(e.getKey());
            si.any = e.getValue().toArray(NONE);
            if (n != null) {
                si.byType = new CompiledRule[n][];
                si.needed = new BitSet(n);
                for (int t = 0; t < n; t++) {
                    List<CompiledRule> slot = new ArrayList<>();
                    for (CompiledRule r : e.getValue()) {
                        if (r.eventTypes() == null || r.eventTypes().get(t)) {
                            slot.add(r);
                        }
                    }
                    si.byType[t] = slot.isEmpty() ? NONE : slot.toArray(NONE);
                }
                for (CompiledRule r : e.getValue()) {
                    if (r.eventTypes() == null) {
                        si.all = true;
                    } else {
                        si.needed.or(r.eventTypes());
                    }
                }
            } else {
                si.all = true;
            }
            index.put(e.getKey(), si);
        }
    }

    private final Map<String, Integer> typeCounts;

    @Override
    public void evaluate(Event event, Consumer<Alert> sink) {
        SourceIndex si = index.get(event.source());
        if (si == null) {
            return;
        }
        CompiledRule[] candidates;
        if (si.byType != null) {
            int t = event.type();
            if (t < 0 || t >= si.byType.length) {
                return;
            }
            candidates = si.byType[t];
        } else {
            candidates = si.any;
        }
        si.clock.tick();
        boolean first = config.ruleMatching() == EngineConfig.RuleMatching.FIRST;
        for (CompiledRule r : candidates) {
            if (r.filter().test(event)) {
                sink.accept(alert(r, event));
                if (first) {
                    return;
                }
            }
        }
    }

    private Alert alert(CompiledRule r, Event e) {
        String out = r.output().render(e);
        Map<String, Object> fields = new LinkedHashMap<>();
        r.output().fields(e, fields);
        for (ExtraOutput x : r.extraOutputs()) {
            if (x.text() != null) {
                String extra = x.text().render(e);
                if (!extra.isEmpty()) {
                    out = out + " " + extra;
                }
                x.text().fields(e, fields);
            }
            for (Map.Entry<String, Object> f : x.fields().entrySet()) {
                Object v = f.getValue();
                if (v instanceof OutputFormat of) {
                    fields.put(f.getKey(), of.render(e));
                } else if (v instanceof ValueSource vs) {
                    fields.put(f.getKey(), vs.load(e) ? vs.toJsonValue() : null);
                } else {
                    fields.put(f.getKey(), v);
                }
            }
        }
        return new Alert(e.timestamp(), r.name(), r.priority(), r.source(), r.tags(), config.hostname(), out, fields);
    }

    @Override
    public Set<String> sources() {
        return Set.copyOf(index.keySet());
    }

    @Override
    public BitSet eventTypes(String source) {
        SourceIndex si = index.get(source);
        if (si == null) {
            return new BitSet();
        }
        return si.all ? null : (BitSet) si.needed.clone();
    }

    @Override
    public List<RuleInfo> rules() {
        List<RuleInfo> out = new ArrayList<>(rules.size());
        for (CompiledRule r : rules) {
            out.add(new RuleInfo(r.name(), r.source(), r.priority(), enabled[r.index()], r.tags(), r.description(),
                    r.condition(), r.output().format(), r.eventTypeNames()));
        }
        return out;
    }

    @Override
    public Ruleset select(List<RuleSelection> selections) {
        return new RulesetImpl(rules, applySelections(rules, enabled, selections, config), config, typeCounts);
    }

    /** Falco's {@code rules:} directives in order; rules below the priority threshold stay off. */
    static boolean[] applySelections(List<CompiledRule> rules, boolean[] current, List<RuleSelection> selections,
            EngineConfig config) {
        boolean[] en = current.clone();
        for (RuleSelection s : selections) {
            Pattern p = s.rule() == null ? null : wildcard(s.rule());
            for (CompiledRule r : rules) {
                boolean match = (p != null && p.matcher(r.name()).matches())
                        || (s.tag() != null && r.tags().contains(s.tag()));
                if (match) {
                    en[r.index()] = s.enable() && r.priority().isAtLeast(config.minPriority());
                }
            }
        }
        return en;
    }

    /** Falco's rule-name patterns: {@code *} matches any run of characters, all else literally. */
    private static Pattern wildcard(String glob) {
        StringBuilder sb = new StringBuilder();
        String[] parts = glob.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append(".*");
            }
            sb.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(sb.toString(), Pattern.DOTALL);
    }

    @Override
    public String explain(String rule, Event event) {
        for (CompiledRule r : rules) {
            if (r.name().equals(rule)) {
                r.clock().tick();
                StringBuilder sb = new StringBuilder();
                sb.append("{\"rule\":");
                io.vigil.sdk.AlertFormat.quote(sb, r.name());
                sb.append(",\"source\":");
                io.vigil.sdk.AlertFormat.quote(sb, r.source());
                sb.append(",\"enabled\":").append(enabled[r.index()]);
                boolean typeOk = r.eventTypes() == null || (event.type() >= 0 && r.eventTypes().get(event.type()));
                sb.append(",\"event_type_indexed\":").append(typeOk);
                sb.append(",\"condition\":");
                io.vigil.sdk.AlertFormat.quote(sb, r.condition());
                sb.append(",\"tree\":");
                boolean result = r.filter().explain(event, sb);
                sb.append(",\"result\":").append(result);
                if (result) {
                    sb.append(",\"output\":");
                    io.vigil.sdk.AlertFormat.quote(sb, r.output().render(event));
                }
                return sb.append('}').toString();
            }
        }
        throw new IllegalArgumentException("no rule named '" + rule + "'");
    }

    /** Names of all rules whose enabled state is on, in order (for tests and listings). */
    public Set<String> enabledRules() {
        Set<String> s = new LinkedHashSet<>();
        for (CompiledRule r : rules) {
            if (enabled[r.index()]) {
                s.add(r.name());
            }
        }
        return s;
    }
}
