package io.vigil.output.syslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.output.support.testing.Configs;
import io.vigil.output.support.testing.TestAlerts;
import io.vigil.output.support.testing.TestPki;
import io.vigil.sdk.Alert;
import io.vigil.sdk.AlertFormat;
import io.vigil.sdk.Priority;

/** The syslog channel against a real rsyslogd over its unix socket, UDP, TCP, TLS and mTLS. */
class SyslogOutputChannelTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static Rsyslog rsyslog;
    static final String PID = Long.toString(ProcessHandle.current().pid());

    @BeforeAll
    static void startRsyslog() throws Exception {
        pki = TestPki.get();
        rsyslog = new Rsyslog(dir, pki);
    }

    @AfterAll
    static void stopRsyslog() throws Exception {
        if (rsyslog != null) {
            rsyslog.close();
        }
    }

    private static SyslogOutputChannel channel(Object... keyValues) throws IOException {
        Map<String, Object> props = new HashMap<>();
        props.put("host", "127.0.0.1");
        props.put("time_format_iso_8601", "true");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new SyslogOutputChannel(Configs.of(SyslogOutputChannel.Config.class, props));
    }

    private static Alert alert(String marker, Priority p) {
        Alert a = TestAlerts.shell(1);
        return new Alert(a.time(), a.rule(), p, a.source(), a.tags(), a.hostname(), marker + " " + a.output(),
                a.outputFields());
    }

    private static String[] fields(String line) {
        return line.split("\\|", 9);
    }

    @Test
    void udpCarriesFacilitySeverityAndRfc5424Header() throws Exception {
        SyslogOutputChannel ch = channel("transport", "udp", "port", rsyslog.udpPort, "facility", "local3",
                "vigil.output.name", "siem-udp");
        assertEquals("siem-udp", ch.name());
        ch.deliver(alert("udp-1", Priority.NOTICE));
        ch.deliver(alert("udp-2", Priority.CRITICAL));
        ch.close();
        String[] n = fields(rsyslog.await("udp", "udp-1", 1).get(0));
        assertEquals(List.of("udp", Integer.toString(19 * 8 + 5), "local3", "notice", "vigil", PID, "host-a",
                "2026-12-01T02:20:21.123456Z"), List.of(n).subList(0, 8));
        assertEquals("2026-12-01T02:20:21.123456789+0000: Notice udp-1 A shell was spawned in a container "
                + "(n=1 proc.name=bash \"quoted\")", n[8].strip());
        String[] c = fields(rsyslog.await("udp", "udp-2", 1).get(0));
        assertEquals(Integer.toString(19 * 8 + 2), c[1]);
        assertEquals("crit", c[3]);
    }

    @Test
    void tcpUsesOctetCountingSoAMessageMayHoldALineBreak() throws Exception {
        SyslogOutputChannel ch = channel("transport", "tcp", "port", rsyslog.tcpPort, "json_output", "true");
        Alert a = alert("tcp-json", Priority.WARNING);
        ch.deliver(a);
        ch.deliver(new Alert(a.time(), a.rule(), Priority.ERROR, a.source(), a.tags(), a.hostname(),
                "tcp-multi first line\nsecond line", a.outputFields()));
        for (int i = 0; i < 20; i++) {
            ch.deliver(alert("tcp-burst-" + i + "-", Priority.INFORMATIONAL));
        }
        ch.close();
        String[] w = fields(rsyslog.await("tcp", "tcp-json", 1).get(0));
        assertEquals(List.of("tcp", "12", "user", "warning"), List.of(w).subList(0, 4));
        assertEquals(AlertFormat.json(a, true, true, true), w[8].strip());
        // With newline framing the second line would have become a message of its own.
        List<String> multi = rsyslog.await("tcp", "tcp-multi", 1);
        assertEquals(1, multi.size());
        assertTrue(multi.get(0).contains("second line"), multi.get(0));
        assertEquals(1, rsyslog.lines("tcp", "tcp-multi").size());
        assertEquals(20, rsyslog.await("tcp", "tcp-burst-", 20).size());
        assertEquals(0L, ch.stats().get("retries"));
    }

    @Test
    void tlsVerifiesTheServerCertificate() throws Exception {
        SyslogOutputChannel ok = channel("transport", "tls", "port", rsyslog.tlsPort, "ca_cert", pki.caPem.toString());
        ok.deliver(alert("tls-ok", Priority.ALERT));
        ok.close();
        String[] l = fields(rsyslog.await("tls", "tls-ok", 1).get(0));
        assertEquals(List.of("tls", "9", "user", "alert", "vigil"), List.of(l).subList(0, 5));

        SyslogOutputChannel wrongCa = channel("transport", "tls", "port", rsyslog.tlsPort, "ca_cert",
                pki.otherCaPem.toString(), "max_retries", "0");
        IOException e = assertThrows(IOException.class, () -> wrongCa.deliver(alert("tls-bad", Priority.ALERT)));
        assertTrue(e.getMessage().contains("127.0.0.1:" + rsyslog.tlsPort), e.getMessage());
        wrongCa.close();

        SyslogOutputChannel insecure = channel("transport", "tls", "port", rsyslog.tlsPort, "insecure", "true");
        insecure.deliver(alert("tls-insecure", Priority.ALERT));
        insecure.close();
        assertEquals(1, rsyslog.await("tls", "tls-insecure", 1).size());
        assertEquals(0, rsyslog.lines("tls", "tls-bad").size());
    }

    @Test
    void mutualTlsPresentsTheClientCertificate() throws Exception {
        SyslogOutputChannel anonymous = channel("transport", "tls", "port", rsyslog.mtlsPort, "ca_cert",
                pki.caPem.toString(), "max_retries", "0");
        try {
            anonymous.deliver(alert("mtls-anonymous", Priority.ERROR));
        } catch (IOException expected) {
            // TLS 1.3 may report the refusal only on a later write: either way it must not arrive
        }
        anonymous.close();
        SyslogOutputChannel ch = channel("transport", "tls", "port", rsyslog.mtlsPort, "ca_cert",
                pki.caPem.toString(), "client_cert", pki.clientCertPem.toString(), "client_key",
                pki.clientKeyPem.toString());
        ch.deliver(alert("mtls-ok", Priority.ERROR));
        ch.close();
        assertEquals(1, rsyslog.await("mtls", "mtls-ok", 1).size());
        assertEquals(0, rsyslog.lines("mtls", "mtls-anonymous").size());
    }

    @Test
    void localSocketGoesThroughTheDatagramSocket() throws Exception {
        SyslogOutputChannel ch = channel("transport", "local", "socket", rsyslog.socket.toString(), "facility",
                "daemon", "app_name", "falco");
        ch.deliver(alert("local-1", Priority.WARNING));
        ch.deliver(alert("local-2", Priority.DEBUG));
        ch.close();
        String[] l = fields(rsyslog.await("imuxsock", "local-1", 1).get(0));
        assertEquals(List.of("imuxsock", Integer.toString(3 * 8 + 4), "daemon", "warning", "falco", PID),
                List.of(l).subList(0, 6));
        assertTrue(l[8].strip().endsWith("Warning local-1 A shell was spawned in a container (n=1 proc.name=bash \"quoted\")"),
                l[8]);
        assertEquals("debug", fields(rsyslog.await("imuxsock", "local-2", 1).get(0))[3]);
        assertEquals(1L, ch.stats().get("process_starts"));
    }

    @Test
    void missingLocalSocketIsReported() throws Exception {
        SyslogOutputChannel ch = channel("transport", "local", "socket", dir.resolve("nosuch").toString());
        IOException e = assertThrows(IOException.class, () -> ch.deliver(alert("x", Priority.WARNING)));
        assertTrue(e.getMessage().contains("nosuch") && e.getMessage().contains("does not exist"), e.getMessage());
        ch.close();
    }

    @Test
    void unreachableTcpServerFailsAfterRetries() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SyslogOutputChannel ch = channel("transport", "tcp", "port", port, "max_retries", "2");
        IOException e = assertThrows(IOException.class, () -> ch.deliver(alert("x", Priority.WARNING)));
        assertTrue(e.getMessage().startsWith("syslog tcp 127.0.0.1:" + port), e.getMessage());
        assertEquals(2L, ch.stats().get("retries"));
        ch.close();
    }

    @Test
    void configurationErrorsNameTheAttribute() {
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> channel("facility", "locl0"));
        assertTrue(f.getMessage().startsWith("facility 'locl0' is not one of kern, user"), f.getMessage());
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> channel("transport", "smtp"));
        assertTrue(t.getMessage().contains("local, udp, tcp, tls"), t.getMessage());
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class,
                () -> channel("transport", "udp", "host", ""));
        assertTrue(h.getMessage().contains("needs host"), h.getMessage());
        assertEquals(16, SyslogFormat.facility("LOG_LOCAL0"));
    }
}
