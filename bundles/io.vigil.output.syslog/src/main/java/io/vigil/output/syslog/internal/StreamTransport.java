package io.vigil.output.syslog.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.vigil.sdk.Priority;

/**
 * RFC 5424 over TCP (RFC 6587) or TLS (RFC 5425) with octet-counting framing
 * ({@code LENGTH SP MESSAGE}). Connects on first use, reconnects after an error; a write that
 * the server does not take within the write timeout closes the connection.
 */
final class StreamTransport implements SyslogTransport {

    private final InetSocketAddress target;
    private final SSLContext tls;
    private final boolean verifyHostname;
    private final int connectTimeoutMillis;
    private final long writeTimeoutMillis;
    private final int maxRetries;
    private final String appName;
    private final String procId;
    private final ScheduledExecutorService watchdog;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private boolean everConnected;
    private Socket socket;
    private OutputStream out;

    StreamTransport(InetSocketAddress target, SSLContext tls, boolean verifyHostname, int connectTimeoutMillis,
            long writeTimeoutMillis, int maxRetries, String appName, String procId, String channelName) {
        this.target = target;
        this.tls = tls;
        this.verifyHostname = verifyHostname;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.writeTimeoutMillis = writeTimeoutMillis;
        this.maxRetries = maxRetries;
        this.appName = appName;
        this.procId = procId;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-syslog-watchdog-" + channelName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized void send(int pri, long time, String hostname, String message, Priority priority)
            throws IOException {
        byte[] msg = SyslogFormat.rfc5424(pri, time, hostname, appName, procId, message)
                .getBytes(StandardCharsets.UTF_8);
        byte[] len = (msg.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[len.length + msg.length];
        System.arraycopy(len, 0, frame, 0, len.length);
        System.arraycopy(msg, 0, frame, len.length, msg.length);
        IOException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                retries.incrementAndGet();
            }
            try {
                if (socket == null) {
                    if (everConnected) {
                        reconnects.incrementAndGet();
                    }
                    connect();
                    everConnected = true;
                }
                write(frame);
                return;
            } catch (IOException e) {
                last = e;
                disconnect();
            }
        }
        throw new IOException("syslog " + (tls != null ? "tls" : "tcp") + " " + target.getHostString() + ":"
                + target.getPort() + ": " + last.getMessage(), last);
    }

    private void connect() throws IOException {
        if (target.isUnresolved()) {
            throw new IOException("host cannot be resolved");
        }
        Socket s = new Socket();
        try {
            s.connect(target, connectTimeoutMillis);
            s.setKeepAlive(true);
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, target.getHostString(),
                        target.getPort(), true);
                SSLParameters p = ssl.getSSLParameters();
                if (verifyHostname) {
                    p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                }
                ssl.setSSLParameters(p);
                ssl.setSoTimeout(connectTimeoutMillis);
                ssl.startHandshake();
                ssl.setSoTimeout(0);
                s = ssl;
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        out = s.getOutputStream();
    }

    private void write(byte[] frame) throws IOException {
        Socket s = socket;
        ScheduledFuture<?> guard = watchdog.schedule(() -> {
            try {
                s.close(); // unblocks a write the server does not take
            } catch (IOException e) {
                // closing anyway
            }
        }, writeTimeoutMillis, TimeUnit.MILLISECONDS);
        try {
            out.write(frame);
            out.flush();
        } finally {
            guard.cancel(false);
        }
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // already broken
            }
        }
        socket = null;
        out = null;
    }

    /** Sends tried again on a fresh connection after an error. */
    long retries() {
        return retries.get();
    }

    /** Connections made again after an error. */
    long reconnects() {
        return reconnects.get();
    }

    @Override
    public synchronized void close() {
        disconnect();
        watchdog.shutdownNow();
    }
}
