package io.vigil.bench.engine;

import io.vigil.sdk.Event;

/**
 * A synthetic syscall event, laid out like a real one: a small array of the event's own values
 * ({@code evt.*}, {@code fd.*}, {@code fs.*}) and a reference to its process's state, which
 * many events share (as a thread table would).
 */
final class SynthEvent implements Event {

    final int type;
    final long number;
    final long time;
    final Object[] own;
    final Object[] process;

    SynthEvent(int type, long number, long time, Object[] own, Object[] process) {
        this.type = type;
        this.number = number;
        this.time = time;
        this.own = own;
        this.process = process;
    }

    @Override
    public String source() {
        return "syscall";
    }

    @Override
    public int type() {
        return type;
    }

    @Override
    public long timestamp() {
        return time;
    }

    @Override
    public long number() {
        return number;
    }
}
