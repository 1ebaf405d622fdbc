package io.vigil.syscall.internal.fields;

import java.util.List;
import java.util.Set;

import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.FieldValue;
import io.vigil.syscall.api.SyscallEvent;

/** Helpers to declare syscall fields and to turn typed getters into accessors. */
final class Decl {

    static final Set<String> SOURCES = Set.of(SyscallEvent.SOURCE);

    /** Extracts one field from a syscall event. */
    @FunctionalInterface
    interface Getter {
        boolean get(SyscallEvent e, FieldValue out);
    }

    private Decl() {
    }

    static FieldAccessor wrap(Getter g) {
        return (event, out) -> event instanceof SyscallEvent e && g.get(e, out);
    }

    static void add(List<FieldDescriptor> out, String group, String name, FieldType type, String description) {
        out.add(new FieldDescriptor(name, type, false, FieldArg.NONE, false, description, SOURCES, group));
    }

    static void add(List<FieldDescriptor> out, String group, String name, FieldType type, FieldArg arg,
            boolean required, boolean list, String description) {
        out.add(new FieldDescriptor(name, type, list, arg, required, description, SOURCES, group));
    }

    /** Parses an index argument, with a message a rule author can act on. */
    static int index(String field, String arg) {
        if (arg == null) {
            return -1;
        }
        try {
            int i = Integer.parseInt(arg.trim());
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + "[" + arg + "]: the argument must be a non-negative"
                    + " integer index, e.g. " + field + "[1]");
        }
    }

    static boolean text(FieldValue out, CharSequence s) {
        if (s == null) {
            return false;
        }
        out.setText(s);
        return true;
    }
}
