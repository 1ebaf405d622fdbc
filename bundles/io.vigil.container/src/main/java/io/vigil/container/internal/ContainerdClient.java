package io.vigil.container.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Metadata of containers made directly through containerd ({@code ctr}, nerdctl) in plain
 * namespaces: {@code containerd.services.containers.v1.Containers/Get} in the container's
 * namespace, with its image, labels and the mounts of its OCI spec. The container's name is its
 * id (containerd has no other).
 */
final class ContainerdClient implements MetadataClient {

    private static final String GET = "/containerd.services.containers.v1.Containers/Get";

    private final GrpcUnixClient grpc;

    ContainerdClient(Path socket, long timeoutMillis) {
        this.grpc = new GrpcUnixClient(socket, timeoutMillis);
    }

    @Override
    public String name() {
        return "containerd (" + grpc.socket() + ")";
    }

    @Override
    public boolean handles(ContainerIdentity id) {
        return id.type() == ContainerType.CONTAINERD && id.namespace() != null;
    }

    @Override
    public ContainerInfo fetch(ContainerIdentity id) throws IOException {
        byte[] resp;
        try {
            resp = grpc.call(GET, new Proto.Writer().string(1, id.fullId()).toBytes(),
                    Map.of("containerd-namespace", id.namespace()));
        } catch (GrpcUnixClient.NoMessageException notFound) {
            return null;
        }
        ContainerInfo.Builder b = null;
        Proto.Reader r = new Proto.Reader(resp);
        while (r.next()) {
            if (r.field() != 1) {
                r.skip();
                continue;
            }
            Proto.Reader c = r.message();
            String cid = "";
            String image = "";
            byte[] spec = null;
            Map<String, String> labels = new java.util.TreeMap<>();
            while (c.next()) {
                switch (c.field()) {
                    case 1 -> cid = c.string();
                    case 2 -> c.mapEntry(labels);
                    case 3 -> image = c.string();
                    case 5 -> spec = anyValue(c.message());
                    default -> c.skip();
                }
            }
            b = ContainerInfo.builder(ContainerType.CONTAINERD, cid.isEmpty() ? id.fullId() : cid);
            b.name = cid.isEmpty() ? id.fullId() : cid;
            b.image = image;
            b.labels.putAll(labels);
            if (spec != null) {
                mounts(b, spec);
            }
        }
        if (b == null) {
            throw new IOException(grpc.socket() + " answered Containers/Get for " + id.fullId() + " without a container");
        }
        return b.build();
    }

    /** The value of a {@code google.protobuf.Any}: containerd stores the OCI spec there as JSON. */
    private static byte[] anyValue(Proto.Reader any) throws IOException {
        byte[] value = null;
        while (any.next()) {
            if (any.field() == 2) {
                value = any.bytes();
            } else {
                any.skip();
            }
        }
        return value;
    }

    private static void mounts(ContainerInfo.Builder b, byte[] spec) {
        JsonNode root;
        try {
            root = Json.read(spec);
        } catch (IOException notJson) {
            return;
        }
        for (JsonNode m : root.path("mounts")) {
            boolean readOnly = false;
            String propagation = "";
            for (JsonNode o : m.path("options")) {
                String opt = o.asText("");
                if (opt.equals("ro")) {
                    readOnly = true;
                } else if (opt.matches("r?(private|shared|slave|unbindable)")) {
                    propagation = opt;
                }
            }
            b.mounts.add(new Mount(m.path("source").asText(""), m.path("destination").asText(""), "", !readOnly, propagation));
        }
        // ctr run --privileged grants every capability (38 to 41 by kernel); a default container gets 14.
        JsonNode caps = root.path("process").path("capabilities").path("effective");
        b.privileged = caps.size() >= 38;
    }
}
