package io.vigil.output.syslog.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.vigil.sdk.Priority;

/** RFC 5424 over UDP (RFC 5426): one datagram per message, fire and forget. */
final class UdpTransport implements SyslogTransport {

    private final InetSocketAddress target;
    private final String appName;
    private final String procId;
    private DatagramSocket socket;

    UdpTransport(InetSocketAddress target, String appName, String procId) {
        this.target = target;
        this.appName = appName;
        this.procId = procId;
    }

    @Override
    public synchronized void send(int pri, long time, String hostname, String message, Priority priority)
            throws IOException {
        byte[] b = SyslogFormat.rfc5424(pri, time, hostname, appName, procId, message).getBytes(StandardCharsets.UTF_8);
        if (socket == null) {
            if (target.isUnresolved()) {
                throw new IOException("syslog host " + target.getHostString() + " cannot be resolved");
            }
            socket = new DatagramSocket();
        }
        socket.send(new DatagramPacket(b, b.length, target));
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
