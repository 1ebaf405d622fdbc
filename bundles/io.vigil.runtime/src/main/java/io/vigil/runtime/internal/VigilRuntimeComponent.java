package io.vigil.runtime.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vigil.engine.api.EngineConfig.RuleSelection;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleEngine;
import io.vigil.engine.api.Ruleset;
import io.vigil.runtime.api.OutputStatus;
import io.vigil.runtime.api.RuntimeStats;
import io.vigil.runtime.api.SourceStatus;
import io.vigil.runtime.api.VigilRuntime;
import io.vigil.sdk.Alert;
import io.vigil.sdk.EventParser;
import io.vigil.sdk.EventSource;
import io.vigil.sdk.EventTypes;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.OutputChannel;
import io.vigil.sdk.Priority;

/**
 * The runtime in the framework: tracks the plugins' services (whiteboard) and feeds them to
 * the {@link RuntimeCore}. Plugins may come and go at any time.
 */
@Component(service = VigilRuntime.class, immediate = true)
public final class VigilRuntimeComponent implements VigilRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(VigilRuntimeComponent.class);

    private final RuntimeCore core;

    @Activate
    public VigilRuntimeComponent(@Reference RuleEngine engine) {
        this.core = new RuntimeCore(engine, msg -> {
            LOG.warn(msg);
            System.err.println("vigil: " + msg);
        });
    }

    RuntimeCore core() {
        return core;
    }

    @Deactivate
    void deactivate() {
        core.stop(5000);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addFieldExtractor(FieldExtractor x) {
        core.addExtractor(x);
    }

    void removeFieldExtractor(FieldExtractor x) {
        core.removeExtractor(x);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEventTypes(EventTypes t) {
        core.addEventTypes(t);
    }

    void removeEventTypes(EventTypes t) {
        core.removeEventTypes(t);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEventSource(EventSource s) {
        core.addSource(s);
    }

    void removeEventSource(EventSource s) {
        core.removeSource(s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEventParser(EventParser p, Map<String, Object> props) {
        Object rank = props.get(Constants.SERVICE_RANKING);
        core.addParser(p, rank instanceof Integer i ? i : 0);
    }

    void removeEventParser(EventParser p) {
        core.removeParser(p);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addOutputChannel(OutputChannel c, Map<String, Object> props) {
        Object p = props.get(OutputChannel.MIN_PRIORITY_PROPERTY);
        Priority min = Priority.DEBUG;
        if (p != null) {
            try {
                min = Priority.parse(p.toString());
            } catch (IllegalArgumentException e) {
                LOG.warn("output channel {}: {} ignored: {}", c.name(), OutputChannel.MIN_PRIORITY_PROPERTY,
                        e.getMessage());
            }
        }
        core.addChannel(c, min);
    }

    void removeOutputChannel(OutputChannel c) {
        core.removeChannel(c);
    }

    @Override
    public FieldCatalog catalog() {
        return core.catalog();
    }

    @Override
    public Optional<Ruleset> ruleset() {
        return core.ruleset();
    }

    @Override
    public Optional<LoadResult> lastLoad() {
        return core.lastLoad();
    }

    @Override
    public LoadResult reload() {
        return core.reload();
    }

    @Override
    public List<SourceStatus> sources() {
        return core.sources();
    }

    @Override
    public List<OutputStatus> outputs() {
        return core.outputs();
    }

    @Override
    public AutoCloseable subscribe(Consumer<Alert> listener) {
        return core.subscribe(listener);
    }

    @Override
    public Ruleset select(List<RuleSelection> selections) {
        return core.select(selections);
    }

    @Override
    public RuntimeStats stats() {
        return core.stats();
    }

    @Override
    public List<java.nio.file.Path> rulesPaths() {
        return core.rulesPaths();
    }

    @Override
    public String eval(List<java.nio.file.Path> rules, java.nio.file.Path event, String source, boolean explain) {
        return core.eval(rules, event, source, explain);
    }

    @Override
    public List<String> testOutput(String channel) {
        return core.testOutput(channel);
    }
}
