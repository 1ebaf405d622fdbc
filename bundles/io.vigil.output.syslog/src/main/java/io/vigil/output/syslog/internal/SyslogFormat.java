package io.vigil.output.syslog.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.vigil.sdk.Priority;

/**
 * Syslog's numbers and RFC 5424's header: facility names, severity from Falco's priority (the
 * same eight levels in the same order), and {@code <PRI>1 TIMESTAMP HOST APP PROCID - - MSG}.
 */
final class SyslogFormat {

    /** Facility names in code order (kern = 0 ... local7 = 23), as syslog.h and rsyslog name them. */
    static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private SyslogFormat() {
    }

    /**
     * The facility code of a name ({@code user}, {@code local0}, also {@code LOG_USER}).
     *
     * @throws IllegalArgumentException listing the accepted names
     */
    static int facility(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("log_")) {
            n = n.substring(4);
        }
        int i = FACILITIES.indexOf(n);
        if (i < 0) {
            throw new IllegalArgumentException("facility '" + name + "' is not one of " + String.join(", ", FACILITIES));
        }
        return i;
    }

    /** Falco's priorities are syslog's severities: emergency 0 ... debug 7. */
    static int severity(Priority p) {
        return p.ordinal();
    }

    static int pri(int facility, Priority p) {
        return facility * 8 + severity(p);
    }

    /** An RFC 5424 message without framing. */
    static String rfc5424(int pri, long timeNanos, String hostname, String appName, String procId, String msg) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(timeNanos, 1_000_000_000L),
                Math.floorMod(timeNanos, 1_000_000_000L));
        return "<" + pri + ">1 " + MICROS.format(t) + " " + field(hostname, 255) + " " + field(appName, 48) + " "
                + field(procId, 128) + " - - " + msg;
    }

    /** A header field: printable US-ASCII without spaces, or {@code -} when empty. */
    private static String field(String s, int max) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            sb.append(c > 32 && c < 127 ? c : '_');
        }
        return sb.toString();
    }
}
