package io.vigil.container.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The containers seen, by cgroup list and by id, both bounded least-recently-used maps, so a
 * thousand containers coming and going never grow them beyond their capacity. Used only on
 * the event thread. A container seen for the first time is handed to {@code onNew} (which
 * starts its metadata fetch).
 */
public final class Containers {

    private final CgroupLayouts layouts;
    private final Consumer<Container> onNew;
    private final Map<List<String>, Container> byCgroups;
    private final Map<String, Container> byId;
    private final Container host = Container.known(ContainerIdentity.HOST, ContainerInfo.host());
    private long evictions;

    public Containers(CgroupLayouts layouts, int capacity, Consumer<Container> onNew) {
        this.layouts = layouts;
        this.onNew = onNew;
        this.byCgroups = lru(capacity);
        this.byId = lru(capacity);
    }

    private <K> Map<K, Container> lru(int capacity) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Container> eldest) {
                boolean full = size() > capacity;
                if (full) {
                    evictions++;
                }
                return full;
            }
        };
    }

    /** The container of a thread with these cgroups; parses them only the first time. */
    public Container of(List<String> cgroups) {
        Container c = byCgroups.get(cgroups);
        if (c == null) {
            c = byId(layouts.identify(cgroups));
            byCgroups.put(cgroups, c);
        }
        return c;
    }

    /** The container with this identity, created (and announced) the first time. */
    public Container byId(ContainerIdentity id) {
        if (id.isHost()) {
            return host;
        }
        Container c = byId.get(id.fullId());
        if (c == null) {
            c = new Container(id, System.nanoTime());
            byId.put(id.fullId(), c);
            onNew.accept(c);
        }
        return c;
    }

    /** The container with this full id if it is known, else null; never creates one. */
    public Container known(String fullId) {
        return fullId == null ? null : byId.get(fullId);
    }

    public Container host() {
        return host;
    }

    /** The number of containers known by id. */
    public int size() {
        return byId.size();
    }

    /** The number of cgroup lists cached. */
    public int cgroupEntries() {
        return byCgroups.size();
    }

    /** Entries dropped because a map was full. */
    public long evictions() {
        return evictions;
    }
}
