package io.vigil.bench.engine;

import io.vigil.sdk.Event;

/** A synthetic syscall event: field values in an array indexed by the field's slot. */
final class SynthEvent implements Event {

    final int type;
    final long number;
    final long time;
    final Object[] values;

    SynthEvent(int type, long number, long time, Object[] values) {
        this.type = type;
        this.number = number;
        this.time = time;
        this.values = values;
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
