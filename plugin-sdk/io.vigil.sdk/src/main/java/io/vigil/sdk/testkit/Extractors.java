package io.vigil.sdk.testkit;

import java.util.ArrayList;
import java.util.List;

import io.vigil.sdk.Event;
import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.FieldReference;
import io.vigil.sdk.FieldValue;

/** Extracts fields from events the way the rule engine does, for tests. */
public final class Extractors {

    private Extractors() {
    }

    /**
     * Resolves {@code field} (as written in a rule, argument included) among the extractors'
     * fields for the event's source, binds it and extracts it from {@code event}.
     *
     * @return the value ({@code Long}, {@code String}, {@code byte[]} or a list), or null if
     *         the event has none (Falco's {@code <NA>})
     * @throws IllegalArgumentException if no extractor declares the field for that source
     */
    public static Object extract(Event event, String field, FieldExtractor... extractors) {
        return bind(event.source(), field, extractors).extract(event);
    }

    /** Binds {@code field} once, for extracting it from many events. */
    public static BoundField bind(String source, String field, FieldExtractor... extractors) {
        FieldReference best = null;
        FieldExtractor owner = null;
        for (FieldExtractor x : extractors) {
            List<io.vigil.sdk.FieldDescriptor> applicable = new ArrayList<>();
            for (io.vigil.sdk.FieldDescriptor d : x.fields()) {
                if (d.appliesTo(source)) {
                    applicable.add(d);
                }
            }
            FieldReference ref = FieldReference.resolve(applicable, field).orElse(null);
            if (ref != null && (best == null || ref.field().name().length() > best.field().name().length())) {
                best = ref;
                owner = x;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no extractor declares field '" + field
                    + "' for source '" + source + "'");
        }
        if (best.field().argRequired() && best.argument() == null) {
            throw new IllegalArgumentException("field '" + best.field().name() + "' requires an argument");
        }
        return new BoundField(best, owner.bind(best.field(), best.argument()));
    }

    /** A field bound to its accessor. */
    public static final class BoundField {
        private final FieldReference reference;
        private final FieldAccessor accessor;
        private final FieldValue value = new FieldValue();

        BoundField(FieldReference reference, FieldAccessor accessor) {
            this.reference = reference;
            this.accessor = accessor;
        }

        public FieldReference reference() {
            return reference;
        }

        /** The value for {@code event}, detached from the extractor's buffers, or null. */
        public Object extract(Event event) {
            value.clear();
            return accessor.extract(event, value) ? value.toObject() : null;
        }
    }
}
