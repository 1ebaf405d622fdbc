package io.vigil.source.jsonkit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns one received or read JSON document into the events of a source. */
@FunctionalInterface
public interface DocumentSplitter {

    /**
     * Passes the events of {@code doc} to {@code out} (numbered 0: captures number them).
     *
     * @return the number of events, or -1 if the document is not one this source understands
     */
    int split(JsonNode doc, Consumer<JsonEvent> out);

    /** An RFC 3339 time in nanoseconds since the epoch, or {@code fallback} if absent or invalid. */
    static long nanos(JsonNode time, long fallback) {
        String s = Json.stringOrNull(time);
        if (s == null) {
            return fallback;
        }
        try {
            Instant t = Instant.parse(s);
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    /** Now, in nanoseconds since the epoch. */
    static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
