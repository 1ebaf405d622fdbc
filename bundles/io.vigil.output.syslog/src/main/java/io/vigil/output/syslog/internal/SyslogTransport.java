package io.vigil.output.syslog.internal;

import java.io.Closeable;
import java.io.IOException;

import io.vigil.sdk.Priority;

/** One way of handing a syslog message to a syslog daemon. */
interface SyslogTransport extends Closeable {

    /**
     * Sends one message.
     *
     * @param pri      the syslog priority value (facility * 8 + severity)
     * @param time     the alert time, nanoseconds since the epoch
     * @param hostname the host the alert is about
     * @param message  the formatted alert
     * @param priority the alert priority (for transports that format themselves)
     */
    void send(int pri, long time, String hostname, String message, Priority priority) throws IOException;

    @Override
    void close();
}
