package io.vigil.container.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A container's metadata from its engine, immutable, with every printed form computed once so
 * that fields extract without allocating.
 */
public final class ContainerInfo {

    /** Label prefixes Falco leaves out of {@code container.labels} and {@code k8s.pod.labels}. */
    private static final List<String> HIDDEN_LABEL_PREFIXES = List.of("annotation.", "io.kubernetes.");

    private final ContainerType type;
    private final String fullId;
    private final String name;
    private final String image;
    private final String imageId;
    private final String imageRepository;
    private final String imageTag;
    private final String imageDigest;
    private final boolean privileged;
    private final List<Mount> mounts;
    private final List<String> mountTexts;
    private final String mountsJoined;
    private final Map<String, String> labels;
    private final String labelsJoined;
    private final String ip;
    private final boolean hostPid;
    private final boolean hostNetwork;
    private final boolean hostIpc;
    private final String podSandboxId;
    private final String podSandboxShortId;
    private final Map<String, String> podLabels;
    private final String podLabelsJoined;
    private final String podIp;
    private final String podCniJson;

    private ContainerInfo(Builder b) {
        this.type = b.type;
        this.fullId = b.fullId;
        this.name = nz(b.name);
        this.image = nz(b.image);
        this.imageId = nz(b.imageId);
        ImageName parsed = ImageName.parse(this.image);
        this.imageRepository = b.imageRepository != null ? b.imageRepository : parsed.repository();
        this.imageTag = b.imageTag != null ? b.imageTag : parsed.tag();
        this.imageDigest = b.imageDigest != null ? b.imageDigest : parsed.digest();
        this.privileged = b.privileged;
        this.mounts = List.copyOf(b.mounts);
        List<String> texts = new ArrayList<>();
        for (Mount m : mounts) {
            texts.add(m.text());
        }
        this.mountTexts = List.copyOf(texts);
        this.mountsJoined = String.join(",", texts);
        this.labels = new TreeMap<>(b.labels);
        this.labelsJoined = joinLabels(labels);
        this.ip = nz(b.ip);
        this.hostPid = b.hostPid;
        this.hostNetwork = b.hostNetwork;
        this.hostIpc = b.hostIpc;
        this.podSandboxId = nz(b.podSandboxId);
        this.podSandboxShortId = podSandboxId.length() > ContainerIdentity.SHORT_ID_LENGTH
                ? podSandboxId.substring(0, ContainerIdentity.SHORT_ID_LENGTH) : podSandboxId;
        this.podLabels = new TreeMap<>(b.podLabels);
        this.podLabelsJoined = joinLabels(podLabels);
        this.podIp = b.podIp;
        this.podCniJson = b.podCniJson;
    }

    /** What Falco reports for the host: id and name {@code host}, everything else empty. */
    public static ContainerInfo host() {
        Builder b = builder(ContainerType.HOST, ContainerIdentity.HOST_ID);
        b.name = ContainerIdentity.HOST_ID;
        return b.build();
    }

    public static Builder builder(ContainerType type, String fullId) {
        return new Builder(type, fullId);
    }

    /** Falco's {@code key:value, key:value} form, sorted by key, without Kubernetes-internal labels. */
    private static String joinLabels(Map<String, String> labels) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (HIDDEN_LABEL_PREFIXES.stream().anyMatch(e.getKey()::startsWith)) {
                continue;
            }
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(e.getKey());
            if (!e.getValue().isEmpty()) {
                s.append(':').append(e.getValue());
            }
        }
        return s.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public ContainerType type() {
        return type;
    }

    public String fullId() {
        return fullId;
    }

    public String name() {
        return name;
    }

    public String image() {
        return image;
    }

    public String imageId() {
        return imageId;
    }

    public String imageRepository() {
        return imageRepository;
    }

    public String imageTag() {
        return imageTag;
    }

    public String imageDigest() {
        return imageDigest;
    }

    public boolean privileged() {
        return privileged;
    }

    public List<Mount> mounts() {
        return mounts;
    }

    /** {@code mounts().get(i).text()}, computed once. */
    public String mountText(int i) {
        return mountTexts.get(i);
    }

    public String mountsJoined() {
        return mountsJoined;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public String labelsJoined() {
        return labelsJoined;
    }

    public String ip() {
        return ip;
    }

    public boolean hostPid() {
        return hostPid;
    }

    public boolean hostNetwork() {
        return hostNetwork;
    }

    public boolean hostIpc() {
        return hostIpc;
    }

    /** The full pod sandbox id, empty outside Kubernetes pods. */
    public String podSandboxId() {
        return podSandboxId;
    }

    /** The pod sandbox id cut to 12 characters. */
    public String podSandboxShortId() {
        return podSandboxShortId;
    }

    public Map<String, String> podLabels() {
        return podLabels;
    }

    public String podLabelsJoined() {
        return podLabelsJoined;
    }

    /** The pod's IP, or null if not a pod or unknown. */
    public String podIp() {
        return podIp;
    }

    /** The pod's CNI result as JSON, or null if unknown. */
    public String podCniJson() {
        return podCniJson;
    }

    @Override
    public String toString() {
        return type.falcoName() + " container " + fullId + " (" + name + ", " + image + ")";
    }

    /** Collects the metadata of one container. */
    public static final class Builder {
        private final ContainerType type;
        private final String fullId;
        public String name;
        public String image;
        public String imageId;
        public String imageRepository;
        public String imageTag;
        public String imageDigest;
        public boolean privileged;
        public final List<Mount> mounts = new ArrayList<>();
        public final Map<String, String> labels = new TreeMap<>();
        public String ip;
        public boolean hostPid;
        public boolean hostNetwork;
        public boolean hostIpc;
        public String podSandboxId;
        public final Map<String, String> podLabels = new TreeMap<>();
        public String podIp;
        public String podCniJson;

        private Builder(ContainerType type, String fullId) {
            this.type = type;
            this.fullId = fullId;
        }

        public ContainerInfo build() {
            return new ContainerInfo(this);
        }
    }
}
