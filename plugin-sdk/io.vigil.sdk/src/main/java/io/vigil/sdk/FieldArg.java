package io.vigil.sdk;

/**
 * What argument, written in brackets after a field name, a field takes:
 * {@code proc.aname[2]} takes an index, {@code proc.env[HOME]} and {@code ka.uri.param[x]} a key.
 */
public enum FieldArg {
    /** The field takes no argument. */
    NONE,
    /** A non-negative integer index, e.g. {@code proc.aname[2]}. */
    INDEX,
    /** A free-form key, e.g. {@code proc.env[HOME]}. */
    KEY,
    /** Either an index or a key, e.g. {@code evt.arg[0]} and {@code evt.arg.name}. */
    INDEX_OR_KEY
}
