package io.vigil.syscall.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.syscall.internal.fields.SyscallFields;

/** Falco's syscall field classes (evt, proc, thread, user, group, fd, fs.path) for rules. */
@Component(service = FieldExtractor.class, property = FieldExtractor.NAME_PROPERTY + "=" + SyscallFieldExtractor.NAME)
public final class SyscallFieldExtractor implements FieldExtractor {

    /** The extractor's name. */
    public static final String NAME = "syscall";

    private final SyscallFields fields;

    @Activate
    public SyscallFieldExtractor(@Reference SyscallStateService state) {
        this.fields = new SyscallFields(state.state());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FieldDescriptor> fields() {
        return SyscallFields.fields();
    }

    @Override
    public FieldAccessor bind(FieldDescriptor field, String argument) {
        return fields.bind(field, argument);
    }
}
