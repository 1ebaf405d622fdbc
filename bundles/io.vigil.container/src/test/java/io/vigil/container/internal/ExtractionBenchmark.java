package io.vigil.container.internal;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;

import io.vigil.sdk.Event;
import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldValue;

/**
 * Prints the cost of extracting container fields on the hot path (ns and bytes allocated per
 * extraction) for a host thread and a container thread with metadata. Run with
 * {@code java -cp <test classpath> io.vigil.container.internal.ExtractionBenchmark}.
 */
public final class ExtractionBenchmark {

    public static void main(String[] args) {
        TestThreads threads = new TestThreads().add(1, 1, "cpu=/", "memory=/process_api/f9ed387756f34ebfe5689154faa33977")
                .add(2, 1, "cpu=/docker/" + CgroupLayoutsTest.ID);
        MetadataClient engine = new MetadataClient() {
            @Override
            public String name() {
                return "bench";
            }

            @Override
            public boolean handles(ContainerIdentity id) {
                return true;
            }

            @Override
            public ContainerInfo fetch(ContainerIdentity id) {
                ContainerInfo.Builder b = ContainerInfo.builder(id.type(), id.fullId());
                b.name = "web";
                b.image = "docker.io/library/nginx:1.27";
                b.labels.put("app", "web");
                b.mounts.add(new Mount("/var/run/docker.sock", "/var/run/docker.sock", "", true, "rprivate"));
                return b.build();
            }
        };
        ContainerFieldExtractor x = new ContainerFieldExtractor(threads, Set.of(), List.of(engine), 64, 5_000_000_000L);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (String field : List.of("container.id", "container.name", "container.image.repository", "container.label[app]",
                "container.mount.dest[/var/run/docker.sock]", "k8s.ns.name")) {
            int br = field.indexOf('[');
            String name = br < 0 ? field : field.substring(0, br);
            String arg = br < 0 ? null : field.substring(br + 1, field.length() - 1);
            FieldDescriptor d = ContainerFields.descriptor(name);
            FieldAccessor a = x.bind(d, arg);
            for (int tid : new int[] {1, 2}) {
                Event e = TestThreads.event(tid, 1);
                FieldValue v = new FieldValue();
                int n = 5_000_000;
                for (int i = 0; i < n; i++) {
                    a.extract(e, v);
                }
                long bytes0 = mx.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                int found = 0;
                for (int i = 0; i < n; i++) {
                    v.clear();
                    found += a.extract(e, v) ? 1 : 0;
                }
                long ns = System.nanoTime() - t0;
                long bytes = mx.getCurrentThreadAllocatedBytes() - bytes0;
                System.out.printf("%-45s %-9s %6.1f ns/op %6.2f B/op (%s)%n", field, tid == 1 ? "host" : "container",
                        (double) ns / n, (double) bytes / n, found == n ? v.toString() : "<NA>");
            }
        }
        x.close();
    }
}
