package io.vigil.example.heartbeat;

import io.vigil.sdk.Event;

/**
 * One heartbeat: the n-th tick of a capture.
 *
 * @param number    the tick number, from 1
 * @param timestamp nanoseconds since the epoch
 * @param message   the configured message
 */
public record HeartbeatEvent(long number, long timestamp, String message) implements Event {

    /** The source name rules use: {@code source: heartbeat}. */
    public static final String SOURCE = "heartbeat";

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public int type() {
        return 0;
    }
}
