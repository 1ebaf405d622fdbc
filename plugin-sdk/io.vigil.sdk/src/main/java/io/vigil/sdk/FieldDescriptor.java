package io.vigil.sdk;

import java.util.Objects;
import java.util.Set;

/**
 * The declaration of one field, as shown by {@code vigil --list} and used by the rule compiler.
 *
 * @param name        the field name as written in rules, e.g. {@code proc.aname}
 * @param type        the value type
 * @param list        true if the field yields a list of values (compared with {@code in},
 *                    {@code intersects}, {@code exists}, ...)
 * @param arg         the kind of argument the field takes
 * @param argRequired true if the argument must be given ({@code proc.env} works with or
 *                    without one; {@code ka.uri.param} needs one)
 * @param description one sentence a rule author can act on
 * @param sources     the event sources the field applies to, e.g. {@code syscall}
 * @param group       the field class shown in listings, e.g. {@code process}, {@code fd}
 */
public record FieldDescriptor(String name, FieldType type, boolean list, FieldArg arg,
        boolean argRequired, String description, Set<String> sources, String group) {

    public FieldDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(arg, "arg");
        description = description == null ? "" : description;
        sources = Set.copyOf(sources);
        group = group == null ? "" : group;
        if (argRequired && arg == FieldArg.NONE) {
            throw new IllegalArgumentException(name + ": a required argument needs an argument kind");
        }
    }

    /** A scalar field without argument. */
    public static FieldDescriptor of(String name, FieldType type, String description, String source,
            String group) {
        return new FieldDescriptor(name, type, false, FieldArg.NONE, false, description,
                Set.of(source), group);
    }

    /** True if the field applies to events of {@code source}. */
    public boolean appliesTo(String source) {
        return sources.contains(source);
    }
}
