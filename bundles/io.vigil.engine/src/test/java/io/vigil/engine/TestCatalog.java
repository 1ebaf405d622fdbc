package io.vigil.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.RuleFile;
import io.vigil.sdk.EventTypes;
import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.testkit.MapFieldExtractor;

/**
 * The test field catalogue: Falco's field names read from {@code falco-fields.txt}, backed by
 * {@link MapFieldExtractor}, and a syscall event-type table.
 */
public final class TestCatalog {

    private TestCatalog() {
    }

    /** A MapFieldExtractor that also declares the Falco plugins it stands in for. */
    public static final class PluginExtractor implements FieldExtractor {
        private final MapFieldExtractor delegate;
        private final Map<String, String> plugins;

        PluginExtractor(String name, List<FieldDescriptor> fields, Map<String, String> plugins) {
            this.delegate = new MapFieldExtractor(name, fields);
            this.plugins = Map.copyOf(plugins);
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public List<FieldDescriptor> fields() {
            return delegate.fields();
        }

        @Override
        public FieldAccessor bind(FieldDescriptor field, String argument) {
            return delegate.bind(field, argument);
        }

        @Override
        public Map<String, String> falcoPlugins() {
            return plugins;
        }
    }

    /** Syscall names with an enter (even) and exit (odd) code each, as libscap numbers them. */
    public static final class SyscallTypes implements EventTypes {
        private final List<String> names;
        private final Map<String, Integer> index = new HashMap<>();

        SyscallTypes(List<String> names) {
            this.names = List.copyOf(names);
            for (int i = 0; i < names.size(); i++) {
                index.put(names.get(i), i);
            }
        }

        @Override
        public String source() {
            return "syscall";
        }

        @Override
        public int[] codes(String name) {
            Integer i = index.get(name);
            return i == null ? new int[0] : new int[] {2 * i, 2 * i + 1};
        }

        @Override
        public String name(int code) {
            return code >= 0 && code / 2 < names.size() ? names.get(code / 2) : null;
        }

        @Override
        public int size() {
            return names.size() * 2;
        }

        /** The exit-event code of a syscall name. */
        public int exit(String name) {
            return codes(name)[1];
        }
    }

    private static String resource(String name) {
        try (InputStream in = TestCatalog.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final SyscallTypes SYSCALL_TYPES;

    static {
        List<String> names = new ArrayList<>();
        for (String line : resource("syscall-event-types.txt").split("\n")) {
            if (!line.startsWith("#")) {
                names.addAll(Arrays.asList(line.trim().split("\\s+")));
            }
        }
        names.removeIf(String::isEmpty);
        SYSCALL_TYPES = new SyscallTypes(names);
    }

    /** All extractors of the declaration file. */
    public static List<FieldExtractor> extractors() {
        return extractors(x -> true);
    }

    /** The extractors whose name passes {@code keep}. */
    public static List<FieldExtractor> extractors(Predicate<String> keep) {
        List<FieldExtractor> out = new ArrayList<>();
        String name = null;
        Set<String> sources = null;
        Map<String, String> plugins = null;
        List<FieldDescriptor> fields = new ArrayList<>();
        for (String raw : (resource("falco-fields.txt") + "\nextractor END sources=x").split("\n")) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("\\s+");
            if (w[0].equals("extractor")) {
                if (name != null && keep.test(name)) {
                    out.add(new PluginExtractor(name, fields, plugins));
                }
                name = w[1];
                fields = new ArrayList<>();
                plugins = new LinkedHashMap<>();
                sources = Set.of();
                for (int i = 2; i < w.length; i++) {
                    if (w[i].startsWith("sources=")) {
                        sources = Set.of(w[i].substring(8).split(","));
                    } else if (w[i].startsWith("plugins=")) {
                        for (String p : w[i].substring(8).split(",")) {
                            String[] nv = p.split(":");
                            plugins.put(nv[0], nv[1]);
                        }
                    }
                }
                continue;
            }
            boolean list = false;
            boolean required = false;
            FieldArg arg = FieldArg.NONE;
            for (int i = 2; i < w.length; i++) {
                if (w[i].equals("list")) {
                    list = true;
                } else if (w[i].equals("required")) {
                    required = true;
                } else if (w[i].startsWith("arg=")) {
                    arg = FieldArg.valueOf(w[i].substring(4));
                }
            }
            fields.add(new FieldDescriptor(w[0], FieldType.valueOf(w[1]), list, arg, required, "test field " + w[0],
                    sources, name));
        }
        return out;
    }

    /** The full catalogue: every extractor, syscall event types, every source. */
    public static FieldCatalog full() {
        return FULL;
    }

    private static final FieldCatalog FULL = new FieldCatalog(extractors(), Map.of("syscall", SYSCALL_TYPES),
            List.of("syscall"));

    /** Where Falco's upstream rule files are: beside the repository, never inside it. */
    public static Path falcoRules() {
        String p = System.getProperty("vigil.falcoRules");
        return p != null ? Path.of(p) : Path.of("../../../shared/falco-rules");
    }

    public static RuleFile upstream(String name) {
        try {
            return RuleFile.read(falcoRules().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Path> upstreamFiles() throws IOException {
        try (var s = Files.list(falcoRules())) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
