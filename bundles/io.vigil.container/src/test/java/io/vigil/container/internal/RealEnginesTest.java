package io.vigil.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vigil.sdk.Event;
import io.vigil.syscall.internal.ThreadStatesService;

/**
 * Real containers of real engines on this machine (see {@code runtimes.sh}): a process in the
 * container gets its container's fields from the engine's API, read from the live syscall
 * state built from /proc.
 */
class RealEnginesTest {

    private static ContainerFieldExtractor extractor(MetadataClient client) {
        return new ContainerFieldExtractor(new ThreadStatesService(TestThreads.hostState()), Set.of("default"),
                List.of(client), 64, 5_000_000_000L);
    }

    @Test
    void docker() throws Exception {
        Engines.run("docker-up");
        try {
            String name = "vigil-docker-" + ProcessHandle.current().pid();
            String[] idPid = Engines.run("docker-run", name).split(" ");
            ContainerFieldExtractor x = extractor(new DockerApiClient(ContainerType.DOCKER,
                    Engines.ROOT.resolve("docker/docker.sock"), 2000));
            Event e = TestThreads.event(Integer.parseInt(idPid[1]), 1);
            assertEquals(idPid[0].substring(0, 12), ContainerFieldsTest.extract(x, e, "container.id"));
            assertEquals(idPid[0], ContainerFieldsTest.extract(x, e, "container.full_id"));
            assertEquals("docker", ContainerFieldsTest.extract(x, e, "container.type"));
            assertEquals(name, ContainerFieldsTest.extract(x, e, "container.name"));
            assertEquals("localhost/vigil-test/busybox:1.0", ContainerFieldsTest.extract(x, e, "container.image"));
            assertEquals("localhost/vigil-test/busybox", ContainerFieldsTest.extract(x, e, "container.image.repository"));
            assertEquals("1.0", ContainerFieldsTest.extract(x, e, "container.image.tag"));
            assertEquals(0L, ContainerFieldsTest.extract(x, e, "container.privileged"));
            assertEquals("yes", ContainerFieldsTest.extract(x, e, "container.label", "vigil.test"));
            assertEquals(12, ((String) ContainerFieldsTest.extract(x, e, "container.image.id")).length());
            // this test's own process is on the host, in this machine's /process_api sandbox
            Event self = TestThreads.event((int) ProcessHandle.current().pid(), 1);
            assertEquals("host", ContainerFieldsTest.extract(x, self, "container.id"));
            assertEquals("host", ContainerFieldsTest.extract(x, self, "container.name"));
            x.close();
        } finally {
            Engines.run("docker-down");
        }
    }

    @Test
    void containerdCriPod() throws Exception {
        Engines.run("containerd-up");
        try (CriPod pod = new CriPod(Engines.ROOT.resolve("containerd/containerd.sock"), "web-0", "shop", "app",
                "localhost/vigil-test/busybox:1.0", java.util.Map.of("app", "vigil-test", "tier", "front"))) {
            ContainerFieldExtractor x = extractor(new CriClient(ContainerType.CONTAINERD,
                    Engines.ROOT.resolve("containerd/containerd.sock"), 2000));
            Event e = TestThreads.event(pod.pid, 1);
            assertEquals(pod.containerId.substring(0, 12), ContainerFieldsTest.extract(x, e, "container.id"));
            assertEquals("containerd", ContainerFieldsTest.extract(x, e, "container.type"));
            assertEquals("app", ContainerFieldsTest.extract(x, e, "container.name"));
            assertEquals("localhost/vigil-test/busybox", ContainerFieldsTest.extract(x, e, "container.image.repository"));
            assertEquals("1.0", ContainerFieldsTest.extract(x, e, "container.image.tag"));
            assertEquals("web-0", ContainerFieldsTest.extract(x, e, "k8s.pod.name"));
            assertEquals("shop", ContainerFieldsTest.extract(x, e, "k8s.ns.name"));
            assertEquals(pod.uid, ContainerFieldsTest.extract(x, e, "k8s.pod.uid"));
            assertEquals("vigil-test", ContainerFieldsTest.extract(x, e, "k8s.pod.label", "app"));
            assertEquals("app:vigil-test, tier:front", ContainerFieldsTest.extract(x, e, "k8s.pod.labels"));
            assertEquals(pod.sandboxId, ContainerFieldsTest.extract(x, e, "k8s.pod.full_sandbox_id"));
            assertEquals(pod.sandboxId.substring(0, 12), ContainerFieldsTest.extract(x, e, "k8s.pod.sandbox_id"));
            assertEquals(1L, ContainerFieldsTest.extract(x, e, "container.host_network"));
            assertEquals(0L, ContainerFieldsTest.extract(x, e, "container.privileged"));
            x.close();
        } finally {
            Engines.run("containerd-down");
        }
    }

    @Test
    void containerdCtr() throws Exception {
        Engines.run("containerd-up");
        try {
            String name = "vigil-ctr-" + ProcessHandle.current().pid();
            String[] idPid = Engines.run("ctr-run", name).split(" ");
            ContainerFieldExtractor x = extractor(new ContainerdClient(Engines.ROOT.resolve("containerd/containerd.sock"), 2000));
            Event e = TestThreads.event(Integer.parseInt(idPid[1]), 1);
            assertEquals(name, ContainerFieldsTest.extract(x, e, "container.id"));
            assertEquals("containerd", ContainerFieldsTest.extract(x, e, "container.type"));
            assertEquals(name, ContainerFieldsTest.extract(x, e, "container.name"));
            assertEquals("localhost/vigil-test/busybox", ContainerFieldsTest.extract(x, e, "container.image.repository"));
            assertEquals("yes", ContainerFieldsTest.extract(x, e, "container.label", "vigil.test"));
            assertEquals(0L, ContainerFieldsTest.extract(x, e, "container.privileged"));
            assertEquals("/proc", ContainerFieldsTest.extract(x, e, "container.mount.dest", "proc"));
            x.close();
        } finally {
            Engines.run("containerd-down");
        }
    }

    @Test
    void podman() throws Exception {
        Engines.run("podman-up");
        try {
            String name = "vigil-podman-" + ProcessHandle.current().pid();
            String[] idPid = Engines.run("podman-run", name).split(" ");
            ContainerFieldExtractor x = extractor(new DockerApiClient(ContainerType.PODMAN,
                    Engines.ROOT.resolve("podman/podman.sock"), 2000));
            Event e = TestThreads.event(Integer.parseInt(idPid[1]), 1);
            assertEquals(idPid[0].substring(0, 12), ContainerFieldsTest.extract(x, e, "container.id"));
            assertEquals("podman", ContainerFieldsTest.extract(x, e, "container.type"));
            assertEquals(name, ContainerFieldsTest.extract(x, e, "container.name"));
            assertEquals("localhost/vigil-test/busybox", ContainerFieldsTest.extract(x, e, "container.image.repository"));
            assertEquals("1.0", ContainerFieldsTest.extract(x, e, "container.image.tag"));
            assertEquals("yes", ContainerFieldsTest.extract(x, e, "container.label", "vigil.test"));
            x.close();
        } finally {
            Engines.run("podman-down");
        }
    }
}
