package io.vigil.container.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Kubernetes-style pod created through a CRI runtime the way kubelet does it (sandbox and
 * container labels, cgroup parent under kubepods), for tests; no cluster needed.
 */
final class CriPod implements AutoCloseable {

    private static final String SERVICE = "/runtime.v1.RuntimeService/";
    private static final int NODE = 2;

    final GrpcUnixClient grpc;
    final String name;
    final String namespace;
    final String uid = UUID.randomUUID().toString();
    final String sandboxId;
    final String containerId;
    final int pid;

    /** Runs a pod with one container {@code container} sleeping, with pod labels {@code labels}. */
    CriPod(Path socket, String name, String namespace, String container, String image, Map<String, String> labels)
            throws IOException {
        this.grpc = new GrpcUnixClient(socket, 30_000);
        this.name = name;
        this.namespace = namespace;
        Map<String, String> podLabels = new LinkedHashMap<>(labels);
        podLabels.put("io.kubernetes.pod.name", name);
        podLabels.put("io.kubernetes.pod.namespace", namespace);
        podLabels.put("io.kubernetes.pod.uid", uid);
        Proto.Writer sandboxConfig = new Proto.Writer()
                .message(1, new Proto.Writer().string(1, name).string(2, uid).string(3, namespace))
                .map(6, podLabels)
                .message(8, new Proto.Writer().string(1, "/kubepods/besteffort/pod" + uid)
                        .message(2, new Proto.Writer().message(1, new Proto.Writer().varint(1, NODE))));
        byte[] run = grpc.call(SERVICE + "RunPodSandbox", new Proto.Writer().message(1, sandboxConfig).toBytes());
        this.sandboxId = string(run, 1);
        Map<String, String> containerLabels = new LinkedHashMap<>();
        containerLabels.put("io.kubernetes.container.name", container);
        containerLabels.put("io.kubernetes.pod.name", name);
        containerLabels.put("io.kubernetes.pod.namespace", namespace);
        containerLabels.put("io.kubernetes.pod.uid", uid);
        Proto.Writer config = new Proto.Writer()
                .message(1, new Proto.Writer().string(1, container))
                .message(2, new Proto.Writer().string(1, image))
                .string(3, "sleep").string(4, "1000000")
                .map(9, containerLabels);
        byte[] created = grpc.call(SERVICE + "CreateContainer", new Proto.Writer().string(1, sandboxId).message(2, config)
                .message(3, sandboxConfig).toBytes());
        this.containerId = string(created, 1);
        grpc.call(SERVICE + "StartContainer", new Proto.Writer().string(1, containerId).toBytes());
        byte[] status = grpc.call(SERVICE + "ContainerStatus", new Proto.Writer().string(1, containerId).bool(2, true).toBytes());
        Map<String, String> info = new HashMap<>();
        Proto.Reader r = new Proto.Reader(status);
        while (r.next()) {
            if (r.field() == 2) {
                r.mapEntry(info);
            } else {
                r.skip();
            }
        }
        this.pid = new ObjectMapper().readTree(info.getOrDefault("info", "{}")).path("pid").asInt(0);
        if (pid <= 0) {
            throw new IOException("the CRI runtime did not say the pid of container " + containerId + ": " + info);
        }
    }

    private static String string(byte[] message, int field) throws IOException {
        Proto.Reader r = new Proto.Reader(message);
        while (r.next()) {
            if (r.field() == field) {
                return r.string();
            }
            r.skip();
        }
        throw new IOException("no field " + field + " in the CRI answer");
    }

    @Override
    public void close() throws IOException {
        grpc.call(SERVICE + "StopPodSandbox", new Proto.Writer().string(1, sandboxId).toBytes());
        grpc.call(SERVICE + "RemovePodSandbox", new Proto.Writer().string(1, sandboxId).toBytes());
    }
}
