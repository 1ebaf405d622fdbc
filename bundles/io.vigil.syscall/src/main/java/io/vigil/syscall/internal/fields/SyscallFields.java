package io.vigil.syscall.internal.fields;

import java.util.ArrayList;
import java.util.List;

import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.syscall.internal.state.SyscallState;

/**
 * Falco's syscall field classes ({@code evt proc thread user group fd fs.path}) over a
 * {@link SyscallState}: the declarations and the binding of one field to an accessor.
 */
public final class SyscallFields {

    private static final List<FieldDescriptor> FIELDS;

    static {
        List<FieldDescriptor> d = new ArrayList<>();
        EventFields.declare(d);
        ProcessFields.declare(d);
        UserFields.declare(d);
        FdFields.declare(d);
        FsPathFields.declare(d);
        FIELDS = List.copyOf(d);
    }

    private final EventFields events;
    private final ProcessFields processes;
    private final UserFields users;
    private final FdFields fds;
    private final FsPathFields paths;

    public SyscallFields(SyscallState state) {
        EventView view = new EventView(state);
        events = new EventFields(view);
        processes = new ProcessFields(view);
        users = new UserFields(view);
        fds = new FdFields(view, new LocalAddresses());
        paths = new FsPathFields(view);
    }

    /** Every declared field, in listing order. */
    public static List<FieldDescriptor> fields() {
        return FIELDS;
    }

    /**
     * Binds {@code field} with its argument.
     *
     * @throws IllegalArgumentException if the field is not a syscall field or the argument
     *                                  does not fit it
     */
    public FieldAccessor bind(FieldDescriptor field, String argument) {
        String name = field.name();
        if (field.argRequired() && (argument == null || argument.isEmpty())) {
            throw new IllegalArgumentException(name + " needs an argument, e.g. " + name + ".NAME or " + name + "[0]");
        }
        if (argument != null && field.arg() == io.vigil.sdk.FieldArg.NONE) {
            throw new IllegalArgumentException(name + " takes no argument, but got [" + argument + "]");
        }
        Decl.Getter g;
        if (name.startsWith("evt.") || name.equals("syscall.type")) {
            g = events.bind(name, argument);
        } else if (name.startsWith("proc.") || name.startsWith("thread.")) {
            g = processes.bind(name, argument);
        } else if (name.startsWith("user.") || name.startsWith("group.")) {
            g = users.bind(name);
        } else if (name.startsWith("fd.")) {
            g = fds.bind(name, argument);
        } else if (name.startsWith("fs.path.")) {
            g = paths.bind(name);
        } else {
            g = null;
        }
        if (g == null) {
            throw new IllegalArgumentException("'" + name + "' is not a syscall field");
        }
        return Decl.wrap(g);
    }
}
