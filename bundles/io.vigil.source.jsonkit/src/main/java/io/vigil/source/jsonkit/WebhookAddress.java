package io.vigil.source.jsonkit;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * An open-parameter string in Falco's form: {@code http://[host]:port/path} or
 * {@code https://...} for a webhook, anything else a file or directory path.
 *
 * @param bind  the address to listen on, or null for a path
 * @param port  the port
 * @param path  the endpoint path, or the file path
 * @param tls   true for https
 */
public record WebhookAddress(String bind, int port, String path, boolean tls) {

    /** True if the parameter names a webhook endpoint rather than files. */
    public boolean webhook() {
        return bind != null;
    }

    /**
     * Parses {@code open}.
     *
     * @param defaultPath the endpoint path when the URL has none
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static WebhookAddress parse(String key, String open, String defaultPath) {
        String s = open == null ? "" : open.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException(key + " is empty: give http://:port" + defaultPath
                    + " for a webhook, or a file or directory path");
        }
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            return new WebhookAddress(null, -1, s, false);
        }
        boolean tls = s.startsWith("https://");
        try {
            // "http://:9765/x" has an empty host, which java.net.URI rejects: give it one.
            URI uri = new URI(s.replaceFirst("^(https?://):", "$10.0.0.0:"));
            String host = uri.getHost() == null ? "0.0.0.0" : uri.getHost();
            int port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? defaultPath : uri.getPath();
            return new WebhookAddress(host, port, path, tls);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + ": '" + s + "' is not a URL like http://:9765" + defaultPath
                    + ": " + e.getMessage());
        }
    }
}
