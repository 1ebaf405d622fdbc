package io.vigil.source.jsonkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldType;

/**
 * The fields of one extractor with the function that binds each: declaration and binding kept
 * side by side, so a field cannot be declared without an implementation.
 */
public final class FieldTable {

    /** Binds one field's argument (null if none) to an accessor, at rule compile time. */
    @FunctionalInterface
    public interface Binder {
        FieldAccessor bind(String argument);
    }

    private final String source;
    private final String group;
    private final List<FieldDescriptor> fields = new ArrayList<>();
    private final Map<String, Binder> binders = new HashMap<>();

    /**
     * @param source the source the fields apply to
     * @param group  the field class shown in listings
     */
    public FieldTable(String source, String group) {
        this.source = source;
        this.group = group;
    }

    public String source() {
        return source;
    }

    /** Declares a field of the table's group. */
    public FieldTable add(String name, FieldType type, boolean list, FieldArg arg, boolean argRequired,
            String description, Binder binder) {
        return add(new FieldDescriptor(name, type, list, arg, argRequired, description, Set.of(source), group),
                binder);
    }

    /** Declares a scalar field without argument. */
    public FieldTable add(String name, FieldType type, String description, Binder binder) {
        return add(name, type, false, FieldArg.NONE, false, description, binder);
    }

    /** Declares a field with its own descriptor. */
    public FieldTable add(FieldDescriptor d, Binder binder) {
        if (binders.putIfAbsent(d.name(), binder) != null) {
            throw new IllegalStateException("field declared twice: " + d.name());
        }
        fields.add(d);
        return this;
    }

    /** The declared fields, in declaration order. */
    public List<FieldDescriptor> fields() {
        return List.copyOf(fields);
    }

    /** Binds a declared field; rejects fields of other extractors. */
    public FieldAccessor bind(FieldDescriptor field, String argument) {
        Binder b = binders.get(field.name());
        if (b == null || !field.appliesTo(source)) {
            throw new IllegalArgumentException("field " + field.name() + " is not a " + source + " field");
        }
        if (field.argRequired() && (argument == null || argument.isEmpty())) {
            throw new IllegalArgumentException("field " + field.name() + " requires an argument, e.g. "
                    + field.name() + "[...]");
        }
        if (argument != null && field.arg() == FieldArg.NONE) {
            throw new IllegalArgumentException("field " + field.name() + " takes no argument, got [" + argument + "]");
        }
        return b.bind(argument);
    }

    /** Parses an index argument ({@code [2]}); null stays null (no index). */
    public static Integer index(String field, String argument) {
        if (argument == null) {
            return null;
        }
        try {
            int i = Integer.parseInt(argument.trim());
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " takes a non-negative index like " + field
                    + "[0], got [" + argument + "]");
        }
    }
}
