package io.vigil.runtime.internal;

/** A configuration or command-line problem, with a message naming the file or key. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
