package io.vigil.output.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.output.support.testing.Configs;
import io.vigil.output.support.testing.TestAlerts;
import io.vigil.output.support.testing.TestPki;

/** The HTTP channel against real HTTP(S) servers on 127.0.0.1. */
class HttpOutputChannelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpOutputChannel channel(String url, Object... keyValues) throws IOException {
        Map<String, Object> props = new HashMap<>();
        props.put("url", url);
        props.put("retry_backoff_ms", "20");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new HttpOutputChannel(Configs.of(HttpOutputChannel.Config.class, props));
    }

    @Test
    void postsFalcosJsonAlertFieldByField() throws Exception {
        try (TestHttpServer server = TestHttpServer.http(200)) {
            HttpOutputChannel ch = channel(server.url(), "vigil.output.name", "siem",
                    "custom_headers", new String[] {"Authorization: Bearer t0ken", "X-Env: test"},
                    "user_agent", "vigil-test/1");
            assertEquals("siem", ch.name());
            ch.deliver(TestAlerts.shell(7));

            assertEquals(1, server.received().size());
            TestHttpServer.Received r = server.received().get(0);
            assertEquals("POST", r.method());
            assertEquals("application/json", r.header("Content-Type"));
            assertEquals("vigil-test/1", r.header("User-Agent"));
            assertEquals("Bearer t0ken", r.header("Authorization"));
            assertEquals("test", r.header("X-Env"));
            UUID.fromString(r.header("Idempotency-Key"));

            JsonNode j = JSON.readTree(r.body());
            assertEquals(new TreeSet<>(List.of("hostname", "output", "output_fields", "priority", "rule", "source",
                    "tags", "time")), names(j));
            assertEquals("host-a", j.get("hostname").asText());
            assertEquals("A shell was spawned in a container (n=7 proc.name=bash \"quoted\")", j.get("output").asText());
            assertEquals("Notice", j.get("priority").asText());
            assertEquals("Terminal shell in container", j.get("rule").asText());
            assertEquals("syscall", j.get("source").asText());
            assertEquals("[\"container\",\"mitre_execution\",\"shell\"]", j.get("tags").toString());
            assertEquals("2026-12-01T02:20:21.123456789Z", j.get("time").asText());
            JsonNode f = j.get("output_fields");
            assertEquals(Set.of("container.id", "evt.time", "proc.name", "proc.pid"), names(f));
            assertTrue(f.get("container.id").isNull());
            assertEquals(TestAlerts.TIME, f.get("evt.time").asLong());
            assertTrue(f.get("proc.pid").isIntegralNumber());
            assertEquals(4249, f.get("proc.pid").asLong());
            assertEquals("bash", f.get("proc.name").asText());
            assertEquals(0L, ((io.vigil.sdk.OutputChannel) ch).stats().get("retries"), "read through the SDK");
        }
    }

    @Test
    void honoursJsonIncludeSwitchesExtraFieldsAndCompression() throws Exception {
        try (TestHttpServer server = TestHttpServer.http(204)) {
            HttpOutputChannel ch = channel(server.url(), "json_include_output_property", "false",
                    "json_include_tags_property", "false", "extra_fields", new String[] {"cluster=prod-eu"},
                    "compress_uploads", "true");
            ch.deliver(TestAlerts.shell(1));
            TestHttpServer.Received r = server.received().get(0);
            assertEquals("gzip", r.header("Content-Encoding"));
            JsonNode j = JSON.readTree(r.body());
            assertEquals(Set.of("hostname", "output_fields", "priority", "rule", "source", "time"), names(j));
            assertEquals("prod-eu", j.get("output_fields").get("cluster").asText());
        }
    }

    @Test
    void keepAliveReusesTheConnectionAndItsAbsenceDoesNot() throws Exception {
        try (TestHttpServer server = TestHttpServer.http(200)) {
            HttpOutputChannel kept = channel(server.url());
            kept.deliver(TestAlerts.shell(1));
            kept.deliver(TestAlerts.shell(2));
            assertEquals(server.received().get(0).clientPort(), server.received().get(1).clientPort());
            HttpOutputChannel fresh = channel(server.url(), "keep_alive", "false");
            fresh.deliver(TestAlerts.shell(3));
            fresh.deliver(TestAlerts.shell(4));
            assertFalse(server.received().get(2).clientPort() == server.received().get(3).clientPort());
        }
    }

    @Test
    void textOutputPostsFalcosTextLine() throws Exception {
        try (TestHttpServer server = TestHttpServer.http(200)) {
            channel(server.url(), "json_output", "false", "time_format_iso_8601", "true").deliver(TestAlerts.shell(2));
            TestHttpServer.Received r = server.received().get(0);
            assertTrue(r.header("Content-Type").startsWith("text/plain"));
            assertEquals("2026-12-01T02:20:21.123456789+0000: Notice A shell was spawned in a container "
                    + "(n=2 proc.name=bash \"quoted\")", r.body());
        }
    }

    @Test
    void retriesServerErrorsUnderOneIdempotencyKeyAndDeliversOnce() throws Exception {
        try (TestHttpServer server = TestHttpServer.http(503, 503, 200)) {
            HttpOutputChannel ch = channel(server.url());
            ch.deliver(TestAlerts.shell(3));
            assertEquals(3, server.received().size());
            String key = server.received().get(0).header("Idempotency-Key");
            for (TestHttpServer.Received r : server.received()) {
                assertEquals(key, r.header("Idempotency-Key"));
                assertEquals(server.received().get(0).body(), r.body());
            }
            assertEquals(2L, ch.stats().get("retries"));
            assertEquals(2L, ch.stats().get("http_5xx"));
            assertEquals(0L, ch.stats().get("retry_after_waits"), "no Retry-After: backoff");

            ch.deliver(TestAlerts.shell(4)); // the next alert has its own key
            assertFalse(key.equals(server.received().get(3).header("Idempotency-Key")));
        }
    }

    @Test
    void honoursRetryAfterOn503AndStillDeliversOnceUnderOneKey() throws Exception {
        try (TestHttpServer server = TestHttpServer.http(503, 200).header(0, "Retry-After", "1")) {
            HttpOutputChannel ch = channel(server.url()); // its own backoff would wait 20 ms
            ch.deliver(TestAlerts.shell(5));
            assertEquals(2, server.received().size());
            TestHttpServer.Received first = server.received().get(0);
            TestHttpServer.Received second = server.received().get(1);
            assertEquals(first.header("Idempotency-Key"), second.header("Idempotency-Key"));
            assertEquals(first.body(), second.body());
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(second.arrivedNanos() - first.arrivedNanos());
            assertTrue(waitedMillis >= 1000, "Retry-After: 1 asks for a second, the channel waited " + waitedMillis
                    + " ms");
            assertEquals(1L, ch.stats().get("retries"));
            assertEquals(1L, ch.stats().get("retry_after_waits"));
            assertEquals(1L, ch.stats().get("http_5xx"));
        }
    }

    @Test
    void retriesTooManyRequestsAndBoundsTheWaitItAsksFor() throws Exception {
        try (TestHttpServer server = TestHttpServer.http(429, 429, 200).header(0, "Retry-After", "3600")) {
            HttpOutputChannel ch = channel(server.url(), "retry_after_max_ms", "150");
            ch.deliver(TestAlerts.shell(6)); // an hour asked for, 150 ms waited: delivery goes on
            assertEquals(3, server.received().size());
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(server.received().get(1).arrivedNanos()
                    - server.received().get(0).arrivedNanos());
            assertTrue(waitedMillis >= 150, "waited " + waitedMillis + " ms");
            assertEquals(1, server.received().stream().map(r -> r.header("Idempotency-Key")).distinct().count());
            // The second 429 had no Retry-After: the channel's own backoff applied.
            assertEquals(2L, ch.stats().get("retries"));
            assertEquals(1L, ch.stats().get("retry_after_waits"));
            assertEquals(2L, ch.stats().get("http_429"));
            assertEquals(0L, ch.stats().get("http_4xx"));
        }
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        long now = java.time.ZonedDateTime.parse("Tue, 01 Dec 2026 05:00:00 GMT",
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        assertEquals(120_000, HttpOutputChannel.retryAfterMillis("120", now));
        assertEquals(0, HttpOutputChannel.retryAfterMillis("0", now));
        assertEquals(30_000, HttpOutputChannel.retryAfterMillis("Tue, 01 Dec 2026 05:00:30 GMT", now));
        assertEquals(0, HttpOutputChannel.retryAfterMillis("Tue, 01 Dec 2026 04:59:00 GMT", now), "a past date: now");
        assertEquals(-1, HttpOutputChannel.retryAfterMillis(null, now));
        assertEquals(-1, HttpOutputChannel.retryAfterMillis("soon", now));
        assertEquals(-1, HttpOutputChannel.retryAfterMillis("-5", now));
        assertTrue(HttpOutputChannel.retryAfterMillis("99999999999999999999", now) > 1_000_000_000L);
    }

    @Test
    void givesUpOnPersistentServerErrorsAfterMaxRetries() throws Exception {
        try (TestHttpServer server = TestHttpServer.http(500)) {
            HttpOutputChannel ch = channel(server.url(), "max_retries", "2");
            IOException e = assertThrows(IOException.class, () -> ch.deliver(TestAlerts.shell(1)));
            assertTrue(e.getMessage().contains("gave up after 3 attempts") && e.getMessage().contains("HTTP 500"),
                    e.getMessage());
            assertEquals(3, server.received().size());
            assertEquals(2L, ch.stats().get("retries"));
        }
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        try (TestHttpServer server = TestHttpServer.http(400)) {
            HttpOutputChannel ch = channel(server.url());
            IOException e = assertThrows(IOException.class, () -> ch.deliver(TestAlerts.shell(1)));
            assertTrue(e.getMessage().contains("HTTP 400") && e.getMessage().contains("reply 400"), e.getMessage());
            assertEquals(1, server.received().size());
            assertEquals(0L, ch.stats().get("retries"));
            assertEquals(1L, ch.stats().get("http_4xx"));
        }
    }

    @Test
    void connectionRefusedIsRetriedThenReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpOutputChannel ch = channel("http://127.0.0.1:" + port + "/x", "max_retries", "2");
        IOException e = assertThrows(IOException.class, () -> ch.deliver(TestAlerts.shell(1)));
        assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
        assertEquals(2L, ch.stats().get("retries"));
        assertEquals(3L, ch.stats().get("connection_errors"));
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithoutAffectingAnotherChannel() throws Exception {
        try (TestHttpServer silent = TestHttpServer.hanging(); TestHttpServer ok = TestHttpServer.http(200)) {
            HttpOutputChannel stuck = channel(silent.url(), "request_timeout_ms", "1500", "max_retries", "1");
            HttpOutputChannel healthy = channel(ok.url());
            CompletableFuture<Throwable> stuckResult = CompletableFuture.supplyAsync(() -> {
                try {
                    stuck.deliver(TestAlerts.shell(1));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertTrue(silent.awaitFirstRequest());
            for (int i = 0; i < 5; i++) { // while the other channel waits for its reply
                healthy.deliver(TestAlerts.shell(i));
            }
            assertEquals(5, ok.received().size());
            assertFalse(stuckResult.isDone(), "the silent server's request should still be waiting");
            Throwable t = stuckResult.get(30, TimeUnit.SECONDS);
            assertTrue(t instanceof IOException && t.getMessage().contains("no reply within 1500 ms"), String.valueOf(t));
            assertEquals(2L, stuck.stats().get("timeouts"));
            assertEquals(1L, stuck.stats().get("retries"));
        }
    }

    @Test
    void httpsVerifiesTheServerAgainstTheConfiguredCa() throws Exception {
        TestPki pki = TestPki.get();
        try (TestHttpServer server = TestHttpServer.https(pki.serverContext(), false, 200)) {
            channel(server.url(), "ca_cert", pki.caPem.toString()).deliver(TestAlerts.shell(1));
            channel(server.url(), "ca_bundle", pki.caPem.toString()).deliver(TestAlerts.shell(2));
            java.nio.file.Path caDir = java.nio.file.Files.createTempDirectory("vigil-ca");
            java.nio.file.Files.copy(pki.caPem, caDir.resolve("vigil-ca.pem"));
            channel(server.url(), "ca_path", caDir.toString()).deliver(TestAlerts.shell(3));
            assertEquals(3, server.received().size());
            assertNull(server.received().get(0).clientSubject());

            // The JVM's own trust store does not know the test CA, and an unrelated CA is not enough.
            HttpOutputChannel defaultTrust = channel(server.url(), "max_retries", "0");
            IOException e = assertThrows(IOException.class, () -> defaultTrust.deliver(TestAlerts.shell(4)));
            assertTrue(e.getMessage().toLowerCase().contains("certif") || e.getMessage().contains("PKIX"), e.getMessage());
            HttpOutputChannel wrongCa = channel(server.url(), "max_retries", "0", "ca_cert", pki.otherCaPem.toString());
            assertThrows(IOException.class, () -> wrongCa.deliver(TestAlerts.shell(5)));
            assertEquals(3, server.received().size());

            channel(server.url(), "insecure", "true").deliver(TestAlerts.shell(6));
            assertEquals(4, server.received().size());
        }
    }

    @Test
    void httpsChecksTheHostName() throws Exception {
        TestPki pki = TestPki.get();
        // The unrelated CA's own certificate names no host: trusted as a CA, but not for 127.0.0.1.
        try (TestHttpServer server = TestHttpServer.https(pki.untrustedServerContext(), false, 200)) {
            HttpOutputChannel ch = channel(server.url(), "max_retries", "0", "ca_cert", pki.otherCaPem.toString());
            IOException e = assertThrows(IOException.class, () -> ch.deliver(TestAlerts.shell(1)));
            assertTrue(e.getMessage().contains("127.0.0.1") || e.getMessage().toLowerCase().contains("subject alternative"),
                    e.getMessage());
            assertEquals(0, server.received().size());
        }
    }

    @Test
    void mutualTlsPresentsTheClientCertificate() throws Exception {
        TestPki pki = TestPki.get();
        try (TestHttpServer server = TestHttpServer.https(pki.serverContext(), true, 200)) {
            channel(server.url(), "ca_cert", pki.caPem.toString(), "mtls", "true",
                    "client_cert", pki.clientCertPem.toString(), "client_key", pki.clientKeyPem.toString())
                    .deliver(TestAlerts.shell(1));
            assertEquals(1, server.received().size());
            assertEquals("CN=vigil-client", server.received().get(0).clientSubject());

            HttpOutputChannel noCert = channel(server.url(), "ca_cert", pki.caPem.toString(), "max_retries", "0");
            assertThrows(IOException.class, () -> noCert.deliver(TestAlerts.shell(2)));
            assertEquals(1, server.received().size());
        }
    }

    @Test
    void configurationErrorsNameTheAttribute() {
        IllegalArgumentException noUrl = assertThrows(IllegalArgumentException.class,
                () -> new HttpOutputChannel(Configs.of(HttpOutputChannel.Config.class, Map.of("url", "ftp://x/"))));
        assertTrue(noUrl.getMessage().startsWith("url 'ftp://x/'"), noUrl.getMessage());
        IllegalArgumentException mtls = assertThrows(IllegalArgumentException.class,
                () -> channel("https://127.0.0.1:1/", "mtls", "true"));
        assertTrue(mtls.getMessage().contains("client_cert"), mtls.getMessage());
        IllegalArgumentException header = assertThrows(IllegalArgumentException.class,
                () -> channel("http://127.0.0.1:1/", "custom_headers", new String[] {"NoColon"}));
        assertTrue(header.getMessage().contains("custom_headers: entry 'NoColon'"), header.getMessage());
        IOException missingCa = assertThrows(IOException.class,
                () -> channel("https://127.0.0.1:1/", "ca_cert", "/nonexistent/ca.pem"));
        assertTrue(missingCa.getMessage().contains("/nonexistent/ca.pem"), missingCa.getMessage());
    }

    private static Set<String> names(JsonNode n) {
        Set<String> s = new TreeSet<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            s.add(it.next());
        }
        return s;
    }
}
