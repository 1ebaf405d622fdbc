package io.vigil.syscall.api;

import io.vigil.sdk.Event;

/**
 * A syscall event as parsers and extractors read it. Sources usually hand out one reused
 * cursor over their buffer: the accessors read in place and do not allocate, except the
 * ones documented to return a new object. Each event is the completion of a syscall (or a
 * scheduler event: fork, exec, exit) with all its parameters and the return value.
 *
 * <p>{@link #type()} is an {@link EventInfo#code()}; parameters are addressed by index in
 * {@link EventInfo#params()}.
 */
public interface SyscallEvent extends Event {

    /** The source name of syscall events. */
    String SOURCE = "syscall";

    @Override
    default String source() {
        return SOURCE;
    }

    /** The event type's description. */
    EventInfo info();

    /** The host thread id of the thread that made the call. */
    int tid();

    /** The host process id (thread-group id). */
    int pid();

    /** The CPU the event was captured on. */
    int cpu();

    /** The syscall return value (negative errno on failure), 0 for non-syscall events. */
    long result();

    /** The number of parameters present (a truncated record has fewer than its type declares). */
    int paramCount();

    /** True if parameter {@code i} is absent or empty. */
    boolean isParamEmpty(int i);

    /** Parameter {@code i} as a number (numeric parameter types). */
    long paramLong(int i);

    /** The byte length of parameter {@code i}. */
    int paramLength(int i);

    /** Copies up to {@code dst.length} bytes of parameter {@code i}; returns the count copied. */
    int copyParam(int i, byte[] dst);

    /** Parameter {@code i} decoded as UTF-8 text, a new string (STRING and PATH types). */
    String paramString(int i);

    /** Parameter {@code i} as a list of strings (CHARBUF_ARRAY), a new list. */
    java.util.List<String> paramStrings(int i);
}
