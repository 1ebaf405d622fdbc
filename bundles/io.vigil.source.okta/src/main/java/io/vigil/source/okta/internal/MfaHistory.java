package io.vigil.source.okta.internal;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.source.jsonkit.Json;

/**
 * The times of an actor's recent MFA failures or denied pushes, as of one event: what
 * {@code okta.mfa.*.countlast[N]} counts. Kept per actor and kind for a limited time and
 * number, as the okta plugin's cache (600 s, 200 entries).
 *
 * @param kind  which MFA event the current one is
 * @param times the event times in nanoseconds, this event's included
 */
record MfaHistory(Kind kind, long[] times) {

    /** The two kinds of MFA events counted. */
    enum Kind { FAILURE, DENY }

    /** How many of the times are after {@code oldest}. */
    long countSince(long oldest) {
        long n = 0;
        for (long t : times) {
            if (t > oldest) {
                n++;
            }
        }
        return n;
    }

    /** Remembers MFA events in the order they are read, and gives each its history. */
    static final class Tracker {
        private final long ttlNanos;
        private final int maxPerActor;
        private final Map<String, ArrayDeque<Long>> byActor = new HashMap<>();

        Tracker(long ttlSeconds, int maxPerActor) {
            this.ttlNanos = ttlSeconds * 1_000_000_000L;
            this.maxPerActor = maxPerActor;
        }

        /** The history for {@code event} at {@code time}, or null if it is no MFA failure or denial. */
        MfaHistory record(JsonNode event, long time) {
            String type = Json.stringOrNull(event.get("eventType"));
            Kind kind;
            if ("user.mfa.okta_verify.deny_push".equals(type)) {
                kind = Kind.DENY;
            } else if ("user.authentication.auth_via_mfa".equals(type)
                    && "FAILURE".equals(Json.stringOrNull(Json.path(event, "outcome", "result")))) {
                kind = Kind.FAILURE;
            } else {
                return null;
            }
            String key = kind + ":" + Json.stringOrNull(Json.path(event, "actor", "id"));
            ArrayDeque<Long> times = byActor.computeIfAbsent(key, k -> new ArrayDeque<>());
            while (!times.isEmpty() && times.peekFirst() <= time - ttlNanos) {
                times.pollFirst();
            }
            if (!times.contains(time)) {
                times.addLast(time);
            }
            while (times.size() > maxPerActor) {
                times.pollFirst();
            }
            long[] copy = times.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(copy);
            return new MfaHistory(kind, copy);
        }
    }
}
