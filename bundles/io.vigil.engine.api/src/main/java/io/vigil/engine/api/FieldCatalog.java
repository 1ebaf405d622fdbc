package io.vigil.engine.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.vigil.sdk.EventTypes;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;

/**
 * What rules can refer to: the registered field extractors, the event types of each source
 * and the names of the sources that exist. An immutable snapshot; the runtime builds a new
 * one whenever plugins come or go.
 */
public final class FieldCatalog {

    private final List<FieldExtractor> extractors;
    private final Map<String, EventTypes> eventTypes;
    private final Set<String> sources;

    /**
     * @param extractors the registered extractors
     * @param eventTypes event type names per source
     * @param sources    the source names known to the platform (with or without a running
     *                   capture); sources of the extractors' fields are added
     */
    public FieldCatalog(Collection<FieldExtractor> extractors, Map<String, EventTypes> eventTypes,
            Collection<String> sources) {
        this.extractors = List.copyOf(extractors);
        this.eventTypes = Map.copyOf(eventTypes);
        Set<String> all = new TreeSet<>(sources);
        for (FieldExtractor x : this.extractors) {
            for (FieldDescriptor d : x.fields()) {
                all.addAll(d.sources());
            }
        }
        this.sources = Set.copyOf(all);
    }

    public List<FieldExtractor> extractors() {
        return extractors;
    }

    public Optional<EventTypes> eventTypes(String source) {
        return Optional.ofNullable(eventTypes.get(source));
    }

    public Set<String> sources() {
        return sources;
    }

    /** All fields declared for {@code source}, in extractor order. */
    public List<FieldDescriptor> fields(String source) {
        List<FieldDescriptor> out = new ArrayList<>();
        for (FieldExtractor x : extractors) {
            for (FieldDescriptor d : x.fields()) {
                if (d.appliesTo(source)) {
                    out.add(d);
                }
            }
        }
        return out;
    }
}
