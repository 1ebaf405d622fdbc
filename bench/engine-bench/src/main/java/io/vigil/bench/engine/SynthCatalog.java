package io.vigil.bench.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vigil.engine.api.FieldCatalog;
import io.vigil.sdk.EventTypes;
import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.FieldType;

/**
 * The field catalogue of the engine's tests (Falco's field names), backed by array-slot
 * extractors over {@link SynthEvent}s, so the benchmark measures the engine rather than a map.
 */
final class SynthCatalog {

    /** Slots by field text as written in rules ({@code proc.aname[2]}): event fields, process fields. */
    final Map<String, Integer> eventSlots = new HashMap<>();
    final Map<String, Integer> processSlots = new HashMap<>();
    final FieldCatalog catalog;
    final Types types;

    static Path root() {
        return Path.of(System.getProperty("vigil.root", "."));
    }

    SynthCatalog() {
        List<String> lines;
        List<String> names = new ArrayList<>();
        try {
            Path res = root().resolve("bundles/io.vigil.engine/src/test/resources");
            lines = Files.readAllLines(res.resolve("falco-fields.txt"));
            for (String l : Files.readAllLines(res.resolve("syscall-event-types.txt"))) {
                if (!l.startsWith("#")) {
                    names.addAll(Arrays.asList(l.trim().split("\\s+")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.removeIf(String::isEmpty);
        types = new Types(names);
        List<FieldExtractor> extractors = new ArrayList<>();
        String name = null;
        Set<String> sources = Set.of();
        Map<String, String> plugins = new LinkedHashMap<>();
        List<FieldDescriptor> fields = new ArrayList<>();
        lines = new ArrayList<>(lines);
        lines.add("extractor END sources=x");
        for (String raw : lines) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("\\s+");
            if (w[0].equals("extractor")) {
                if (name != null) {
                    extractors.add(new Extractor(name, fields, plugins));
                }
                name = w[1];
                fields = new ArrayList<>();
                plugins = new LinkedHashMap<>();
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
            fields.add(new FieldDescriptor(w[0], FieldType.valueOf(w[1]), list, arg, required, "", sources, name));
        }
        catalog = new FieldCatalog(extractors, Map.of("syscall", types), List.of("syscall"));
    }

    static boolean eventField(String text) {
        return text.startsWith("evt.") || text.startsWith("fd.") || text.startsWith("fs.");
    }

    synchronized int slot(String text) {
        Map<String, Integer> m = eventField(text) ? eventSlots : processSlots;
        return m.computeIfAbsent(text, k -> m.size());
    }

    /** Binds fields to array slots; values are String, Long, Boolean, byte[] or List. */
    final class Extractor implements FieldExtractor {
        private final String name;
        private final List<FieldDescriptor> fields;
        private final Map<String, String> plugins;

        Extractor(String name, List<FieldDescriptor> fields, Map<String, String> plugins) {
            this.name = name;
            this.fields = List.copyOf(fields);
            this.plugins = Map.copyOf(plugins);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<FieldDescriptor> fields() {
            return fields;
        }

        @Override
        public Map<String, String> falcoPlugins() {
            return plugins;
        }

        @Override
        public FieldAccessor bind(FieldDescriptor field, String argument) {
            String text = argument == null ? field.name() : field.name() + "[" + argument + "]";
            int slot = slot(text);
            boolean own = eventField(text);
            return (event, out) -> {
                SynthEvent se = (SynthEvent) event;
                Object[] v = own ? se.own : se.process;
                if (slot >= v.length) {
                    return false;
                }
                Object o = v[slot];
                if (o == null) {
                    return false;
                }
                if (o instanceof String s) {
                    out.setText(s);
                } else if (o instanceof Long l) {
                    out.setLong(l);
                } else if (o instanceof Boolean b) {
                    out.setBool(b);
                } else if (o instanceof byte[] b) {
                    out.setBytes(b);
                } else if (o instanceof List<?> l) {
                    out.setList(l);
                } else {
                    return false;
                }
                return true;
            };
        }
    }

    /** Syscall names with enter (even) and exit (odd) codes. */
    static final class Types implements EventTypes {
        private final List<String> names;
        private final Map<String, Integer> index = new HashMap<>();

        Types(List<String> names) {
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

        int exit(String name) {
            return codes(name)[1];
        }
    }
}
