package io.vigil.source.jsonkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;

import io.vigil.sdk.EventCapture;

/**
 * Opens a document source's capture from its settings: {@code openParams} names a webhook
 * ({@code http(s)://[host]:port/path}) or files; the other keys set the webhook's limits.
 */
public final class DocumentSources {

    public static final String OPEN_PARAMS = "openParams";
    public static final String SSL_CERTIFICATE = "sslCertificate";
    public static final String SSL_PASSWORD = "sslPassword";
    public static final String WEBHOOK_TOKEN = "webhookToken";
    public static final String WEBHOOK_MAX_BATCH_SIZE = "webhookMaxBatchSize";
    public static final String QUEUE_CAPACITY = "queueCapacity";
    public static final String WEBHOOK_THREADS = "webhookThreads";
    /** Set by a source whose provider may POST forms: the field holding the JSON document. */
    public static final String WEBHOOK_FORM_FIELD = "webhookFormField";

    private DocumentSources() {
    }

    /** The defaults of the webhook settings (12 MiB bodies, as Falco's k8saudit webhook). */
    public static Map<String, String> defaults() {
        Map<String, String> m = new HashMap<>();
        m.put(SSL_CERTIFICATE, "/etc/falco/falco.pem");
        m.put(SSL_PASSWORD, "");
        m.put(WEBHOOK_TOKEN, "");
        m.put(WEBHOOK_MAX_BATCH_SIZE, "12582912");
        m.put(QUEUE_CAPACITY, "16384");
        m.put(WEBHOOK_THREADS, "2");
        return m;
    }

    /**
     * Opens the webhook or the files {@code settings} name.
     *
     * @param settings    the defaults, overridden by the configuration, overridden by the open parameters
     * @param defaultPath the endpoint path when the URL has none
     * @param files       which files of a directory to read
     * @param splitter    turns a file's document into events
     * @param check       checks a webhook request before parsing, or null
     * @param requests    turns a webhook request's document into events
     */
    public static EventCapture open(Map<String, String> settings, String defaultPath, Predicate<Path> files,
            DocumentSplitter splitter, WebhookCapture.Check check, WebhookCapture.RequestSplitter requests)
            throws IOException {
        return open(settings, defaultPath, files, splitter, check, requests, Map::of);
    }

    /** As {@link #open(Map, String, Predicate, DocumentSplitter, WebhookCapture.Check, WebhookCapture.RequestSplitter)}, with the source's own counters added to the capture's. */
    public static EventCapture open(Map<String, String> settings, String defaultPath, Predicate<Path> files,
            DocumentSplitter splitter, WebhookCapture.Check check, WebhookCapture.RequestSplitter requests,
            java.util.function.Supplier<Map<String, Long>> stats) throws IOException {
        return open(settings, defaultPath, files, splitter, check, requests, stats, null);
    }

    /** As above, with an answer to GET requests (a provider's one-time endpoint verification). */
    public static EventCapture open(Map<String, String> settings, String defaultPath, Predicate<Path> files,
            DocumentSplitter splitter, WebhookCapture.Check check, WebhookCapture.RequestSplitter requests,
            java.util.function.Supplier<Map<String, Long>> stats, WebhookServer.Handler onGet) throws IOException {
        Map<String, String> m = new HashMap<>(defaults());
        m.putAll(settings);
        WebhookAddress a = WebhookAddress.parse(OPEN_PARAMS, m.get(OPEN_PARAMS), defaultPath);
        if (!a.webhook()) {
            return new DocumentFileCapture(Path.of(a.path()), files, splitter).withStats(stats);
        }
        SSLContext tls = a.tls() ? Tls.serverContext(Path.of(m.get(SSL_CERTIFICATE)), m.get(SSL_PASSWORD)) : null;
        WebhookServer.Settings s = new WebhookServer.Settings(a.bind(), a.port(), a.path(), m.get(WEBHOOK_TOKEN), tls,
                positive(m, WEBHOOK_MAX_BATCH_SIZE), (int) positive(m, WEBHOOK_THREADS), onGet, m.get(WEBHOOK_FORM_FIELD));
        return new WebhookCapture(s, (int) positive(m, QUEUE_CAPACITY), check, requests).withStats(stats);
    }

    /** A positive number setting, or an error naming the key and the value. */
    public static long positive(Map<String, String> m, String key) {
        String v = m.get(key);
        try {
            long n = Long.parseLong(v.trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a positive number, got '" + v + "'");
        }
    }
}
