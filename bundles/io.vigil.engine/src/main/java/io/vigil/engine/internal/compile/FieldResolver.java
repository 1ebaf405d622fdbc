package io.vigil.engine.internal.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vigil.engine.api.FieldCatalog;
import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.FieldReference;

/** Finds and binds the fields of one source, longest declared name first. */
public final class FieldResolver {

    private final String source;
    private final List<FieldDescriptor> fields = new ArrayList<>();
    private final Map<FieldDescriptor, FieldExtractor> owners = new IdentityHashMap<>();
    private final Map<String, Optional<FieldReference>> cache = new HashMap<>();
    private final Map<String, io.vigil.engine.internal.eval.ValueSource> bound = new HashMap<>();
    private final io.vigil.engine.internal.eval.EvalClock clock;

    public FieldResolver(FieldCatalog catalog, String source, io.vigil.engine.internal.eval.EvalClock clock) {
        this.source = source;
        this.clock = clock;
        for (FieldExtractor x : catalog.extractors()) {
            for (FieldDescriptor d : x.fields()) {
                if (d.appliesTo(source) && !owners.containsKey(d)) {
                    fields.add(d);
                    owners.put(d, x);
                }
            }
        }
    }

    public String source() {
        return source;
    }

    /** Resolves a field as written ({@code proc.aname[2]}, {@code evt.arg.flags}); empty if unknown. */
    public Optional<FieldReference> resolve(String text) {
        return cache.computeIfAbsent(text, t -> FieldReference.resolve(fields, t));
    }

    /** Binds a resolved field; throws with a message naming the field if the argument is invalid. */
    public FieldAccessor bind(FieldReference ref) {
        if (ref.field().argRequired() && ref.argument() == null) {
            throw new IllegalArgumentException("field '" + ref.field().name() + "' requires an argument, e.g. "
                    + ref.field().name() + "[...]");
        }
        return owners.get(ref.field()).bind(ref.field(), ref.argument());
    }

    /**
     * The bound source of a field as written, shared by every rule of the compilation so that
     * each event's value is extracted once.
     */
    public io.vigil.engine.internal.eval.ValueSource boundSource(String text, FieldReference ref) {
        io.vigil.engine.internal.eval.ValueSource s = bound.get(text);
        if (s == null) {
            s = new io.vigil.engine.internal.eval.ValueSource.FieldSource(bind(ref), ref.field().type(),
                    ref.field().list(), text, clock);
            bound.put(text, s);
        }
        return s;
    }

    /** The declared name closest to {@code text}, for "did you mean" hints; null if none is close. */
    public String suggest(String text) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (FieldDescriptor d : fields) {
            int dist = distance(text, d.name());
            if (dist < bestD) {
                bestD = dist;
                best = d.name();
            }
        }
        return bestD <= Math.max(2, text.length() / 4) ? best : null;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }
}
