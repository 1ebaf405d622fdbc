package io.vigil.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vigil.sdk.Event;
import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.FieldValue;

/** Field declarations and values as Falco's container plugin has them. */
class ContainerFieldsTest {

    static final String ID = CgroupLayoutsTest.ID;

    /** The value of {@code field[arg]} for {@code e}, as an object, or null for {@code <NA>}. */
    static Object extract(ContainerFieldExtractor x, Event e, String field, String arg) {
        FieldDescriptor d = x.fields().stream().filter(f -> f.name().equals(field)).findFirst().orElseThrow();
        FieldValue v = new FieldValue();
        return x.bind(d, arg).extract(e, v) ? v.toObject() : null;
    }

    static Object extract(ContainerFieldExtractor x, Event e, String field) {
        return extract(x, e, field, null);
    }

    @Test
    void declaresFalcosFieldsWithTheirTypesAndArguments() {
        Map<String, FieldDescriptor> f = ContainerFields.byName();
        assertEquals(List.of("container.id", "container.full_id", "container.name", "container.image", "container.image.id",
                "container.type", "container.privileged", "container.mounts", "container.mount", "container.mount.source",
                "container.mount.dest", "container.mount.mode", "container.mount.rdwr", "container.mount.propagation",
                "container.image.repository", "container.image.tag", "container.image.digest", "container.healthcheck",
                "container.liveness_probe", "container.readiness_probe", "container.start_ts", "container.duration",
                "container.ip", "container.cni.json", "container.host_pid", "container.host_network", "container.host_ipc",
                "container.label", "container.labels", "proc.is_container_healthcheck", "proc.is_container_liveness_probe",
                "proc.is_container_readiness_probe", "k8s.pod.name", "k8s.ns.name", "k8s.pod.id", "k8s.pod.uid",
                "k8s.pod.sandbox_id", "k8s.pod.full_sandbox_id", "k8s.pod.label", "k8s.pod.labels", "k8s.pod.ip",
                "k8s.pod.cni.json"), List.copyOf(f.keySet()));
        assertEquals(FieldType.BOOL, f.get("container.privileged").type());
        assertEquals(FieldType.ABSTIME, f.get("container.start_ts").type());
        assertEquals(FieldType.RELTIME, f.get("container.duration").type());
        assertEquals(FieldArg.INDEX_OR_KEY, f.get("container.mount.dest").arg());
        assertTrue(f.get("container.mount.dest").argRequired());
        assertEquals(FieldArg.KEY, f.get("k8s.pod.label").arg());
        assertTrue(f.get("container.label").argRequired());
        assertTrue(f.values().stream().allMatch(d -> d.sources().equals(Set.of("syscall"))));
    }

    @Test
    void hostProcessesReadAsFalcoReportsTheHost() {
        TestThreads threads = new TestThreads().add(100, 5_000, "cpu=/", "memory=/process_api/f9ed387756f34ebfe5689154faa33977");
        ContainerFieldExtractor x = new ContainerFieldExtractor(threads, Set.of("default"), List.of(), 16, 0);
        Event e = TestThreads.event(100, 7_000);
        assertEquals("host", extract(x, e, "container.id"));
        assertEquals("host", extract(x, e, "container.full_id"));
        assertEquals("host", extract(x, e, "container.name"));
        assertEquals("host", extract(x, e, "container.type"));
        assertEquals("", extract(x, e, "container.image.repository"));
        assertEquals("", extract(x, e, "container.image"));
        assertEquals(0L, extract(x, e, "container.privileged"));
        assertEquals("", extract(x, e, "container.mounts"));
        assertNull(extract(x, e, "container.mount.dest", "/var/run/docker.sock"));
        assertNull(extract(x, e, "container.label", "app"));
        assertNull(extract(x, e, "k8s.pod.name"));
        assertNull(extract(x, e, "k8s.ns.name"));
        assertNull(extract(x, e, "k8s.pod.ip"));
        assertEquals("", extract(x, e, "k8s.pod.sandbox_id"));
        assertNull(extract(x, e, "proc.is_container_healthcheck"));
        assertEquals(5_000L, extract(x, e, "container.start_ts"));
        assertEquals(0, x.containers().size(), "the host is no container");
        // a thread the state does not know has no container at all
        assertNull(extract(x, TestThreads.event(101, 7_000), "container.id"));
    }

    @Test
    void aContainerWithoutMetadataHasOnlyWhatItsCgroupsTell() {
        TestThreads threads = new TestThreads().add(200, 1_000, "cpu=/docker/" + ID, "memory=/docker/" + ID);
        ContainerFieldExtractor x = new ContainerFieldExtractor(threads, Set.of("default"), List.of(), 16, 0);
        Event e = TestThreads.event(200, 3_500);
        assertEquals("3ad7b26ded6d", extract(x, e, "container.id"));
        assertEquals(ID, extract(x, e, "container.full_id"));
        assertEquals("docker", extract(x, e, "container.type"));
        assertEquals(1_000L, extract(x, e, "container.start_ts"));
        assertNull(extract(x, e, "container.name"));
        assertNull(extract(x, e, "container.image.repository"));
        assertNull(extract(x, e, "container.privileged"));
    }

    @Test
    void metadataFieldsUseFalcosFormats() {
        TestThreads threads = new TestThreads().add(300, 1_000, "cpu=/kubepods/besteffort/podabc/" + ID);
        MetadataClient cri = new MetadataClient() {
            @Override
            public String name() {
                return "fixture";
            }

            @Override
            public boolean handles(ContainerIdentity id) {
                return true;
            }

            @Override
            public ContainerInfo fetch(ContainerIdentity id) {
                ContainerInfo.Builder b = ContainerInfo.builder(id.type(), id.fullId());
                b.name = "app";
                b.image = "registry.local:5000/team/web:1.2@sha256:d977";
                b.privileged = true;
                b.mounts.add(new Mount("/var/run/docker.sock", "/var/run/docker.sock", "", true, "rprivate"));
                b.mounts.add(new Mount("/etc", "/host/etc", "ro", false, "rslave"));
                b.labels.put("io.kubernetes.pod.name", "web-0");
                b.labels.put("io.kubernetes.pod.namespace", "shop");
                b.labels.put("io.kubernetes.pod.uid", "uid-1");
                b.labels.put("tier", "front");
                b.labels.put("annotation.x", "y");
                b.labels.put("flag", "");
                b.podSandboxId = "63060edc2d3aa803ab559f2393776b151f99fc5b05035b21db66b3b62246ad6a";
                b.podLabels.put("app", "web");
                b.podLabels.put("io.kubernetes.x", "hidden");
                b.podIp = "169.254.123.5";
                return b.build();
            }
        };
        ContainerFieldExtractor x = new ContainerFieldExtractor(threads, Set.of(), List.of(cri), 16, 5_000_000_000L);
        Event e = TestThreads.event(300, 2_000);
        // the first metadata field waits (boundedly) for the fetch that the first lookup started
        assertEquals("app", extract(x, e, "container.name"));
        assertEquals("registry.local:5000/team/web", extract(x, e, "container.image.repository"));
        assertEquals("1.2", extract(x, e, "container.image.tag"));
        assertEquals("sha256:d977", extract(x, e, "container.image.digest"));
        assertEquals(1L, extract(x, e, "container.privileged"));
        assertEquals("/var/run/docker.sock:/var/run/docker.sock::true:rprivate,/etc:/host/etc:ro:false:rslave",
                extract(x, e, "container.mounts"));
        assertEquals("/host/etc", extract(x, e, "container.mount.dest", "/et*"));
        assertEquals("/etc", extract(x, e, "container.mount.source", "/host/etc"));
        assertEquals("/etc:/host/etc:ro:false:rslave", extract(x, e, "container.mount", "1"));
        assertEquals("false", extract(x, e, "container.mount.rdwr", "/etc"));
        assertNull(extract(x, e, "container.mount", "7"));
        assertEquals("flag, tier:front", extract(x, e, "container.labels"));
        assertEquals("front", extract(x, e, "container.label", "tier"));
        assertEquals("web-0", extract(x, e, "k8s.pod.name"));
        assertEquals("shop", extract(x, e, "k8s.ns.name"));
        assertEquals("uid-1", extract(x, e, "k8s.pod.uid"));
        assertEquals("uid-1", extract(x, e, "k8s.pod.id"));
        assertEquals("63060edc2d3a", extract(x, e, "k8s.pod.sandbox_id"));
        assertEquals("web", extract(x, e, "k8s.pod.label", "app"));
        assertEquals("app:web", extract(x, e, "k8s.pod.labels"));
        assertEquals("169.254.123.5", extract(x, e, "k8s.pod.ip"));
        assertEquals(1_000L, extract(x, e, "container.duration"));
        assertEquals(1, x.fetcher().stats().get("fixture").found.get());
    }

    @Test
    void argumentsAreChecked() {
        ContainerFieldExtractor x = new ContainerFieldExtractor(new TestThreads(), Set.of(), List.of(), 16, 0);
        FieldDescriptor label = ContainerFields.descriptor("container.label");
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class, () -> x.bind(label, null));
        assertTrue(err.getMessage().contains("container.label[app]"), err.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.bind(ContainerFields.descriptor("container.id"), "x"));
        assertEquals(Map.of("container", "0.4.0"), x.falcoPlugins());
    }
}
