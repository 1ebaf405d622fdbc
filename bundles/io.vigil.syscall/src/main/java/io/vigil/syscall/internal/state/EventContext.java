package io.vigil.syscall.internal.state;

/**
 * What the state parser resolved for the event being processed: its thread and the fd it
 * used or created, taken before the event changed the state (so {@code close} still shows
 * the closed fd, and {@code procexit} the exiting thread). Extractors read it for the event
 * whose number it carries.
 */
public final class EventContext {
    /** The event number this context describes; -1 for none. */
    public long number = -1;
    public ThreadInfo thread;
    /** The fd number of the event ({@code fd.num}), or {@link Long#MIN_VALUE} if it has none. */
    public long fdNum = Long.MIN_VALUE;
    public FdInfo fd;
    /** True if the event renamed its fd (Falco's {@code fd.name_changed}). */
    public boolean nameChanged;
    /** A resolved absolute path for events that name a file but have no fd (failed opens). */
    public String path;
    public String pathRaw;

    void reset(long number, ThreadInfo thread) {
        this.number = number;
        this.thread = thread;
        this.fdNum = Long.MIN_VALUE;
        this.fd = null;
        this.nameChanged = false;
        this.path = null;
        this.pathRaw = null;
    }

    public boolean hasFd() {
        return fdNum != Long.MIN_VALUE;
    }
}
