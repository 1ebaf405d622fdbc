package io.vigil.syscall.internal;

import java.util.BitSet;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vigil.sdk.Event;
import io.vigil.sdk.EventParser;
import io.vigil.syscall.api.EventInfo;
import io.vigil.syscall.api.SyscallEvent;
import io.vigil.syscall.api.SyscallEventTable;
import io.vigil.syscall.internal.state.StateUpdater;

/** Keeps the process, thread and fd tables current from the events of the syscall source. */
@Component(service = EventParser.class, property = "service.ranking:Integer=1000")
public final class SyscallEventParser implements EventParser {

    private final StateUpdater updater;
    private final BitSet stateTypes;

    @Activate
    public SyscallEventParser(@Reference SyscallStateService state) {
        this.updater = state.updater();
        this.stateTypes = stateTypes(SyscallEventTable.get());
    }

    /** The codes of the table's event types that the state needs. */
    static BitSet stateTypes(SyscallEventTable table) {
        Set<String> names = StateUpdater.stateEventNames();
        BitSet set = new BitSet(table.size());
        for (EventInfo info : table.all()) {
            if (names.contains(info.name())) {
                set.set(info.code());
            }
        }
        return set;
    }

    @Override
    public Set<String> sources() {
        return Set.of(SyscallEvent.SOURCE);
    }

    @Override
    public BitSet eventTypes(String source) {
        return SyscallEvent.SOURCE.equals(source) ? (BitSet) stateTypes.clone() : new BitSet();
    }

    @Override
    public void parse(Event event) {
        if (event instanceof SyscallEvent e) {
            updater.update(e);
        }
    }
}
