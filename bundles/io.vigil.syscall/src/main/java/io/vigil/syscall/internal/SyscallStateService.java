package io.vigil.syscall.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.vigil.syscall.internal.state.StateUpdater;
import io.vigil.syscall.internal.state.SyscallState;
import io.vigil.syscall.internal.state.ThreadTable;

/**
 * Owns the one syscall state of the bundle, read from {@code /proc} when activated, shared
 * by the bundle's event parser and field extractor (a private service type).
 */
@Component(service = SyscallStateService.class, configurationPid = SyscallStateService.PID)
@Designate(ocd = SyscallStateService.Config.class)
public final class SyscallStateService {

    /** The configuration PID. */
    public static final String PID = "io.vigil.syscall";

    /** Sizes of the syscall state. */
    @ObjectClassDefinition(name = "Vigil syscall state", description = "Process and fd tables rebuilt from syscall events.")
    public @interface Config {
        @AttributeDefinition(description = "The most threads kept (Falco: thread_table_size).")
        int thread_table_size() default ThreadTable.DEFAULT_CAPACITY;
    }

    private final SyscallState state;
    private final StateUpdater updater;

    @Activate
    public SyscallStateService(Config config) {
        this(SyscallState.host(config.thread_table_size()));
    }

    SyscallStateService(SyscallState state) {
        this.state = state;
        this.updater = new StateUpdater(state);
    }

    public SyscallState state() {
        return state;
    }

    public StateUpdater updater() {
        return updater;
    }
}
