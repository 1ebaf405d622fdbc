package io.vigil.runtime.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Objects;

import io.vigil.runtime.internal.VigilSettings.OutputSettings;
import io.vigil.sdk.Alert;
import io.vigil.sdk.OutputChannel;
import io.vigil.sdk.Priority;

/**
 * Falco's {@code stdout_output} and {@code file_output} channels of a running Vigil, which a
 * changed configuration file can turn on, off or reformat ({@code json_output}, ...) while
 * alerts flow: the router keeps one channel per name, and only what it delivers through changes.
 */
final class LiveStandardChannels {

    private final RuntimeCore core;
    private final PrintStream stdout;
    private Slot out;
    private Slot file;
    private OutputSettings current;

    LiveStandardChannels(RuntimeCore core, PrintStream stdout) {
        this.core = core;
        this.stdout = stdout;
    }

    /** Makes the channels match {@code s}: called before the runtime starts, then on each change. */
    synchronized void apply(OutputSettings s) {
        if (s.equals(current)) {
            return;
        }
        current = s;
        out = update(out, s.stdout() ? StandardOutputChannel.stdout(s, stdout) : null);
        file = update(file, s.file() != null ? StandardOutputChannel.file(s) : null);
    }

    private Slot update(Slot slot, OutputChannel next) {
        if (next == null) {
            if (slot != null) {
                core.removeChannel(slot);
            }
            return null;
        }
        if (slot == null) {
            Slot added = new Slot(next);
            core.addChannel(added, Priority.DEBUG);
            return added;
        }
        slot.delegate = next;
        return slot;
    }

    /** One named channel for the router; what it delivers through can be replaced at any time. */
    private static final class Slot implements OutputChannel {

        private final String name;
        private volatile OutputChannel delegate;

        Slot(OutputChannel first) {
            this.name = first.name();
            this.delegate = Objects.requireNonNull(first);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void deliver(Alert alert) throws IOException {
            delegate.deliver(alert);
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }
    }
}
