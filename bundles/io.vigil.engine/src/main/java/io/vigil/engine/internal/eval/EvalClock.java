package io.vigil.engine.internal.eval;

/**
 * Counts evaluated events, so that a field extracted once for an event is reused by every rule
 * that reads it. Shared by the field sources of one compilation; advanced by the ruleset before
 * each event (evaluation is single-threaded).
 */
public final class EvalClock {

    long generation;

    /** Starts a new event: values cached for the previous one are stale from now on. */
    public void tick() {
        generation++;
    }
}
