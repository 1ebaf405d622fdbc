package io.vigil.container.internal;

/** The container engines Vigil recognises, with the names Falco prints in {@code container.type}. */
public enum ContainerType {
    DOCKER("docker"),
    CONTAINERD("containerd"),
    CRIO("cri-o"),
    PODMAN("podman"),
    LXC("lxc"),
    LIBVIRT_LXC("libvirt-lxc"),
    HOST("host");

    private final String falcoName;

    ContainerType(String falcoName) {
        this.falcoName = falcoName;
    }

    /** The value of {@code container.type}. */
    public String falcoName() {
        return falcoName;
    }
}
