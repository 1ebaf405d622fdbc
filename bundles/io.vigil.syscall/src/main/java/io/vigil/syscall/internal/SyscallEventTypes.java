package io.vigil.syscall.internal;

import org.osgi.service.component.annotations.Component;

import io.vigil.sdk.EventTypes;
import io.vigil.syscall.api.SyscallEventTable;

/** Registers the syscall source's event table, so rules can be indexed by {@code evt.type}. */
@Component(service = EventTypes.class)
public final class SyscallEventTypes implements EventTypes {

    private final SyscallEventTable table = SyscallEventTable.get();

    @Override
    public String source() {
        return table.source();
    }

    @Override
    public int[] codes(String name) {
        return table.codes(name);
    }

    @Override
    public String name(int code) {
        return table.name(code);
    }

    @Override
    public int size() {
        return table.size();
    }
}
