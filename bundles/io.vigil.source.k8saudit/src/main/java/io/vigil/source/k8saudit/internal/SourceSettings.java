package io.vigil.source.k8saudit.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings of one k8s_audit capture: the configured values overridden by the open
 * parameters, under the k8saudit plugin's names ({@code maxEventSize}, {@code sslCertificate},
 * {@code webhookMaxBatchSize}) and its open-parameter form: {@code http://:9765/k8s-audit},
 * {@code https://...} or a file/directory path.
 */
record SourceSettings(String openParams, String bind, int port, String path, boolean tls, String sslCertificate,
        String sslPassword, String webhookToken, long maxEventSize, long webhookMaxBatchSize, int queueCapacity,
        int webhookThreads) {

    static final String OPEN_PARAMS = "openParams";
    static final String MAX_EVENT_SIZE = "maxEventSize";
    static final String WEBHOOK_MAX_BATCH_SIZE = "webhookMaxBatchSize";
    static final String SSL_CERTIFICATE = "sslCertificate";
    static final String SSL_PASSWORD = "sslPassword";
    static final String WEBHOOK_TOKEN = "webhookToken";
    static final String QUEUE_CAPACITY = "queueCapacity";
    static final String WEBHOOK_THREADS = "webhookThreads";

    /** Falco's defaults. */
    static Map<String, String> defaults() {
        Map<String, String> m = new HashMap<>();
        m.put(OPEN_PARAMS, "http://:9765/k8s-audit");
        m.put(MAX_EVENT_SIZE, "262144");
        m.put(WEBHOOK_MAX_BATCH_SIZE, "12582912");
        m.put(SSL_CERTIFICATE, "/etc/falco/falco.pem");
        m.put(SSL_PASSWORD, "");
        m.put(WEBHOOK_TOKEN, "");
        m.put(QUEUE_CAPACITY, "16384");
        m.put(WEBHOOK_THREADS, "2");
        return m;
    }

    boolean webhook() {
        return port >= 0;
    }

    /**
     * Reads the settings.
     *
     * @throws IllegalArgumentException naming the parameter and its bad value
     */
    static SourceSettings of(Map<String, String> configured, Map<String, String> params) {
        Map<String, String> m = new HashMap<>(defaults());
        m.putAll(configured);
        m.putAll(params);
        String open = m.get(OPEN_PARAMS).trim();
        String bind = "";
        int port = -1;
        String path = "";
        boolean tls = false;
        if (open.startsWith("http://") || open.startsWith("https://")) {
            tls = open.startsWith("https://");
            try {
                // "http://:9765/x" has an empty host, which java.net.URI rejects: give it one.
                URI uri = new URI(open.replaceFirst("^(https?://):", "$10.0.0.0:"));
                bind = uri.getHost() == null ? "0.0.0.0" : uri.getHost();
                port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
                path = uri.getPath() == null || uri.getPath().isEmpty() ? "/k8s-audit" : uri.getPath();
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(OPEN_PARAMS + ": '" + open
                        + "' is not a URL like http://:9765/k8s-audit: " + e.getMessage());
            }
        } else if (open.isEmpty()) {
            throw new IllegalArgumentException(OPEN_PARAMS + " is empty: give http://:9765/k8s-audit or a file path");
        } else {
            path = open;
        }
        return new SourceSettings(open, bind, port, path, tls, m.get(SSL_CERTIFICATE), m.get(SSL_PASSWORD),
                m.get(WEBHOOK_TOKEN), positive(m, MAX_EVENT_SIZE), positive(m, WEBHOOK_MAX_BATCH_SIZE),
                (int) positive(m, QUEUE_CAPACITY), (int) positive(m, WEBHOOK_THREADS));
    }

    private static long positive(Map<String, String> m, String key) {
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
