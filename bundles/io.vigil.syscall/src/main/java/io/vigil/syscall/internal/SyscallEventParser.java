package io.vigil.syscall.internal;

import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vigil.sdk.Event;
import io.vigil.sdk.EventParser;
import io.vigil.syscall.api.SyscallEvent;
import io.vigil.syscall.internal.state.StateUpdater;

/** Keeps the process, thread and fd tables current from the events of the syscall source. */
@Component(service = EventParser.class, property = "service.ranking:Integer=1000")
public final class SyscallEventParser implements EventParser {

    private final StateUpdater updater;

    @Activate
    public SyscallEventParser(@Reference SyscallStateService state) {
        this.updater = state.updater();
    }

    @Override
    public Set<String> sources() {
        return Set.of(SyscallEvent.SOURCE);
    }

    @Override
    public void parse(Event event) {
        if (event instanceof SyscallEvent e) {
            updater.update(e);
        }
    }
}
