package io.vigil.output.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTP(S) server on 127.0.0.1 for channel tests: answers with a scripted sequence of
 * status codes (the last one repeats), or never answers, and records every request.
 */
final class TestHttpServer implements AutoCloseable {

    /** One request as the server received it (body decompressed if it was gzip). */
    record Received(String method, Headers headers, String body, String clientSubject, int clientPort,
            long arrivedNanos) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Integer> statuses;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<Integer, Map<String, String>> replyHeaders = new java.util.concurrent.ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch firstRequest = new CountDownLatch(1);
    private volatile boolean hang;

    private TestHttpServer(HttpServer server, List<Integer> statuses) {
        this.server = server;
        this.statuses = statuses;
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] raw = exchange.getRequestBody().readAllBytes();
                String body;
                if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                } else {
                    body = new String(raw, StandardCharsets.UTF_8);
                }
                String subject = null;
                if (exchange instanceof HttpsExchange https) {
                    SSLSession s = https.getSSLSession();
                    try {
                        subject = ((java.security.cert.X509Certificate) s.getPeerCertificates()[0])
                                .getSubjectX500Principal().getName();
                    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                        subject = null;
                    }
                }
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders(), body, subject,
                        exchange.getRemoteAddress().getPort(), System.nanoTime()));
                firstRequest.countDown();
                if (hang) {
                    release.await(30, TimeUnit.SECONDS);
                    return;
                }
                int i = Math.min(next.getAndIncrement(), statuses.size() - 1);
                byte[] reply = ("reply " + statuses.get(i)).getBytes(StandardCharsets.UTF_8);
                replyHeaders.getOrDefault(i, Map.of()).forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.sendResponseHeaders(statuses.get(i), reply.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    /** Plain HTTP answering {@code statuses} in turn. */
    static TestHttpServer http(Integer... statuses) throws IOException {
        return new TestHttpServer(HttpServer.create(loopback(), 0), List.of(statuses));
    }

    /** HTTPS with {@code tls}; {@code needClientAuth} demands a client certificate. */
    static TestHttpServer https(SSLContext tls, boolean needClientAuth, Integer... statuses) throws IOException {
        HttpsServer s = HttpsServer.create(loopback(), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(p);
            }
        });
        return new TestHttpServer(s, List.of(statuses));
    }

    /** A server that reads each request and never answers until closed. */
    static TestHttpServer hanging() throws IOException {
        TestHttpServer s = http(200);
        s.hang = true;
        return s;
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** Adds a header to reply number {@code index} (0 for the first). */
    TestHttpServer header(int index, String name, String value) {
        replyHeaders.computeIfAbsent(index, k -> new java.util.LinkedHashMap<>()).put(name, value);
        return this;
    }

    String url(String scheme) {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    String url() {
        return url(server instanceof HttpsServer ? "https" : "http");
    }

    List<Received> received() {
        return received;
    }

    boolean awaitFirstRequest() throws InterruptedException {
        return firstRequest.await(30, TimeUnit.SECONDS);
    }

    Map<String, List<String>> lastHeaders() {
        return received.get(received.size() - 1).headers();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
