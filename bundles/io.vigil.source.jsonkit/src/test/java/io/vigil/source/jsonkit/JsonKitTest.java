package io.vigil.source.jsonkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The shared pieces of the document sources on their own. */
class JsonKitTest {

    @Test
    void indentsLikeGosJsonIndent() throws Exception {
        JsonNode n = Json.MAPPER.readTree("{\"a\":[1,{\"b\":\"x\\\"y\"}],\"e\":{},\"f\":[],\"g\":33.0,\"h\":null}");
        assertEquals("{\n  \"a\": [\n    1,\n    {\n      \"b\": \"x\\\"y\"\n    }\n  ],\n  \"e\": {},\n  \"f\": [],\n"
                + "  \"g\": 33.0,\n  \"h\": null\n}", Json.indent(n));
        assertEquals("{\"a\":[1,{\"b\":\"x\\\"y\"}],\"e\":{},\"f\":[],\"g\":33.0,\"h\":null}",
                new String(Json.compact(n), StandardCharsets.UTF_8), "decimals keep their form");
        assertEquals("x\"y", Json.text(n.at("/a/1/b")));
        assertEquals("[1,{\"b\":\"x\\\"y\"}]", Json.text(n.get("a")));
    }

    @Test
    void readsOneFieldOfAFormBody() {
        byte[] body = "hook_id=1&payload=%7B%22a%22%3A%22x+y%26z%22%7D&payload=second".getBytes(StandardCharsets.US_ASCII);
        assertEquals("{\"a\":\"x y&z\"}", new String(FormBody.field(body, "payload"), StandardCharsets.UTF_8));
        assertEquals("1", new String(FormBody.field(body, "hook_id"), StandardCharsets.UTF_8));
        assertNull(FormBody.field(body, "missing"));
        assertNull(FormBody.field("payload=%zz".getBytes(StandardCharsets.US_ASCII), "payload"), "bad escape");
        assertEquals("", new String(FormBody.field("payload".getBytes(StandardCharsets.US_ASCII), "payload"),
                StandardCharsets.UTF_8));
    }

    @Test
    void refusesDocumentsNestedDeeperThan500() {
        String deep = "[".repeat(600) + "]".repeat(600);
        assertThrows(IOException.class, () -> Json.MAPPER.readTree(deep));
    }

    @Test
    void parsesFalcoStyleOpenParameters() {
        assertEquals(new WebhookAddress("0.0.0.0", 9765, "/k8s-audit", false),
                WebhookAddress.parse("openParams", "http://:9765/k8s-audit", "/x"));
        assertEquals(new WebhookAddress("127.0.0.1", 443, "/x", true),
                WebhookAddress.parse("openParams", "https://127.0.0.1", "/x"));
        WebhookAddress file = WebhookAddress.parse("openParams", "/var/log/audit.log", "/x");
        assertFalse(file.webhook());
        assertEquals("/var/log/audit.log", file.path());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebhookAddress.parse("openParams", " ", "/x"));
        assertTrue(e.getMessage().startsWith("openParams is empty"), e.getMessage());
    }

    @Test
    void readsPlainGzipAndMultiDocumentFilesInPathOrder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("b/2.json"), "{\"n\":2}\n{\"n\":3}\n");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve("a.log")))) {
            o.write("[{\"n\":1}]".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve(".skip.json"), "{\"n\":0}");
        List<Path> files = DocumentFiles.list(dir, p -> true);
        assertEquals(List.of(dir.resolve("a.log"), dir.resolve("b/2.json")), files);
        List<String> docs = new ArrayList<>();
        for (Path f : files) {
            try (DocumentFiles.Reader r = new DocumentFiles.Reader(f)) {
                JsonNode d;
                while ((d = r.next()) != null) {
                    docs.add(d.toString());
                }
                assertNull(r.error());
            }
        }
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"), docs, "a top-level array yields its elements");
    }

    @Test
    void readsFalcosPemCertificateAndKeyFile(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "openssl is needed for this test: " + out);
        Path pem = dir.resolve("falco.pem");
        Files.writeString(pem, Files.readString(cert) + Files.readString(key));
        SSLContext ctx = Tls.serverContext(pem, "");
        assertNotNull(ctx.getServerSocketFactory());
        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, Files.readString(cert));
        IOException e = assertThrows(IOException.class, () -> Tls.serverContext(broken, ""));
        assertTrue(e.getMessage().contains("needs a CERTIFICATE and a PRIVATE KEY block"), e.getMessage());
    }
}
