package io.vigil.container.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vigil.sdk.Event;
import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.FieldValue;
import io.vigil.syscall.api.SyscallEvent;
import io.vigil.syscall.api.ThreadView;

/**
 * The fields of Falco's container plugin, with its names, types, arguments and values: the
 * host reads {@code host} for id and name and empty metadata; a container whose metadata is
 * unknown reads {@code <NA>} for everything but what its cgroups and thread tell.
 */
public final class ContainerFields {

    /** The k8s labels CRI runtimes put on containers, where Falco reads pod name, namespace and uid. */
    static final String POD_NAME_LABEL = "io.kubernetes.pod.name";
    static final String POD_NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
    static final String POD_UID_LABEL = "io.kubernetes.pod.uid";

    private enum F {
        ID("container.id", FieldType.STRING, FieldArg.NONE, "container", "The truncated container id (12 characters) from the thread's cgroups, 'host' outside containers."),
        FULL_ID("container.full_id", FieldType.STRING, FieldArg.NONE, "container", "The full container id, 'host' outside containers."),
        NAME("container.name", FieldType.STRING, FieldArg.NONE, "container", "The container name, 'host' outside containers."),
        IMAGE("container.image", FieldType.STRING, FieldArg.NONE, "container", "The container image as given to the engine (e.g. falcosecurity/falco:latest)."),
        IMAGE_ID("container.image.id", FieldType.STRING, FieldArg.NONE, "container", "The container image id (e.g. 6f7e2741b66b)."),
        TYPE("container.type", FieldType.STRING, FieldArg.NONE, "container", "The container engine: docker, containerd, cri-o, podman, lxc, libvirt-lxc, or host."),
        PRIVILEGED("container.privileged", FieldType.BOOL, FieldArg.NONE, "container", "True for containers running as privileged."),
        MOUNTS("container.mounts", FieldType.STRING, FieldArg.NONE, "container", "The mounts, comma separated, each as source:dest:mode:rdrw:propagation."),
        MOUNT("container.mount", FieldType.STRING, FieldArg.INDEX_OR_KEY, "container", "One mount, by index (container.mount[0]) or source glob (container.mount[/usr/local/*]), as source:dest:mode:rdrw:propagation."),
        MOUNT_SOURCE("container.mount.source", FieldType.STRING, FieldArg.INDEX_OR_KEY, "container", "A mount's source, by index or by destination glob."),
        MOUNT_DEST("container.mount.dest", FieldType.STRING, FieldArg.INDEX_OR_KEY, "container", "A mount's destination, by index or by source glob."),
        MOUNT_MODE("container.mount.mode", FieldType.STRING, FieldArg.INDEX_OR_KEY, "container", "A mount's mode, by index or by source glob."),
        MOUNT_RDWR("container.mount.rdwr", FieldType.STRING, FieldArg.INDEX_OR_KEY, "container", "A mount's read/write flag (true/false), by index or by source glob."),
        MOUNT_PROPAGATION("container.mount.propagation", FieldType.STRING, FieldArg.INDEX_OR_KEY, "container", "A mount's propagation, by index or by source glob."),
        IMAGE_REPOSITORY("container.image.repository", FieldType.STRING, FieldArg.NONE, "container", "The container image repository (e.g. falcosecurity/falco)."),
        IMAGE_TAG("container.image.tag", FieldType.STRING, FieldArg.NONE, "container", "The container image tag (e.g. latest)."),
        IMAGE_DIGEST("container.image.digest", FieldType.STRING, FieldArg.NONE, "container", "The container image registry digest (sha256:...)."),
        HEALTHCHECK("container.healthcheck", FieldType.STRING, FieldArg.NONE, "container", "Deprecated in Falco's container plugin; always <NA>."),
        LIVENESS_PROBE("container.liveness_probe", FieldType.STRING, FieldArg.NONE, "container", "Deprecated in Falco's container plugin; always <NA>."),
        READINESS_PROBE("container.readiness_probe", FieldType.STRING, FieldArg.NONE, "container", "Deprecated in Falco's container plugin; always <NA>."),
        START_TS("container.start_ts", FieldType.ABSTIME, FieldArg.NONE, "container", "The container start (ns since the epoch): the start of the init process of the thread's pid namespace."),
        DURATION("container.duration", FieldType.RELTIME, FieldArg.NONE, "container", "Nanoseconds since container.start_ts."),
        IP("container.ip", FieldType.STRING, FieldArg.NONE, "container", "The container's or pod's primary IPv4 address from the engine."),
        CNI_JSON("container.cni.json", FieldType.STRING, FieldArg.NONE, "container", "The pod's CNI result as JSON (CRI engines), empty otherwise."),
        HOST_PID("container.host_pid", FieldType.BOOL, FieldArg.NONE, "container", "True if the container runs in the host pid namespace."),
        HOST_NETWORK("container.host_network", FieldType.BOOL, FieldArg.NONE, "container", "True if the container runs in the host network namespace."),
        HOST_IPC("container.host_ipc", FieldType.BOOL, FieldArg.NONE, "container", "True if the container runs in the host IPC namespace."),
        LABEL("container.label", FieldType.STRING, FieldArg.KEY, "container", "A container label, e.g. container.label[foo]."),
        LABELS("container.labels", FieldType.STRING, FieldArg.NONE, "container", "The container labels as 'key:value, key:value', without annotation.* and io.kubernetes.* labels."),
        IS_HEALTHCHECK("proc.is_container_healthcheck", FieldType.BOOL, FieldArg.NONE, "process", "Deprecated in Falco's container plugin; always <NA>."),
        IS_LIVENESS_PROBE("proc.is_container_liveness_probe", FieldType.BOOL, FieldArg.NONE, "process", "Deprecated in Falco's container plugin; always <NA>."),
        IS_READINESS_PROBE("proc.is_container_readiness_probe", FieldType.BOOL, FieldArg.NONE, "process", "Deprecated in Falco's container plugin; always <NA>."),
        POD_NAME("k8s.pod.name", FieldType.STRING, FieldArg.NONE, "k8s", "The Kubernetes pod name, from the container's CRI labels."),
        NS_NAME("k8s.ns.name", FieldType.STRING, FieldArg.NONE, "k8s", "The Kubernetes namespace name, from the container's CRI labels."),
        POD_ID("k8s.pod.id", FieldType.STRING, FieldArg.NONE, "k8s", "Legacy name of k8s.pod.uid."),
        POD_UID("k8s.pod.uid", FieldType.STRING, FieldArg.NONE, "k8s", "The Kubernetes pod uid, from the container's CRI labels."),
        POD_SANDBOX_ID("k8s.pod.sandbox_id", FieldType.STRING, FieldArg.NONE, "k8s", "The truncated (12 characters) pod sandbox id."),
        POD_FULL_SANDBOX_ID("k8s.pod.full_sandbox_id", FieldType.STRING, FieldArg.NONE, "k8s", "The full pod sandbox id."),
        POD_LABEL("k8s.pod.label", FieldType.STRING, FieldArg.KEY, "k8s", "A pod label, e.g. k8s.pod.label[app]."),
        POD_LABELS("k8s.pod.labels", FieldType.STRING, FieldArg.NONE, "k8s", "The pod labels as 'key:value, key:value'."),
        POD_IP("k8s.pod.ip", FieldType.STRING, FieldArg.NONE, "k8s", "The pod's IPv4 address from its sandbox status."),
        POD_CNI_JSON("k8s.pod.cni.json", FieldType.STRING, FieldArg.NONE, "k8s", "The pod's CNI result as JSON, from its sandbox status.");

        final FieldDescriptor descriptor;

        F(String name, FieldType type, FieldArg arg, String group, String description) {
            this.descriptor = new FieldDescriptor(name, type, false, arg, arg != FieldArg.NONE, description,
                    Set.of(SyscallEvent.SOURCE), group);
        }
    }

    private static final List<FieldDescriptor> FIELDS;

    static {
        List<FieldDescriptor> l = new ArrayList<>();
        for (F f : F.values()) {
            l.add(f.descriptor);
        }
        FIELDS = List.copyOf(l);
    }

    private final ContainerResolver resolver;
    private final long maxWaitNanos;

    /**
     * @param resolver     finds an event's container
     * @param maxWaitNanos how long after a container was first seen a metadata field may wait
     *                     for the engine's answer (0: never wait)
     */
    public ContainerFields(ContainerResolver resolver, long maxWaitNanos) {
        this.resolver = resolver;
        this.maxWaitNanos = maxWaitNanos;
    }

    public static List<FieldDescriptor> fields() {
        return FIELDS;
    }

    /** The accessor of one field; {@code argument} as written in brackets. */
    public FieldAccessor bind(FieldDescriptor field, String argument) {
        F f = null;
        for (F x : F.values()) {
            if (x.descriptor.name().equals(field.name())) {
                f = x;
            }
        }
        if (f == null) {
            throw new IllegalArgumentException("'" + field.name() + "' is not a container field");
        }
        if (f.descriptor.arg() == FieldArg.NONE && argument != null) {
            throw new IllegalArgumentException(f.descriptor.name() + " takes no argument, but got [" + argument + "]");
        }
        if (f.descriptor.argRequired() && (argument == null || argument.isEmpty())) {
            throw new IllegalArgumentException(f.descriptor.name() + " needs an argument in brackets, e.g. "
                    + f.descriptor.name() + (f.descriptor.arg() == FieldArg.KEY ? "[app]" : "[0] or [/var/run/docker.sock]"));
        }
        return switch (f) {
            case ID -> (e, out) -> {
                Container c = resolver.container(e);
                return c != null && text(out, c.identity().id());
            };
            case FULL_ID -> (e, out) -> {
                Container c = resolver.container(e);
                return c != null && text(out, c.identity().fullId());
            };
            case TYPE -> (e, out) -> {
                Container c = resolver.container(e);
                return c != null && text(out, c.identity().type().falcoName());
            };
            case NAME -> info((i, out) -> text(out, i.name()));
            case IMAGE -> info((i, out) -> text(out, i.image()));
            case IMAGE_ID -> info((i, out) -> text(out, i.imageId()));
            case IMAGE_REPOSITORY -> info((i, out) -> text(out, i.imageRepository()));
            case IMAGE_TAG -> info((i, out) -> text(out, i.imageTag()));
            case IMAGE_DIGEST -> info((i, out) -> text(out, i.imageDigest()));
            case PRIVILEGED -> info((i, out) -> bool(out, i.privileged()));
            case MOUNTS -> info((i, out) -> text(out, i.mountsJoined()));
            case MOUNT, MOUNT_SOURCE, MOUNT_DEST, MOUNT_MODE, MOUNT_RDWR, MOUNT_PROPAGATION -> mount(f, argument);
            case HEALTHCHECK, LIVENESS_PROBE, READINESS_PROBE, IS_HEALTHCHECK, IS_LIVENESS_PROBE, IS_READINESS_PROBE ->
                (e, out) -> false;
            case START_TS -> (e, out) -> {
                long ts = startTs(e);
                return ts != 0 && out.setLong(ts) != null;
            };
            case DURATION -> (e, out) -> {
                long ts = startTs(e);
                return ts != 0 && out.setLong(e.timestamp() - ts) != null;
            };
            case IP -> info((i, out) -> text(out, i.ip()));
            case CNI_JSON -> info((i, out) -> text(out, i.podCniJson() == null ? "" : i.podCniJson()));
            case HOST_PID -> info((i, out) -> bool(out, i.hostPid()));
            case HOST_NETWORK -> info((i, out) -> bool(out, i.hostNetwork()));
            case HOST_IPC -> info((i, out) -> bool(out, i.hostIpc()));
            case LABEL -> info((i, out) -> text(out, i.labels().get(argument)));
            case LABELS -> info((i, out) -> text(out, i.labelsJoined()));
            case POD_NAME -> info((i, out) -> text(out, i.labels().get(POD_NAME_LABEL)));
            case NS_NAME -> info((i, out) -> text(out, i.labels().get(POD_NAMESPACE_LABEL)));
            case POD_ID, POD_UID -> info((i, out) -> text(out, i.labels().get(POD_UID_LABEL)));
            case POD_SANDBOX_ID -> info((i, out) -> text(out, i.podSandboxShortId()));
            case POD_FULL_SANDBOX_ID -> info((i, out) -> text(out, i.podSandboxId()));
            case POD_LABEL -> info((i, out) -> text(out, i.podLabels().get(argument)));
            case POD_LABELS -> info((i, out) -> text(out, i.podLabelsJoined()));
            case POD_IP -> info((i, out) -> text(out, i.podIp()));
            case POD_CNI_JSON -> info((i, out) -> text(out, i.podCniJson()));
        };
    }

    private long startTs(Event e) {
        ThreadView t = resolver.thread(e);
        return t == null ? 0 : t.pidnsInitStartTs();
    }

    /** Extracts a value from the container's metadata; {@code <NA>} while it is unknown. */
    private interface InfoAccessor {
        boolean extract(ContainerInfo info, FieldValue out);
    }

    private FieldAccessor info(InfoAccessor a) {
        return (e, out) -> {
            Container c = resolver.container(e);
            ContainerInfo i = c == null ? null : c.info(maxWaitNanos);
            return i != null && a.extract(i, out);
        };
    }

    private FieldAccessor mount(F f, String argument) {
        int index = isIndex(argument) ? Integer.parseInt(argument) : -1;
        // container.mount.source[key] looks the mount up by destination; the others by source.
        boolean byDest = f == F.MOUNT_SOURCE;
        return info((i, out) -> {
            List<Mount> mounts = i.mounts();
            int at = -1;
            if (index >= 0) {
                at = index < mounts.size() ? index : -1;
            } else {
                for (int k = 0; k < mounts.size() && at < 0; k++) {
                    if (Glob.matches(argument, byDest ? mounts.get(k).dest() : mounts.get(k).source())) {
                        at = k;
                    }
                }
            }
            if (at < 0) {
                return false;
            }
            Mount m = mounts.get(at);
            return switch (f) {
                case MOUNT -> text(out, i.mountText(at));
                case MOUNT_SOURCE -> text(out, m.source());
                case MOUNT_DEST -> text(out, m.dest());
                case MOUNT_MODE -> text(out, m.mode());
                case MOUNT_RDWR -> text(out, m.readWrite() ? "true" : "false");
                default -> text(out, m.propagation());
            };
        });
    }

    private static boolean isIndex(String s) {
        if (s == null || s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean text(FieldValue out, String s) {
        if (s == null) {
            return false;
        }
        out.setText(s);
        return true;
    }

    private static boolean bool(FieldValue out, boolean b) {
        out.setBool(b);
        return true;
    }

    /** For tests and listings: the descriptor of a field by name. */
    static FieldDescriptor descriptor(String name) {
        return FIELDS.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name));
    }

    static Map<String, FieldDescriptor> byName() {
        Map<String, FieldDescriptor> m = new java.util.LinkedHashMap<>();
        FIELDS.forEach(d -> m.put(d.name(), d));
        return m;
    }
}
