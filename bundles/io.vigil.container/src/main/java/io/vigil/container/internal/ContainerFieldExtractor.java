package io.vigil.container.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.syscall.api.ThreadStates;

/**
 * The fields of Falco's {@code container} plugin ({@code container.* k8s.pod.* k8s.ns.name}) for
 * syscall events: identity from the thread's cgroups, metadata from the engines' APIs.
 */
@Component(service = FieldExtractor.class, configurationPid = ContainerFieldExtractor.PID,
        property = FieldExtractor.NAME_PROPERTY + "=" + ContainerFieldExtractor.NAME)
@Designate(ocd = ContainerFieldExtractor.Config.class)
public final class ContainerFieldExtractor implements FieldExtractor {

    /** The configuration PID. */
    public static final String PID = "io.vigil.container";

    /** The extractor's name, which is also the Falco plugin it stands for. */
    public static final String NAME = "container";

    /** The version of Falco's container plugin whose fields this extractor provides. */
    public static final String FALCO_PLUGIN_VERSION = "0.4.0";

    /** Engine sockets and limits. */
    @ObjectClassDefinition(name = "Vigil containers", description = "Container engines asked for container and pod metadata.")
    public @interface Config {
        @AttributeDefinition(description = "Docker Engine API socket; empty to not ask Docker.")
        String docker_socket() default "/var/run/docker.sock";

        @AttributeDefinition(description = "Podman API socket (Docker-compatible); empty to not ask Podman.")
        String podman_socket() default "/run/podman/podman.sock";

        @AttributeDefinition(description = "containerd socket (CRI and containerd APIs); empty to not ask containerd.")
        String containerd_socket() default "/run/containerd/containerd.sock";

        @AttributeDefinition(description = "CRI-O socket (CRI API); empty to not ask CRI-O.")
        String crio_socket() default "/run/crio/crio.sock";

        @AttributeDefinition(description = "containerd namespaces whose /<namespace>/<id> cgroups are containers (ctr, nerdctl).")
        String[] containerd_namespaces() default {"default"};

        @AttributeDefinition(description = "How long after a container is first seen its metadata fields may wait for the engine (ms).")
        long metadata_wait_ms() default 1000;

        @AttributeDefinition(description = "Timeout of one request to an engine (ms).")
        long request_timeout_ms() default 2000;

        @AttributeDefinition(description = "Containers (and cgroup lists) kept in the caches.")
        int cache_size() default 4096;
    }

    private final MetadataFetcher fetcher;
    private final Containers containers;
    private final ContainerFields fields;

    @Activate
    public ContainerFieldExtractor(@Reference ThreadStates threads, Config config) {
        this(threads, new LinkedHashSet<>(Arrays.asList(config.containerd_namespaces())), MetadataClients.of(config),
                config.cache_size(), TimeUnit.MILLISECONDS.toNanos(config.metadata_wait_ms()));
    }

    /** The extractor over {@code threads}, asking {@code clients} for metadata. */
    public ContainerFieldExtractor(ThreadStates threads, Set<String> containerdNamespaces, List<MetadataClient> clients,
            int cacheSize, long maxWaitNanos) {
        this.fetcher = new MetadataFetcher(new ArrayList<>(clients), 2, 1024);
        this.containers = new Containers(new CgroupLayouts(containerdNamespaces), cacheSize, fetcher::request);
        this.fields = new ContainerFields(new ContainerResolver(threads, containers), maxWaitNanos);
    }

    @Deactivate
    public void close() {
        fetcher.close();
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
        return containers;
    }

    /** The metadata fetcher's counters (for tests and diagnostics). */
    public MetadataFetcher fetcher() {
        return fetcher;
    }
}
