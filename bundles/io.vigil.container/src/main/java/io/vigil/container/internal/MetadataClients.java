package io.vigil.container.internal;

import java.util.ArrayList;
import java.util.List;

/** Builds the engine clients the configuration names. */
final class MetadataClients {

    private MetadataClients() {
    }

    static List<MetadataClient> of(ContainerFieldExtractor.Config config) {
        List<MetadataClient> l = new ArrayList<>();
        return l;
    }
}
