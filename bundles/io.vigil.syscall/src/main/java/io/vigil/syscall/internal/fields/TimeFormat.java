package io.vigil.syscall.internal.fields;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Writes event timestamps the way Falco prints {@code evt.time}, {@code evt.datetime} and
 * {@code evt.time.iso8601}, into a reused buffer. The local-time offset is looked up once
 * per hour of event time, so formatting does not allocate.
 */
public final class TimeFormat {

    private final ZoneId zone;
    private long offsetHour = Long.MIN_VALUE;
    private int offsetSeconds;

    public TimeFormat(ZoneId zone) {
        this.zone = zone;
    }

    private int offset(long epochSecond) {
        long hour = Math.floorDiv(epochSecond, 3600);
        if (hour != offsetHour) {
            offsetSeconds = zone.getRules().getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
            offsetHour = hour;
        }
        return offsetSeconds;
    }

    /** {@code [YYYY-MM-DD ]hh:mm:ss[.nnnnnnnnn]} in local time. */
    public void local(StringBuilder sb, long nanos, boolean date, boolean withNanos) {
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        long ns = Math.floorMod(nanos, 1_000_000_000L);
        long local = sec + offset(sec);
        write(sb, local, ns, date, withNanos, ' ');
    }

    /** {@code YYYY-MM-DDThh:mm:ss.nnnnnnnnn+0000}: UTC, as Falco's ISO 8601 form. */
    public void iso8601(StringBuilder sb, long nanos) {
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        long ns = Math.floorMod(nanos, 1_000_000_000L);
        write(sb, sec, ns, true, true, 'T');
        sb.append("+0000");
    }

    private static void write(StringBuilder sb, long sec, long ns, boolean date, boolean withNanos, char sep) {
        long days = Math.floorDiv(sec, 86400);
        long secOfDay = Math.floorMod(sec, 86400);
        if (date) {
            // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
            long z = days + 719468;
            long era = Math.floorDiv(z, 146097);
            long doe = z - era * 146097;
            long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            long y = yoe + era * 400;
            long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            long mp = (5 * doy + 2) / 153;
            long d = doy - (153 * mp + 2) / 5 + 1;
            long m = mp < 10 ? mp + 3 : mp - 9;
            if (m <= 2) {
                y++;
            }
            pad(sb, y, 4).append('-');
            pad(sb, m, 2).append('-');
            pad(sb, d, 2).append(sep);
        }
        pad(sb, secOfDay / 3600, 2).append(':');
        pad(sb, (secOfDay % 3600) / 60, 2).append(':');
        pad(sb, secOfDay % 60, 2);
        if (withNanos) {
            sb.append('.');
            pad(sb, ns, 9);
        }
    }

    private static StringBuilder pad(StringBuilder sb, long v, int width) {
        long limit = 1;
        for (int i = 1; i < width; i++) {
            limit *= 10;
        }
        while (limit > 1 && v < limit) {
            sb.append('0');
            limit /= 10;
        }
        return sb.append(v);
    }
}
