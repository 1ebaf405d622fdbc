package io.vigil.output.syslog.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vigil.output.support.testing.TestPki;

/**
 * A real rsyslogd from Debian (packages rsyslog, rsyslog-gnutls) for tests: its own config in a
 * temporary directory, a unix socket there, UDP, TCP and TLS inputs on free 127.0.0.1 ports,
 * and every message written to one file as {@code input|pri|facility|severity|app|procid|host|time|msg}.
 */
final class Rsyslog implements AutoCloseable {

    final Path dir;
    final Path socket;
    final int udpPort;
    final int tcpPort;
    final int tlsPort;
    final int mtlsPort;
    private final Path out;
    private final Process process;

    Rsyslog(Path dir, TestPki pki) throws IOException, InterruptedException {
        this.dir = dir;
        this.socket = dir.resolve("log");
        this.out = dir.resolve("out.log");
        this.udpPort = freeUdpPort();
        this.tcpPort = freeTcpPort();
        this.tlsPort = freeTcpPort();
        this.mtlsPort = freeTcpPort();
        Files.writeString(dir.resolve("rsyslog.conf"), String.join("\n",
                "global(workDirectory=\"" + dir + "\" DefaultNetstreamDriverCAFile=\"" + pki.caPem
                        + "\" DefaultNetstreamDriverCertFile=\"" + pki.serverCertPem
                        + "\" DefaultNetstreamDriverKeyFile=\"" + pki.serverKeyPem + "\")",
                "module(load=\"imuxsock\" SysSock.Use=\"off\")",
                "module(load=\"imudp\")",
                "module(load=\"imtcp\")",
                "input(type=\"imuxsock\" Socket=\"" + socket + "\")",
                "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + udpPort + "\" name=\"udp\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tcpPort + "\" name=\"tcp\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tlsPort + "\" name=\"tls\""
                        + " StreamDriver.Name=\"gtls\" StreamDriver.Mode=\"1\" StreamDriver.AuthMode=\"anon\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + mtlsPort + "\" name=\"mtls\""
                        + " StreamDriver.Name=\"gtls\" StreamDriver.Mode=\"1\" StreamDriver.AuthMode=\"x509/name\""
                        + " PermittedPeer=[\"vigil-client\"])",
                "template(name=\"line\" type=\"string\" string=\"%inputname%|%pri%|%syslogfacility-text%|"
                        + "%syslogseverity-text%|%app-name%|%procid%|%hostname%|%timereported:::date-rfc3339%|%msg%\\n\")",
                "*.* action(type=\"omfile\" file=\"" + out + "\" template=\"line\")", ""));
        try {
            process = new ProcessBuilder("rsyslogd", "-n", "-f", dir.resolve("rsyslog.conf").toString(), "-i",
                    dir.resolve("rsyslogd.pid").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        } catch (IOException e) {
            throw new IOException("these tests need Debian's rsyslog and rsyslog-gnutls packages: " + e, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.exists(socket) && accepts(tcpPort) && accepts(tlsPort) && accepts(mtlsPort))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IOException("rsyslogd did not come up: " + Files.readString(dir.resolve("rsyslogd.out")));
            }
            Thread.sleep(50);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until rsyslog has written lines for {@code input} containing {@code marker}, and returns them. */
    List<String> await(String input, String marker, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<String> lines = lines(input, marker);
            if (lines.size() >= count || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(50);
        }
    }

    /** The lines received so far on {@code input} that contain {@code marker}. */
    List<String> lines(String input, String marker) throws IOException {
        if (!Files.exists(out)) {
            return List.of();
        }
        return Files.readAllLines(out).stream().filter(l -> l.startsWith(input + "|") && l.contains(marker)).toList();
    }

    /** rsyslogd's own messages (errors about TLS handshakes land here too). */
    String log() throws IOException {
        return Files.readString(dir.resolve("rsyslogd.out"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
