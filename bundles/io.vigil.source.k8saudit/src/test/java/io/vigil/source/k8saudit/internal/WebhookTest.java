package io.vigil.source.k8saudit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.testkit.Extractors;
import io.vigil.source.jsonkit.JsonEvent;
import io.vigil.source.jsonkit.WebhookCapture;

/** The audit webhook on 127.0.0.1, driven by a real HTTP client. */
class WebhookTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private WebhookCapture capture;

    @AfterEach
    void close() {
        if (capture != null) {
            capture.close();
        }
    }

    private WebhookCapture open(String... params) throws IOException {
        Map<String, String> m = new HashMap<>();
        m.put("openParams", "http://127.0.0.1:0/k8s-audit");
        for (int i = 0; i < params.length; i += 2) {
            m.put(params[i], params[i + 1]);
        }
        EventCapture c = new K8sAuditSource().open(m);
        capture = (WebhookCapture) c;
        return capture;
    }

    private HttpResponse<String> post(byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + capture.port() + "/k8s-audit"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] sample(String name) throws IOException {
        return Files.readAllBytes(Samples.k8s(name));
    }

    /** Polls until {@code n} events arrived (the request returned, so they are queued already). */
    private List<JsonEvent> take(int n) throws Exception {
        List<JsonEvent> out = new ArrayList<>();
        for (int i = 0; i < 50 && out.size() < n; i++) {
            capture.poll(e -> out.add((JsonEvent) e), 100);
        }
        return out;
    }

    @Test
    void acceptsOneEvent() throws Exception {
        open();
        HttpResponse<String> r = post(sample("create_nginx_pod_privileged.json"));
        assertEquals(200, r.statusCode(), r.body());
        List<JsonEvent> events = take(1);
        assertEquals(1, events.size());
        assertEquals("k8s_audit", events.get(0).source());
        assertEquals(1L, events.get(0).number());
        assertEquals(List.of("true"), Extractors.extract(events.get(0), "ka.req.pod.containers.privileged",
                Samples.FIELDS));
        assertEquals(0, capture.poll(e -> { }, 10), "nothing more");
        assertEquals(1L, capture.stats().get("events"));
    }

    @Test
    void acceptsAnEventListAsItsEvents() throws Exception {
        open();
        String list = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":["
                + new String(sample("create_secret.json")).trim() + ","
                + new String(sample("exec_pod.json")).trim() + ","
                + new String(sample("attach_cluster_admin_role.json")).trim() + "]}";
        assertEquals(200, post(list.getBytes()).statusCode());
        List<JsonEvent> events = take(3);
        assertEquals(List.of("create_secret", "exec", "cluster-admin"), List.of(
                Extractors.extract(events.get(0), "ka.verb", Samples.FIELDS) + "_"
                        + Extractors.extract(events.get(0), "ka.target.resource", Samples.FIELDS).toString()
                                .replace("secrets", "secret"),
                Extractors.extract(events.get(1), "ka.target.subresource", Samples.FIELDS),
                Extractors.extract(events.get(2), "ka.req.binding.role", Samples.FIELDS)));
        assertEquals(List.of(1L, 2L, 3L), events.stream().map(JsonEvent::number).toList());
    }

    @Test
    void rejectsBodiesOver12MiBWith413() throws Exception {
        open();
        byte[] big = new byte[12 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '[';
        big[big.length - 1] = ']';
        HttpResponse<String> r = post(big);
        assertEquals(413, r.statusCode(), r.body());
        assertEquals(1L, capture.stats().get("http_413_too_large"));
        byte[] atLimit = new byte[12 * 1024 * 1024];
        java.util.Arrays.fill(atLimit, (byte) ' ');
        atLimit[0] = '[';
        atLimit[atLimit.length - 1] = ']';
        assertEquals(200, post(atLimit).statusCode(), "exactly 12 MiB is accepted");
    }

    @Test
    void rejectsMalformedJsonWith400AndCountsIt() throws Exception {
        open();
        HttpResponse<String> r = post("{\"kind\":\"Event\",".getBytes());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().startsWith("malformed JSON at line 1"), r.body());
        assertEquals(400, post(sample("create_configmap_sensitive_values.json")).statusCode(),
                "JSON lines are not one document");
        assertEquals(2L, capture.stats().get("malformed_requests"));
        assertEquals(400, post(sample("fal_01_003.json")).statusCode(), "valid JSON, but no audit event");
        assertEquals(1L, capture.stats().get("unrecognized_requests"));
        assertEquals(0, capture.poll(e -> { }, 10));
    }

    @Test
    void dropsAndCountsSingleEventsOverMaxEventSize() throws Exception {
        open("maxEventSize", "1000");
        String list = "[" + new String(sample("create_nginx_pod_privileged.json")).trim() + ","
                + new String(sample("delete_secret.json")).trim() + "]";
        HttpResponse<String> r = post(list.getBytes());
        assertEquals(200, r.statusCode());
        assertEquals(1, take(1).size());
        assertEquals(1L, capture.stats().get("dropped_oversize"));
    }

    @Test
    void requiresTheBearerTokenWhenOneIsSet() throws Exception {
        open("webhookToken", "s3cret");
        assertEquals(401, post(sample("create_secret.json")).statusCode());
        assertEquals(401, post(sample("create_secret.json"), "Authorization", "Bearer wrong").statusCode());
        assertEquals(200, post(sample("create_secret.json"), "Authorization", "Bearer s3cret").statusCode());
        assertEquals(2L, capture.stats().get("http_401_unauthorized"));
        assertEquals(1, take(1).size());
    }

    @Test
    void rejectsOtherMethodsTypesAndPaths() throws Exception {
        open();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + capture.port() + "/k8s-audit")).build();
        assertEquals(405, client.send(get, HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpRequest text = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + capture.port() + "/k8s-audit"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertEquals(415, client.send(text, HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpRequest other = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + capture.port() + "/k8s-audit2"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertEquals(404, client.send(other, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aFullQueueRejectsWith503InsteadOfBlocking() throws Exception {
        open("queueCapacity", "2");
        String three = "[" + new String(sample("create_secret.json")).trim() + ","
                + new String(sample("delete_secret.json")).trim() + ","
                + new String(sample("exec_pod.json")).trim() + "]";
        assertEquals(503, post(three.getBytes()).statusCode());
        assertEquals(3L, capture.stats().get("dropped_queue_full"));
        assertEquals(200, post(sample("create_secret.json")).statusCode(), "what fits is still accepted");
        assertEquals(1, take(1).size());
    }

    @Test
    void servesHttpsWithAKeyStore(@TempDir Path dir) throws Exception {
        Path ks = dir.resolve("webhook.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "webhook", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        Map<String, String> m = Map.of("openParams", "https://127.0.0.1:0/k8s-audit", "sslCertificate", ks.toString(),
                "sslPassword", "changeit");
        capture = (WebhookCapture) new K8sAuditSource().open(m);
        KeyStore trust = KeyStore.getInstance(ks.toFile(), "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        HttpClient tls = HttpClient.newBuilder().sslContext(ctx).build();
        HttpRequest r = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + capture.port() + "/k8s-audit"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sample("create_secret.json"))).build();
        assertEquals(200, tls.send(r, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(1, take(1).size());
    }
}
