package io.vigil.container.internal;

import java.util.Objects;

/**
 * Who a process belongs to, as read from its cgroups: the host, or a container of a known
 * engine with its id.
 *
 * @param type       the engine, or {@link ContainerType#HOST}
 * @param fullId     the whole id ({@code host} for the host)
 * @param id         {@code container.id}: hex ids cut to 12 characters, names kept whole
 * @param namespace  the containerd namespace of a {@code ctr} container, else null
 * @param podUid     the Kubernetes pod uid from a {@code kubepods} path, else null
 */
public record ContainerIdentity(ContainerType type, String fullId, String id, String namespace, String podUid) {

    /** The value Falco uses for processes outside containers. */
    public static final String HOST_ID = "host";

    /** The host. */
    public static final ContainerIdentity HOST = new ContainerIdentity(ContainerType.HOST, HOST_ID, HOST_ID, null, null);

    /** The length of a short container id. */
    public static final int SHORT_ID_LENGTH = 12;

    public ContainerIdentity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fullId, "fullId");
        Objects.requireNonNull(id, "id");
    }

    /** A container of {@code type} with id {@code fullId}. */
    public static ContainerIdentity of(ContainerType type, String fullId, String namespace, String podUid) {
        String id = fullId.length() > SHORT_ID_LENGTH && CgroupLayouts.isHex(fullId, 0, fullId.length())
                ? fullId.substring(0, SHORT_ID_LENGTH) : fullId;
        return new ContainerIdentity(type, fullId, id, namespace, podUid);
    }

    public boolean isHost() {
        return type == ContainerType.HOST;
    }
}
