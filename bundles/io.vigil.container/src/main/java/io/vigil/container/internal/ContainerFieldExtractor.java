package io.vigil.container.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.syscall.api.ThreadStates;

/**
 * The fields of Falco's {@code container} plugin ({@code container.* k8s.pod.* k8s.ns.name}) for
 * syscall events: identity from the thread's cgroups, metadata from the engines' APIs.
 */
@Component(service = FieldExtractor.class, property = FieldExtractor.NAME_PROPERTY + "=" + ContainerFieldExtractor.NAME)
public final class ContainerFieldExtractor implements FieldExtractor {

    /** The extractor's name, which is also the Falco plugin it stands for. */
    public static final String NAME = "container";

    /** The version of Falco's container plugin whose fields this extractor provides. */
    public static final String FALCO_PLUGIN_VERSION = "0.4.0";

    private final ContainerStateService state;
    private final boolean ownsState;
    private final ContainerFields fields;

    @Activate
    public ContainerFieldExtractor(@Reference ContainerStateService state) {
        this(state, false);
    }

    /** An extractor with its own state over {@code threads}, asking {@code clients} for metadata (tests, tools). */
    public ContainerFieldExtractor(ThreadStates threads, Set<String> containerdNamespaces, List<MetadataClient> clients,
            int cacheSize, long maxWaitNanos) {
        this(new ContainerStateService(threads, containerdNamespaces, clients, cacheSize, maxWaitNanos), true);
    }

    private ContainerFieldExtractor(ContainerStateService state, boolean ownsState) {
        this.state = state;
        this.ownsState = ownsState;
        this.fields = new ContainerFields(state.resolver(), state.maxWaitNanos());
    }

    /** Stops the metadata fetcher if this extractor made its own state. */
    public void close() {
        if (ownsState) {
            state.close();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FieldDescriptor> fields() {
        return ContainerFields.fields();
    }

    @Override
    public FieldAccessor bind(FieldDescriptor field, String argument) {
        return fields.bind(field, argument);
    }

    @Override
    public Map<String, String> falcoPlugins() {
        return Map.of(NAME, FALCO_PLUGIN_VERSION);
    }

    /** The containers seen (for tests and diagnostics). */
    public Containers containers() {
        return state.containers();
    }

    /** The metadata fetcher's counters (for tests and diagnostics). */
    public MetadataFetcher fetcher() {
        return state.fetcher();
    }
}
