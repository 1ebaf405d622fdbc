package io.vigil.engine.internal.eval;

import io.vigil.sdk.Event;

/**
 * A compiled condition node. {@link #test} is the hot path: no allocation, no boxing; a
 * comparison on a value the event does not have is false.
 */
public abstract class Filter {

    public abstract boolean test(Event e);

    /** Appends a JSON object describing this node's evaluation on {@code e}; returns the result. */
    public abstract boolean explain(Event e, StringBuilder json);

    /** The node as condition text. */
    public abstract String text();

    static void jsonString(StringBuilder sb, CharSequence s) {
        io.vigil.sdk.AlertFormat.quote(sb, s);
    }
}
