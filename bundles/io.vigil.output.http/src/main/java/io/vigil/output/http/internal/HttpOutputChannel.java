package io.vigil.output.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.vigil.output.support.AlertFormatter;
import io.vigil.output.support.Backoff;
import io.vigil.output.support.TlsSettings;
import io.vigil.sdk.Alert;
import io.vigil.sdk.OutputChannel;

/**
 * Falco's {@code http_output}: POSTs each alert to a URL, retrying connection errors, 5xx and
 * 429 replies with exponential backoff (or after the reply's {@code Retry-After}, bounded)
 * under one idempotency key, so a receiver that honours the key stores each alert once; other
 * 4xx replies are not retried.
 */
@Component(service = OutputChannel.class, configurationPid = HttpOutputChannel.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = HttpOutputChannel.Config.class, factory = true)
public final class HttpOutputChannel implements OutputChannel {

    /** The factory PID: one configuration per HTTP endpoint. */
    public static final String PID = "io.vigil.output.http";

    /** One HTTP(S) endpoint; attribute names are Falco's {@code http_output} keys where it has one. */
    @ObjectClassDefinition(name = "Vigil HTTP output", description = "POSTs alerts to a URL (Falco's http_output)")
    public @interface Config {
        @AttributeDefinition(description = "Channel name shown by vigil:outputs")
        String vigil_output_name() default "http";

        @AttributeDefinition(description = "Least severe priority sent, e.g. warning")
        String vigil_output_priority() default "debug";

        @AttributeDefinition(description = "The URL alerts are POSTed to (http:// or https://)")
        String url();

        @AttributeDefinition(description = "User-Agent header")
        String user__agent() default "vigil";

        @AttributeDefinition(description = "Skip server certificate and host name verification")
        boolean insecure() default false;

        @AttributeDefinition(description = "PEM file of the CA certificate(s) to trust; empty: the JVM's trust store")
        String ca__cert() default "";

        @AttributeDefinition(description = "PEM bundle of CA certificates to trust")
        String ca__bundle() default "";

        @AttributeDefinition(description = "Directory of PEM CA certificates (*.pem, *.crt) to trust")
        String ca__path() default "";

        @AttributeDefinition(description = "Present a client certificate (mutual TLS)")
        boolean mtls() default false;

        @AttributeDefinition(description = "PEM client certificate chain, with mtls")
        String client__cert() default "";

        @AttributeDefinition(description = "PEM private key of the client certificate (PKCS#8, PKCS#1 or SEC1, unencrypted)")
        String client__key() default "";

        @AttributeDefinition(description = "Print each server reply body to standard output")
        boolean echo() default false;

        @AttributeDefinition(description = "Send bodies gzip-compressed (Content-Encoding: gzip)")
        boolean compress__uploads() default false;

        @AttributeDefinition(description = "Reuse connections between alerts")
        boolean keep__alive() default true;

        @AttributeDefinition(description = "Extra request headers, each 'Name: value'")
        String[] custom__headers() default {};

        @AttributeDefinition(description = "Send Falco's JSON alert (else Falco's text line)")
        boolean json__output() default true;

        boolean json__include__output__property() default true;

        boolean json__include__tags__property() default true;

        boolean json__include__output__fields__property() default true;

        @AttributeDefinition(description = "Text lines: ISO 8601 UTC time instead of local clock time")
        boolean time__format__iso__8601() default false;

        @AttributeDefinition(description = "Static fields added to every alert, each 'name=value'")
        String[] extra__fields() default {};

        @AttributeDefinition(description = "TCP/TLS connect timeout in milliseconds")
        long connect__timeout__ms() default 5000;

        @AttributeDefinition(description = "Timeout for one request, until the reply headers, in milliseconds")
        long request__timeout__ms() default 10000;

        @AttributeDefinition(description = "Retries after a connection error, timeout or 5xx reply")
        int max__retries() default 3;

        @AttributeDefinition(description = "Wait before the first retry in milliseconds, doubled each retry")
        long retry__backoff__ms() default 200;

        @AttributeDefinition(description = "Longest wait between retries in milliseconds")
        long retry__backoff__max__ms() default 5000;

        @AttributeDefinition(description = "Longest wait a 503 or 429 reply's Retry-After header may ask for, in"
                + " milliseconds; a longer request waits this long")
        long retry__after__max__ms() default 10000;

        @AttributeDefinition(description = "Header carrying the per-alert key, the same on every retry")
        String idempotency__key__header() default "Idempotency-Key";
    }

    private final String name;
    private final URI url;
    private final AlertFormatter formatter;
    private final HttpClient.Builder clientBuilder;
    private final Map<String, String> headers;
    private final String contentType;
    private final boolean compress;
    private final boolean echo;
    private final boolean keepAlive;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Backoff backoff;
    private final long retryAfterMaxMillis;
    private final String idempotencyHeader;
    private HttpClient client;

    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong connectionErrors = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong clientErrors = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong retryAfterWaits = new AtomicLong();

    /**
     * Checks the configuration and prepares the client.
     *
     * @throws IllegalArgumentException naming the attribute that is wrong
     * @throws IOException if a TLS file cannot be used
     */
    @Activate
    public HttpOutputChannel(Config config) throws IOException {
        this.name = config.vigil_output_name();
        this.url = parseUrl(config.url());
        this.formatter = new AlertFormatter(config.json__output(), config.json__include__output__property(),
                config.json__include__tags__property(), config.json__include__output__fields__property(),
                config.time__format__iso__8601(),
                AlertFormatter.parseExtraFields("extra_fields", config.extra__fields()), ZoneId.systemDefault());
        this.headers = parseHeaders(config.custom__headers());
        this.contentType = config.json__output() ? "application/json" : "text/plain; charset=utf-8";
        this.compress = config.compress__uploads();
        this.echo = config.echo();
        this.keepAlive = config.keep__alive();
        this.requestTimeout = positive("request_timeout_ms", config.request__timeout__ms());
        if (config.max__retries() < 0) {
            throw new IllegalArgumentException("max_retries must be >= 0, got " + config.max__retries());
        }
        this.maxRetries = config.max__retries();
        this.backoff = new Backoff(config.retry__backoff__ms(), config.retry__backoff__max__ms());
        if (config.retry__after__max__ms() < 0) {
            throw new IllegalArgumentException("retry_after_max_ms must be >= 0, got " + config.retry__after__max__ms());
        }
        this.retryAfterMaxMillis = config.retry__after__max__ms();
        this.idempotencyHeader = config.idempotency__key__header().trim();
        this.headers.putIfAbsent("User-Agent", config.user__agent());
        this.clientBuilder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(positive("connect_timeout_ms", config.connect__timeout__ms()));
        if (url.getScheme().equals("https")) {
            if (config.mtls() && (config.client__cert().isBlank() || config.client__key().isBlank())) {
                throw new IllegalArgumentException("mtls: true needs client_cert and client_key (PEM files)");
            }
            TlsSettings tls = new TlsSettings(config.insecure(), config.ca__cert(), config.ca__bundle(),
                    config.ca__path(), config.mtls() ? config.client__cert() : "",
                    config.mtls() ? config.client__key() : "");
            clientBuilder.sslContext(tls.sslContext());
        }
        this.client = clientBuilder.build();
    }

    private static URI parseUrl(String s) {
        URI u;
        try {
            u = URI.create(s == null ? "" : s.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url '" + s + "' is not a valid URL: " + e.getMessage());
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("url '" + s + "' must be http://host[:port]/path or https://...");
        }
        return u;
    }

    private static Map<String, String> parseHeaders(String[] entries) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String h : entries) {
            if (h == null || h.isBlank()) {
                continue;
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("custom_headers: entry '" + h
                        + "' is not 'Name: value' (e.g. 'Authorization: Bearer ...')");
            }
            out.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        return out;
    }

    private static Duration positive(String attribute, long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException(attribute + " must be > 0, got " + millis);
        }
        return Duration.ofMillis(millis);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) throws IOException {
        byte[] body = formatter.format(alert).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .header("Content-Type", contentType)
                .header(idempotencyHeader, UUID.randomUUID().toString());
        headers.forEach(b::header);
        if (compress) {
            body = gzip(body);
            b.header("Content-Encoding", "gzip");
        }
        HttpRequest request = b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpClient c = keepAlive ? client : clientBuilder.build(); // a fresh client: a fresh connection
        IOException last = null;
        long serverAsked = -1; // the wait a Retry-After header asked for, else -1: back off
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                retries.incrementAndGet();
                if (serverAsked >= 0) {
                    retryAfterWaits.incrementAndGet();
                    sleep(serverAsked);
                } else {
                    backoff.sleepBefore(attempt);
                }
            }
            serverAsked = -1;
            HttpResponse<String> reply;
            try {
                reply = c.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                timeouts.incrementAndGet();
                last = new IOException("POST " + url + ": no reply within " + requestTimeout.toMillis() + " ms", e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("POST " + url + " interrupted");
            } catch (IOException e) {
                connectionErrors.incrementAndGet();
                last = new IOException("POST " + url + ": " + e, e);
                continue;
            }
            int status = reply.statusCode();
            if (echo) {
                System.out.println(reply.body());
            }
            if (status >= 200 && status < 300) {
                return;
            }
            IOException failure = new IOException("POST " + url + ": HTTP " + status + " " + snippet(reply.body()));
            if (status == 503 || status == 429) {
                long asked = retryAfterMillis(reply.headers().firstValue("Retry-After").orElse(null),
                        System.currentTimeMillis());
                serverAsked = asked < 0 ? -1 : Math.min(asked, retryAfterMaxMillis);
            }
            if (status >= 500) {
                serverErrors.incrementAndGet();
                last = failure;
                continue;
            }
            if (status == 429) { // "too many requests": the same request succeeds later
                throttled.incrementAndGet();
                last = failure;
                continue;
            }
            clientErrors.incrementAndGet();
            throw failure; // 4xx (and 1xx/3xx): the same request would fail the same way
        }
        throw new IOException("gave up after " + (maxRetries + 1) + " attempts: " + last.getMessage(), last);
    }

    /**
     * The wait a {@code Retry-After} value asks for (RFC 9110: delay-seconds or an HTTP-date),
     * in milliseconds from {@code nowMillis}; -1 if absent or not understood (then the channel
     * backs off as usual).
     */
    static long retryAfterMillis(String value, long nowMillis) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            return v.length() > 9 ? Long.MAX_VALUE / 2 : Long.parseLong(v) * 1000; // > 30 years: "very long"
        }
        try {
            long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, at - nowMillis);
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for Retry-After");
        }
    }

    private static String snippet(String body) {
        String s = body == null ? "" : body.strip();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static byte[] gzip(byte[] in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 32);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(in);
        }
        return out.toByteArray();
    }

    /** Counters beyond the runtime's delivered/failed/dropped: retries and why requests failed. */
    @Override
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("retries", retries.get());
        m.put("timeouts", timeouts.get());
        m.put("connection_errors", connectionErrors.get());
        m.put("http_5xx", serverErrors.get());
        m.put("http_4xx", clientErrors.get());
        m.put("http_429", throttled.get());
        m.put("retry_after_waits", retryAfterWaits.get());
        return m;
    }
}
