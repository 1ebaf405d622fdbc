package io.vigil.sdk;

import java.util.Collection;
import java.util.Optional;

/**
 * A field as written in a rule, resolved against declared fields: {@code proc.aname[2]} is
 * field {@code proc.aname} with argument {@code 2}; {@code evt.arg.flags} is field
 * {@code evt.arg} with argument {@code flags} (the dotted form Falco accepts for fields that
 * take a key).
 *
 * @param field    the declared field
 * @param argument the argument, or null if none was written
 */
public record FieldReference(FieldDescriptor field, String argument) {

    /**
     * Finds the declared field that {@code text} names, preferring the longest name (so that
     * {@code proc.aname} wins over {@code proc.a...} prefixes and {@code evt.arg.name} resolves
     * to {@code evt.arg} with argument {@code name} only when no field {@code evt.arg.name}
     * exists).
     *
     * @return empty if no declared field matches, or the argument form does not fit the field
     */
    public static Optional<FieldReference> resolve(Collection<FieldDescriptor> fields, String text) {
        FieldDescriptor best = null;
        String bestArg = null;
        for (FieldDescriptor d : fields) {
            String n = d.name();
            if (!text.startsWith(n) || (best != null && best.name().length() >= n.length())) {
                continue;
            }
            String rest = text.substring(n.length());
            String arg;
            if (rest.isEmpty()) {
                arg = null;
            } else if (rest.charAt(0) == '[' && rest.endsWith("]") && d.arg() != FieldArg.NONE) {
                arg = rest.substring(1, rest.length() - 1);
            } else if (rest.charAt(0) == '.' && rest.length() > 1
                    && (d.arg() == FieldArg.KEY || d.arg() == FieldArg.INDEX_OR_KEY)) {
                arg = rest.substring(1);
            } else {
                continue;
            }
            best = d;
            bestArg = arg;
        }
        return best == null ? Optional.empty() : Optional.of(new FieldReference(best, bestArg));
    }

    /** The reference as written in rules. */
    @Override
    public String toString() {
        return argument == null ? field.name() : field.name() + "[" + argument + "]";
    }
}
