package io.vigil.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.testkit.MapFieldExtractor;

/**
 * Falco's syscall field names and types, read from a declaration file, as map-backed extractors:
 * the stand-in for the syscall and container field classes while the rules are tested alone.
 *
 * <p>File format: {@code extractor NAME sources=S1,S2} headers, then one field per line,
 * {@code NAME TYPE [list] [arg=INDEX|KEY|INDEX_OR_KEY] [required]}; {@code #} starts a comment.
 */
final class TestFields {

    private final List<FieldExtractor> extractors;
    private final List<FieldDescriptor> descriptors;

    private TestFields(List<FieldExtractor> extractors, List<FieldDescriptor> descriptors) {
        this.extractors = List.copyOf(extractors);
        this.descriptors = List.copyOf(descriptors);
    }

    List<FieldExtractor> extractors() {
        return extractors;
    }

    List<FieldDescriptor> descriptors() {
        return descriptors;
    }

    static TestFields load(String resource) {
        String text;
        try (InputStream in = TestFields.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<FieldExtractor> extractors = new ArrayList<>();
        List<FieldDescriptor> all = new ArrayList<>();
        String name = null;
        Set<String> sources = Set.of();
        List<FieldDescriptor> fields = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("\\s+");
            if (w[0].equals("extractor")) {
                if (name != null) {
                    extractors.add(new MapFieldExtractor(name, fields));
                }
                name = w[1];
                fields = new ArrayList<>();
                sources = Set.of();
                for (int i = 2; i < w.length; i++) {
                    if (w[i].startsWith("sources=")) {
                        sources = Set.of(w[i].substring("sources=".length()).split(","));
                    }
                }
                continue;
            }
            if (name == null || w.length < 2) {
                throw new IllegalStateException(resource + ":" + lineNo + ": expected 'NAME TYPE ...' after an extractor header");
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
                    arg = FieldArg.valueOf(w[i].substring("arg=".length()));
                } else {
                    throw new IllegalStateException(resource + ":" + lineNo + ": unknown attribute '" + w[i] + "'");
                }
            }
            FieldDescriptor d = new FieldDescriptor(w[0], FieldType.valueOf(w[1]), list, arg, required,
                    "Falco field " + w[0], sources, name);
            fields.add(d);
            all.add(d);
        }
        if (name != null) {
            extractors.add(new MapFieldExtractor(name, fields));
        }
        return new TestFields(extractors, all);
    }
}
