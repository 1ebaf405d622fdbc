package io.vigil.source.jsonkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An HTTP(S) endpoint that accepts JSON documents POSTed to one path, on the JDK's built-in
 * server with its own small thread pool: request limits (body size, bearer token, content
 * type) are enforced here, the body goes to a {@link Handler} that must not block.
 */
public final class WebhookServer implements AutoCloseable {

    /**
     * What to answer a request.
     *
     * @param status      the HTTP status
     * @param message     the body
     * @param contentType the body's media type
     */
    public record Response(int status, String message, String contentType) {

        /** A plain-text answer. */
        public Response(int status, String message) {
            this(status, message, "text/plain; charset=utf-8");
        }
    }

    /** Takes a request body within the limits; called on the server's threads, must not block. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param body    the request body
         * @param headers the request headers, by case-insensitive name (first value), null if absent
         */
        Response handle(byte[] body, java.util.function.UnaryOperator<String> headers);
    }

    /**
     * @param bind         the address to listen on ({@code 0.0.0.0} for all)
     * @param port         the port, 0 for any free port
     * @param path         the endpoint path, e.g. {@code /k8s-audit}
     * @param token        the bearer token clients must send, or null/empty for none
     * @param tls          the TLS context for HTTPS, or null for plain HTTP
     * @param maxBodyBytes larger request bodies get 413
     * @param threads      request threads
     * @param onGet        answers GET requests (a provider's endpoint verification), or null to refuse them
     * @param formField    the form field that carries the JSON document in an
     *                     {@code application/x-www-form-urlencoded} body (GitHub's {@code payload}), or null
     *                     to accept JSON bodies only
     */
    public record Settings(String bind, int port, String path, String token, SSLContext tls, long maxBodyBytes,
            int threads, Handler onGet, String formField) {

        /** Settings for an endpoint that takes JSON bodies only. */
        public Settings(String bind, int port, String path, String token, SSLContext tls, long maxBodyBytes,
                int threads, Handler onGet) {
            this(bind, port, path, token, tls, maxBodyBytes, threads, onGet, null);
        }

        /** Settings for an endpoint that takes POST only. */
        public Settings(String bind, int port, String path, String token, SSLContext tls, long maxBodyBytes,
                int threads) {
            this(bind, port, path, token, tls, maxBodyBytes, threads, null);
        }
    }

    /** Bodies over the limit are read and discarded up to this many bytes so the client sees the 413. */
    private static final long DRAIN_LIMIT = 64L << 20;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Settings settings;
    private final byte[] expectedAuth;
    private final Handler handler;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong badRequests = new AtomicLong();

    private WebhookServer(Settings settings, Handler handler) throws IOException {
        this.settings = settings;
        this.handler = handler;
        this.expectedAuth = settings.token() == null || settings.token().isEmpty() ? null
                : ("Bearer " + settings.token()).getBytes(StandardCharsets.UTF_8);
        InetSocketAddress address = new InetSocketAddress(settings.bind(), settings.port());
        if (settings.tls() != null) {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(settings.tls()));
            server = https;
        } else {
            server = HttpServer.create(address, 64);
        }
        executor = Executors.newFixedThreadPool(Math.max(1, settings.threads()), r -> {
            Thread t = new Thread(r, "vigil-webhook-" + settings.path());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(settings.path(), this::serve);
    }

    /**
     * Binds and starts the server.
     *
     * @throws IOException naming the address if it cannot listen there (port in use, ...)
     */
    public static WebhookServer start(Settings settings, Handler handler) throws IOException {
        WebhookServer s;
        try {
            s = new WebhookServer(settings, handler);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + settings.bind() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        s.server.start();
        return s;
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Request counters by name. */
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("http_requests", requests.get());
        m.put("http_413_too_large", tooLarge.get());
        m.put("http_401_unauthorized", unauthorized.get());
        m.put("http_4xx_bad_request", badRequests.get());
        return m;
    }

    private void serve(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        try (x) {
            if (!x.getRequestURI().getPath().equals(settings.path())) {
                reply(x, 404, "no such endpoint; POST to " + settings.path(), badRequests);
                return;
            }
            if (expectedAuth != null) {
                String auth = x.getRequestHeaders().getFirst("Authorization");
                if (auth == null || !MessageDigest.isEqual(expectedAuth, auth.getBytes(StandardCharsets.UTF_8))) {
                    reply(x, 401, "missing or wrong bearer token", unauthorized);
                    return;
                }
            }
            if ("GET".equals(x.getRequestMethod()) && settings.onGet() != null) {
                Response r = settings.onGet().handle(new byte[0], name -> x.getRequestHeaders().getFirst(name));
                reply(x, r, r.status() >= 400 ? badRequests : null);
                return;
            }
            if (!"POST".equals(x.getRequestMethod())) {
                x.getResponseHeaders().set("Allow", "POST");
                reply(x, 405, x.getRequestMethod() + " method not allowed; POST JSON to " + settings.path(), badRequests);
                return;
            }
            String type = x.getRequestHeaders().getFirst("Content-Type");
            boolean json = type != null && type.contains("application/json");
            boolean form = type != null && settings.formField() != null
                    && type.contains("application/x-www-form-urlencoded");
            if (!json && !form) {
                reply(x, 415, "Content-Type must be application/json"
                        + (settings.formField() == null ? "" : " or application/x-www-form-urlencoded") + ", got " + type,
                        badRequests);
                return;
            }
            byte[] body = readBody(x);
            if (body == null) {
                reply(x, 413, "request body larger than " + settings.maxBodyBytes() + " bytes", tooLarge);
                return;
            }
            Response r = handler.handle(body, name -> x.getRequestHeaders().getFirst(name));
            reply(x, r, r.status() >= 400 && r.status() < 500 ? badRequests : null);
        }
    }

    /** The body, or null if it is over the limit (then it was drained). */
    private byte[] readBody(HttpExchange x) throws IOException {
        long max = settings.maxBodyBytes();
        InputStream in = x.getRequestBody();
        String declared = x.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
        }
        if (length > max) {
            drain(in, length);
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length > 0 ? (int) length : 8192);
        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) {
                drain(in, DRAIN_LIMIT);
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static void drain(InputStream in, long limit) throws IOException {
        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while (total < Math.min(limit, DRAIN_LIMIT) && (n = in.read(buf)) > 0) {
            total += n;
        }
    }

    private static void reply(HttpExchange x, int status, String message, AtomicLong counter) throws IOException {
        reply(x, new Response(status, message + "\n"), counter);
    }

    private static void reply(HttpExchange x, Response r, AtomicLong counter) throws IOException {
        if (counter != null) {
            counter.incrementAndGet();
        }
        int status = r.status();
        byte[] b = r.message().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", r.contentType());
        x.sendResponseHeaders(status, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
