package io.vigil.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every engine's cgroup layout, cgroupfs and systemd, v1 and v2; everything else is the host. */
class CgroupLayoutsTest {

    static final String ID = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";
    private final CgroupLayouts layouts = new CgroupLayouts(Set.of("default"));

    private ContainerIdentity path(String p) {
        ContainerIdentity c = layouts.identifyPath(p);
        return c == null ? ContainerIdentity.HOST : c;
    }

    private void assertContainer(ContainerType type, String fullId, String path) {
        ContainerIdentity c = path(path);
        assertEquals(type, c.type(), path);
        assertEquals(fullId, c.fullId(), path);
        assertEquals(fullId.length() == 64 ? fullId.substring(0, 12) : fullId, c.id(), path);
    }

    @Test
    void docker() {
        assertContainer(ContainerType.DOCKER, ID, "/docker/" + ID);
        assertContainer(ContainerType.DOCKER, ID, "/system.slice/docker-" + ID + ".scope");
        // cgroup v2 with a nested cgroup inside the container
        assertContainer(ContainerType.DOCKER, ID, "/system.slice/docker-" + ID + ".scope/init.scope");
        assertEquals("3ad7b26ded6d", path("/docker/" + ID).id());
    }

    @Test
    void containerdCtrInConfiguredNamespacesOnly() {
        assertContainer(ContainerType.CONTAINERD, "myctr", "/default/myctr");
        assertContainer(ContainerType.CONTAINERD, ID, "/default/" + ID);
        assertEquals("default", path("/default/myctr").namespace());
        assertSame(ContainerIdentity.HOST, path("/other/myctr"));
    }

    @Test
    void criContainerd() {
        String uid = "0f7d4b3c-2a1e-4c6b-9d8e-7f6a5b4c3d2e";
        ContainerIdentity cgroupfs = path("/kubepods/besteffort/pod" + uid + "/" + ID);
        assertContainer(ContainerType.CONTAINERD, ID, "/kubepods/besteffort/pod" + uid + "/" + ID);
        assertEquals(uid, cgroupfs.podUid());
        assertContainer(ContainerType.CONTAINERD, ID, "/kubepods/pod" + uid + "/" + ID);
        String systemd = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                + uid.replace('-', '_') + ".slice/cri-containerd-" + ID + ".scope";
        assertContainer(ContainerType.CONTAINERD, ID, systemd);
        assertEquals(uid, path(systemd).podUid());
    }

    @Test
    void crio() {
        String uid = "0f7d4b3c_2a1e_4c6b_9d8e_7f6a5b4c3d2e";
        assertContainer(ContainerType.CRIO, ID,
                "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + uid + ".slice/crio-" + ID + ".scope");
        assertContainer(ContainerType.CRIO, ID, "/kubepods/besteffort/pod0f7d/crio-" + ID);
        // conmon, CRI-O's monitor, runs on the host side
        assertSame(ContainerIdentity.HOST, path("/kubepods.slice/crio-conmon-" + ID + ".scope"));
    }

    @Test
    void podman() {
        assertContainer(ContainerType.PODMAN, ID, "/libpod_parent/libpod-" + ID);
        assertContainer(ContainerType.PODMAN, ID, "/machine.slice/libpod-" + ID + ".scope");
        assertContainer(ContainerType.PODMAN, ID, "/machine.slice/libpod-" + ID + ".scope/container");
        assertContainer(ContainerType.PODMAN, ID,
                "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + ID + ".scope");
        assertSame(ContainerIdentity.HOST, path("/machine.slice/libpod-conmon-" + ID + ".scope"));
    }

    @Test
    void lxc() {
        assertContainer(ContainerType.LXC, "web1", "/lxc.payload.web1");
        assertContainer(ContainerType.LXC, "web1", "/lxc/web1");
        assertSame(ContainerIdentity.HOST, path("/lxc.monitor.web1"));
        assertContainer(ContainerType.LIBVIRT_LXC, "1234\\x2dweb", "/machine.slice/machine-lxc\\x2d1234\\x2dweb.scope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "", "/process_api/f9ed387756f34ebfe5689154faa33977", "/user.slice/user-0.slice/session-3.scope",
            "/system.slice/sshd.service", "/init.scope", "/docker", "/docker/notanid", "/kubepods/besteffort",
            "/system.slice/docker-abc.scope", "/system.slice/docker.service", "/a/b/c/" + ID})
    void everythingElseIsTheHost(String p) {
        assertSame(ContainerIdentity.HOST, path(p));
    }

    @Test
    void thisMachinesSandboxIsTheHost() {
        // /proc/self/cgroup on this machine, in the forms /proc and the syscall state use
        List<String> proc = List.of("9:name=systemd:/", "4:memory:/process_api/f9ed387756f34ebfe5689154faa33977", "0::/");
        assertSame(ContainerIdentity.HOST, layouts.identify(proc));
        List<String> state = List.of("cpu=/", "memory=/process_api/f9ed387756f34ebfe5689154faa33977", "pids=/");
        assertSame(ContainerIdentity.HOST, layouts.identify(state));
        assertSame(ContainerIdentity.HOST, layouts.identify(List.of()));
    }

    @Test
    void theFirstEntryInAKnownLayoutDecides() {
        List<String> hybrid = List.of("name=systemd=/docker/" + ID, "memory=/process_api/f9ed387756f34ebfe5689154faa33977/docker/" + ID,
                "cpu=/docker/" + ID);
        assertEquals(ID, layouts.identify(hybrid).fullId());
        List<String> memoryOnly = List.of("cpu=/", "memory=/process_api/f9ed387756f34ebfe5689154faa33977/docker/" + ID);
        assertEquals(ContainerType.DOCKER, layouts.identify(memoryOnly).type());
        List<String> v2 = List.of("0::/system.slice/crio-" + ID + ".scope");
        assertEquals(ContainerType.CRIO, layouts.identify(v2).type());
    }
}
