package io.vigil.source.k8saudit.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.vigil.sdk.testkit.Extractors;
import io.vigil.sdk.testkit.Sources;
import io.vigil.source.jsonkit.JsonEvent;

/** The shared Kubernetes audit samples, read through the source's file mode. */
final class Samples {

    static final K8sAuditFields FIELDS = new K8sAuditFields();

    private Samples() {
    }

    /** The samples directory beside the repository (the build passes its path). */
    static Path root() {
        Path p = Path.of(System.getProperty("vigil.samples", "../../../shared/samples"));
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("samples not found at " + p.toAbsolutePath()
                    + ": clone the shared directory beside the repository");
        }
        return p;
    }

    static Path k8s(String name) {
        return root().resolve("k8s_audit").resolve(name);
    }

    /** The events of a file (or directory), read by the source in file mode. */
    static List<JsonEvent> events(Path path) throws Exception {
        return Sources.collect(new K8sAuditSource(), Map.of("openParams", path.toString()), 100_000, 60_000,
                e -> (JsonEvent) e);
    }

    /** The only event of a sample file. */
    static JsonEvent event(String name) throws Exception {
        List<JsonEvent> events = events(k8s(name));
        if (events.size() != 1) {
            throw new AssertionError(name + ": expected one event, got " + events.size());
        }
        return events.get(0);
    }

    /** A field (as written in rules) of the only event of a sample. */
    static Object field(String sample, String field) throws Exception {
        return Extractors.extract(event(sample), field, FIELDS);
    }
}
