package io.vigil.container.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Container and pod metadata from a CRI runtime (containerd's CRI plugin, CRI-O): the
 * {@code ContainerStatus} and {@code PodSandboxStatus} calls of {@code runtime.v1.RuntimeService},
 * verbose, so the runtime's info JSON gives the sandbox id and the privileged flag as
 * kubelet asked for them.
 */
final class CriClient implements MetadataClient {

    private static final String SERVICE = "/runtime.v1.RuntimeService/";
    /** CRI's NamespaceMode NODE: the host's namespace. */
    private static final int NODE = 2;

    private final ContainerType type;
    private final GrpcUnixClient grpc;

    CriClient(ContainerType type, Path socket, long timeoutMillis) {
        this.type = type;
        this.grpc = new GrpcUnixClient(socket, timeoutMillis);
    }

    @Override
    public String name() {
        return type.falcoName() + " CRI (" + grpc.socket() + ")";
    }

    @Override
    public boolean handles(ContainerIdentity id) {
        // containerd containers in a plain namespace (ctr) are not CRI containers
        return id.type() == type && id.namespace() == null;
    }

    @Override
    public ContainerInfo fetch(ContainerIdentity id) throws IOException {
        byte[] resp;
        try {
            resp = grpc.call(SERVICE + "ContainerStatus", new Proto.Writer().string(1, id.fullId()).bool(2, true).toBytes());
        } catch (GrpcUnixClient.NoMessageException notFound) {
            return null;
        }
        ContainerStatus s = ContainerStatus.read(resp);
        if (s.id.isEmpty()) {
            throw new IOException(grpc.socket() + " answered ContainerStatus for " + id.fullId() + " without a container");
        }
        ContainerInfo.Builder b = ContainerInfo.builder(type, s.id);
        b.name = s.name;
        JsonNode info = s.info;
        String configImage = info.path("config").path("image").path("image").asText("");
        b.image = looksLikeImageId(s.image) && !configImage.isEmpty() ? configImage : s.image;
        String imageId = looksLikeImageId(s.image) ? s.image : s.imageRef.startsWith("sha256:") ? s.imageRef : "";
        imageId = imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
        b.imageId = imageId.length() > ContainerIdentity.SHORT_ID_LENGTH ? imageId.substring(0, ContainerIdentity.SHORT_ID_LENGTH) : imageId;
        int at = s.imageRef.indexOf('@');
        if (at >= 0) {
            b.imageDigest = s.imageRef.substring(at + 1);
        }
        b.labels.putAll(s.labels);
        b.mounts.addAll(s.mountList);
        b.privileged = info.path("config").path("linux").path("security_context").path("privileged").asBoolean(false)
                || info.path("privileged").asBoolean(false);
        String sandbox = info.path("sandboxID").asText("");
        if (sandbox.isEmpty()) {
            sandbox = info.path("sandboxId").asText("");
        }
        b.podSandboxId = sandbox;
        if (!sandbox.isEmpty()) {
            try {
                byte[] pod = grpc.call(SERVICE + "PodSandboxStatus", new Proto.Writer().string(1, sandbox).bool(2, true).toBytes());
                PodStatus p = PodStatus.read(pod);
                b.podLabels.putAll(p.labels);
                b.podIp = p.ip.isEmpty() ? null : p.ip;
                b.ip = p.ip;
                b.hostNetwork = p.network == NODE;
                b.hostPid = p.pid == NODE;
                b.hostIpc = p.ipc == NODE;
                JsonNode cni = p.info.path("cniResult");
                b.podCniJson = cni.isMissingNode() || cni.isNull() ? "" : cni.toString();
            } catch (GrpcUnixClient.NoMessageException goneSandbox) {
                // the pod went away between the two calls: keep what the container said
            }
        }
        return b.build();
    }

    private static boolean looksLikeImageId(String image) {
        return image.startsWith("sha256:") || (image.length() == 64 && CgroupLayouts.isHex(image, 0, 64));
    }

    private static JsonNode json(String text) {
        if (text == null || text.isEmpty()) {
            return Json.missing();
        }
        try {
            return Json.read(text);
        } catch (IOException e) {
            return Json.missing();
        }
    }

    /** The parts of {@code ContainerStatusResponse} Vigil uses. */
    private static final class ContainerStatus {
        String id = "";
        String name = "";
        String image = "";
        String imageRef = "";
        final Map<String, String> labels = new TreeMap<>();
        final java.util.List<Mount> mountList = new java.util.ArrayList<>();
        JsonNode info = Json.missing();

        static ContainerStatus read(byte[] resp) throws IOException {
            ContainerStatus s = new ContainerStatus();
            Proto.Reader r = new Proto.Reader(resp);
            Map<String, String> infoMap = new HashMap<>();
            while (r.next()) {
                if (r.field() == 1) {
                    Proto.Reader st = r.message();
                    while (st.next()) {
                        switch (st.field()) {
                            case 1 -> s.id = st.string();
                            case 2 -> s.name = firstString(st.message(), 1);
                            case 8 -> s.image = firstString(st.message(), 1);
                            case 9 -> s.imageRef = st.string();
                            case 12 -> st.mapEntry(s.labels);
                            case 14 -> s.mountList.add(mount(st.message()));
                            default -> st.skip();
                        }
                    }
                } else if (r.field() == 2) {
                    r.mapEntry(infoMap);
                } else {
                    r.skip();
                }
            }
            s.info = json(infoMap.get("info"));
            return s;
        }
    }

    private static Mount mount(Proto.Reader m) throws IOException {
        String dest = "";
        String source = "";
        boolean readonly = false;
        long propagation = 0;
        while (m.next()) {
            switch (m.field()) {
                case 1 -> dest = m.string();
                case 2 -> source = m.string();
                case 3 -> readonly = m.bool();
                case 5 -> propagation = m.varint();
                default -> m.skip();
            }
        }
        String p = propagation == 1 ? "rslave" : propagation == 2 ? "rshared" : "private";
        return new Mount(source, dest, "", !readonly, p);
    }

    /** The parts of {@code PodSandboxStatusResponse} Vigil uses. */
    private static final class PodStatus {
        final Map<String, String> labels = new TreeMap<>();
        String ip = "";
        int network;
        int pid;
        int ipc;
        JsonNode info = Json.missing();

        static PodStatus read(byte[] resp) throws IOException {
            PodStatus p = new PodStatus();
            Proto.Reader r = new Proto.Reader(resp);
            Map<String, String> infoMap = new HashMap<>();
            while (r.next()) {
                if (r.field() == 1) {
                    Proto.Reader st = r.message();
                    while (st.next()) {
                        switch (st.field()) {
                            case 5 -> p.ip = firstString(st.message(), 1);
                            case 6 -> p.namespaces(st.message());
                            case 7 -> st.mapEntry(p.labels);
                            default -> st.skip();
                        }
                    }
                } else if (r.field() == 2) {
                    r.mapEntry(infoMap);
                } else {
                    r.skip();
                }
            }
            p.info = json(infoMap.get("info"));
            return p;
        }

        /** LinuxPodSandboxStatus.namespaces(1).options(2): network(1), pid(2), ipc(3). */
        private void namespaces(Proto.Reader linux) throws IOException {
            while (linux.next()) {
                if (linux.field() != 1) {
                    linux.skip();
                    continue;
                }
                Proto.Reader ns = linux.message();
                while (ns.next()) {
                    if (ns.field() != 2) {
                        ns.skip();
                        continue;
                    }
                    Proto.Reader o = ns.message();
                    while (o.next()) {
                        switch (o.field()) {
                            case 1 -> network = (int) o.varint();
                            case 2 -> pid = (int) o.varint();
                            case 3 -> ipc = (int) o.varint();
                            default -> o.skip();
                        }
                    }
                }
            }
        }
    }

    /** The string field {@code field} of a message, empty if absent. */
    private static String firstString(Proto.Reader m, int field) throws IOException {
        String s = "";
        while (m.next()) {
            if (m.field() == field) {
                s = m.string();
            } else {
                m.skip();
            }
        }
        return s;
    }
}
