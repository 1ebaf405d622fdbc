package io.vigil.container.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.vigil.syscall.api.ThreadStates;

/**
 * Owns the bundle's one container state (containers seen, metadata fetcher, resolver), shared
 * by its field extractor and its event parser (a private service type).
 */
@Component(service = ContainerStateService.class, configurationPid = ContainerStateService.PID)
@Designate(ocd = ContainerStateService.Config.class)
public final class ContainerStateService implements AutoCloseable {

    /** The configuration PID. */
    public static final String PID = "io.vigil.container";

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
    private final ContainerResolver resolver;
    private final ContainerAnnouncer announcer;
    private final long maxWaitNanos;

    /** New containers that may wait for their {@code container} event at once. */
    static final int ANNOUNCE_CAPACITY = 1024;

    @Activate
    public ContainerStateService(@Reference ThreadStates threads, Config config) {
        this(threads, new LinkedHashSet<>(Arrays.asList(config.containerd_namespaces())), MetadataClients.of(config),
                config.cache_size(), TimeUnit.MILLISECONDS.toNanos(config.metadata_wait_ms()),
                TimeUnit.MILLISECONDS.toNanos(config.metadata_wait_ms() + config.request_timeout_ms()));
    }

    /** The state over {@code threads}, asking {@code clients} for metadata (engine requests of 2 s at most). */
    public ContainerStateService(ThreadStates threads, Set<String> containerdNamespaces, List<MetadataClient> clients,
            int cacheSize, long maxWaitNanos) {
        this(threads, containerdNamespaces, clients, cacheSize, maxWaitNanos, maxWaitNanos + TimeUnit.SECONDS.toNanos(2));
    }

    /**
     * The state over {@code threads}, asking {@code clients} for metadata; a new container's
     * {@code container} event waits for its fetch {@code announceBoundNanos} at most.
     */
    public ContainerStateService(ThreadStates threads, Set<String> containerdNamespaces, List<MetadataClient> clients,
            int cacheSize, long maxWaitNanos, long announceBoundNanos) {
        this.fetcher = new MetadataFetcher(new ArrayList<>(clients), 2, 1024);
        this.announcer = new ContainerAnnouncer(ANNOUNCE_CAPACITY, announceBoundNanos, System::nanoTime);
        this.containers = new Containers(new CgroupLayouts(containerdNamespaces), cacheSize, c -> {
            fetcher.request(c);
            announcer.seen(c);
        });
        this.resolver = new ContainerResolver(threads, containers);
        this.maxWaitNanos = maxWaitNanos;
    }

    public ContainerResolver resolver() {
        return resolver;
    }

    public Containers containers() {
        return containers;
    }

    /** The {@code container} events still to emit. */
    public ContainerAnnouncer announcer() {
        return announcer;
    }

    public MetadataFetcher fetcher() {
        return fetcher;
    }

    /** How long after a container was first seen its metadata fields may wait for the engine. */
    public long maxWaitNanos() {
        return maxWaitNanos;
    }

    @Deactivate
    @Override
    public void close() {
        fetcher.close();
    }
}
