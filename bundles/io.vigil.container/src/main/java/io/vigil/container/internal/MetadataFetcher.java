package io.vigil.container.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches new containers' metadata from their engines on its own threads, with a bounded
 * queue, so the event thread never does I/O. Failures are counted per engine and logged once
 * until the engine answers again; an engine that timed out is "slow" until it answers, and
 * readers do not wait for its containers meanwhile.
 */
public final class MetadataFetcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataFetcher.class);

    /** Counters of one engine. */
    public static final class Stats {
        public final AtomicLong requests = new AtomicLong();
        public final AtomicLong found = new AtomicLong();
        public final AtomicLong notFound = new AtomicLong();
        public final AtomicLong failures = new AtomicLong();
        volatile boolean failing;
        volatile boolean slow;

        @Override
        public String toString() {
            return "requests=" + requests + " found=" + found + " notFound=" + notFound + " failures=" + failures;
        }
    }

    private final List<MetadataClient> clients;
    private final ThreadPoolExecutor executor;
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param clients   the engines to ask, first match wins
     * @param threads   fetcher threads
     * @param queueSize containers waiting for a fetcher at most; more are dropped (counted, read {@code <NA>})
     */
    public MetadataFetcher(List<MetadataClient> clients, int threads, int queueSize) {
        this.clients = List.copyOf(clients);
        for (MetadataClient c : clients) {
            stats.put(c.name(), new Stats());
        }
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueSize), r -> {
                    Thread t = new Thread(r, "vigil-container-metadata");
                    t.setDaemon(true);
                    return t;
                }, (r, e) -> {
                    // Queue full or closed: the container reads <NA> rather than stalling anyone.
                    dropped.incrementAndGet();
                    ((FetchTask) r).container.complete(null);
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Starts fetching a new container's metadata; returns at once. */
    public void request(Container c) {
        ContainerIdentity id = c.identity();
        MetadataClient client = clientFor(id);
        if (client == null) {
            // Engines without an API (LXC, libvirt-lxc): Falco knows their id and type only.
            // Others without a configured client: metadata unknown, fields read <NA>.
            boolean apiless = id.type() == ContainerType.LXC || id.type() == ContainerType.LIBVIRT_LXC;
            c.complete(apiless ? ContainerInfo.builder(id.type(), id.fullId()).build() : null);
            return;
        }
        Stats s = stats.get(client.name());
        if (s.slow) {
            c.dontWait();
        }
        executor.execute(new FetchTask(client, s, c));
    }

    /** One fetch, named so a rejected one can still end its container's wait. */
    private final class FetchTask implements Runnable {
        final MetadataClient client;
        final Stats stats;
        final Container container;

        FetchTask(MetadataClient client, Stats stats, Container container) {
            this.client = client;
            this.stats = stats;
            this.container = container;
        }

        @Override
        public void run() {
            fetch(client, stats, container);
        }
    }

    private MetadataClient clientFor(ContainerIdentity id) {
        for (MetadataClient c : clients) {
            if (c.handles(id)) {
                return c;
            }
        }
        return null;
    }

    private void fetch(MetadataClient client, Stats s, Container c) {
        s.requests.incrementAndGet();
        ContainerInfo info = null;
        try {
            info = client.fetch(c.identity());
            (info == null ? s.notFound : s.found).incrementAndGet();
            if (s.failing || s.slow) {
                LOG.info("{} answers again; container metadata from it is back", client.name());
            }
            s.failing = false;
            s.slow = false;
        } catch (IOException | RuntimeException e) {
            s.failures.incrementAndGet();
            if (e instanceof SocketTimeoutException) {
                s.slow = true;
            }
            if (!s.failing) {
                s.failing = true;
                LOG.warn("Cannot get container metadata from {} (container {}): {}. Its containers' metadata fields read "
                        + "<NA>; further failures are counted, not logged, until it answers again.",
                        client.name(), c.identity().fullId(), e.getMessage());
            }
        } finally {
            c.complete(info);
        }
    }

    /** Per-engine counters. */
    public Map<String, Stats> stats() {
        return stats;
    }

    /** Containers not fetched because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
