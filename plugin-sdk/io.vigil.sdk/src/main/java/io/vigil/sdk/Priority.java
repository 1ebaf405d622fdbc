package io.vigil.sdk;

import java.util.Locale;

/**
 * Falco's eight alert priorities, from the most to the least severe.
 *
 * <p>{@link #parse(String)} accepts the names used in Falco rule files and configuration
 * ({@code WARNING}, {@code Warning}, {@code info}, {@code informational}, ...).
 */
public enum Priority {
    EMERGENCY("Emergency"),
    ALERT("Alert"),
    CRITICAL("Critical"),
    ERROR("Error"),
    WARNING("Warning"),
    NOTICE("Notice"),
    INFORMATIONAL("Informational"),
    DEBUG("Debug");

    private final String displayName;

    Priority(String displayName) {
        this.displayName = displayName;
    }

    /** The name Falco prints in alerts: {@code Warning}, {@code Informational}, ... */
    public String displayName() {
        return displayName;
    }

    /** True if this priority is at least as severe as {@code threshold}. */
    public boolean isAtLeast(Priority threshold) {
        return ordinal() <= threshold.ordinal();
    }

    /**
     * Parses a priority name as Falco does: case-insensitive, {@code info} is an alias of
     * {@code informational}.
     *
     * @throws IllegalArgumentException naming the accepted values if {@code name} is not one
     */
    public static Priority parse(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.equals("info")) {
                return INFORMATIONAL;
            }
            for (Priority p : values()) {
                if (p.name().toLowerCase(Locale.ROOT).equals(n)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown priority '" + name
                + "': expected one of emergency, alert, critical, error, warning, notice, "
                + "informational (or info), debug");
    }
}
