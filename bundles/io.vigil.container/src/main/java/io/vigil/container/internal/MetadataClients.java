package io.vigil.container.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the engine clients the configuration names. */
final class MetadataClients {

    private MetadataClients() {
    }

    static List<MetadataClient> of(ContainerStateService.Config config) {
        List<MetadataClient> l = new ArrayList<>();
        long timeout = config.request_timeout_ms();
        if (!config.docker_socket().isBlank()) {
            l.add(new DockerApiClient(ContainerType.DOCKER, Path.of(config.docker_socket()), timeout));
        }
        if (!config.podman_socket().isBlank()) {
            l.add(new DockerApiClient(ContainerType.PODMAN, Path.of(config.podman_socket()), timeout));
        }
        if (!config.containerd_socket().isBlank()) {
            l.add(new CriClient(ContainerType.CONTAINERD, Path.of(config.containerd_socket()), timeout));
            l.add(new ContainerdClient(Path.of(config.containerd_socket()), timeout));
        }
        if (!config.crio_socket().isBlank()) {
            l.add(new CriClient(ContainerType.CRIO, Path.of(config.crio_socket()), timeout));
        }
        return l;
    }
}
