package io.vigil.container.internal;

import java.util.BitSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vigil.sdk.Event;
import io.vigil.sdk.EventParser;
import io.vigil.sdk.EventSink;
import io.vigil.syscall.api.EventInfo;
import io.vigil.syscall.api.SyscallEvent;
import io.vigil.syscall.api.SyscallEventTable;

/**
 * Looks up the container of every new process (clone, fork, execve), after the syscall state
 * recorded its cgroups, so a new container's metadata fetch starts with its first process,
 * usually well before a rule needs it, and announces new containers with Falco's
 * {@code container} event. Runs after the syscall parser (lower ranking).
 */
@Component(service = EventParser.class, property = "service.ranking:Integer=500")
public final class ContainerEventParser implements EventParser {

    private static final List<String> PROCESS_EVENTS = List.of("clone", "clone3", "fork", "vfork", "execve", "execveat");

    private final ContainerResolver resolver;
    private final ContainerAnnouncer announcer;
    private final BitSet types;

    @Activate
    public ContainerEventParser(@Reference ContainerStateService state) {
        this.resolver = state.resolver();
        this.announcer = state.announcer();
        this.types = processTypes(SyscallEventTable.get());
    }

    static BitSet processTypes(SyscallEventTable table) {
        BitSet set = new BitSet(table.size());
        for (EventInfo info : table.all()) {
            if (PROCESS_EVENTS.contains(info.name())) {
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
        return SyscallEvent.SOURCE.equals(source) ? (BitSet) types.clone() : new BitSet();
    }

    @Override
    public void parse(Event event) {
        if (event instanceof SyscallEvent e && types.get(e.type())) {
            resolver.container(e);
        }
    }

    /**
     * Also emits Falco's {@code container} event for each new container whose metadata has
     * settled (see {@link ContainerAnnouncer}); it follows the event during which that happened.
     */
    @Override
    public void parse(Event event, EventSink emit) {
        if (event instanceof SyscallEvent e && e.type() != SyscallEventTable.CONTAINER) {
            parse(event);
            announcer.emitSettled(e.timestamp(), e.number(), emit);
        }
    }
}
