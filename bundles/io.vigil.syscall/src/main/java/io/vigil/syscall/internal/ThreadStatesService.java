package io.vigil.syscall.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vigil.syscall.api.ThreadStates;
import io.vigil.syscall.api.ThreadView;
import io.vigil.syscall.internal.state.ThreadTable;

/** Publishes the syscall state's thread table, read-only, as {@link ThreadStates} for enriching bundles. */
@Component(service = ThreadStates.class)
public final class ThreadStatesService implements ThreadStates {

    private final ThreadTable threads;

    @Activate
    public ThreadStatesService(@Reference SyscallStateService state) {
        this.threads = state.state().threads();
    }

    @Override
    public ThreadView thread(int tid) {
        return threads.get(tid);
    }
}
