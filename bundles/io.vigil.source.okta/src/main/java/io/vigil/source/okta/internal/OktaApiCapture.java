package io.vigil.source.okta.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSink;
import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;

/**
 * Polls Okta's System Log API ({@code GET /api/v1/logs}) as Okta documents a polling client:
 * the first request asks for events {@code since} a time in ascending order; every answer's
 * {@code Link: <...>; rel="next"} header is the cursor ({@code after=...}) for the next
 * request. A full page is followed at once; an empty page means "caught up", and the same
 * next link is asked again after the refresh interval. Requests carry
 * {@code Authorization: SSWS <token>}; 429 waits until {@code X-Rate-Limit-Reset}; server
 * errors are retried after the interval; 401/403 end the capture with a message naming the
 * token. A next link to another host is refused, so the token never leaves the organization.
 */
final class OktaApiCapture implements EventCapture {

    private static final System.Logger LOG = System.getLogger(OktaApiCapture.class.getName());
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?([A-Za-z]+)\"?");
    static final int PAGE_LIMIT = 1000;

    private final URI base;
    private final String authorization;
    private final long refreshMillis;
    private final OktaSource.Splitter splitter;
    private final HttpClient http;
    private final ArrayDeque<JsonEvent> pending = new ArrayDeque<>();
    private URI next;
    private long notBeforeMillis;
    private long delivered;
    private long requests;
    private long pages;
    private long rateLimited;
    private long serverErrors;
    private long malformedPages;
    private volatile boolean closed;

    /**
     * @param base          the organization's URL, e.g. {@code https://acme.okta.com}
     * @param token         the API token (sent as {@code SSWS <token>})
     * @param since         the time of the first event to read
     * @param refreshMillis how long to wait after an empty page or an error
     */
    OktaApiCapture(URI base, String token, Instant since, long refreshMillis, OktaSource.Splitter splitter) {
        this.base = base;
        this.authorization = "SSWS " + token;
        this.refreshMillis = refreshMillis;
        this.splitter = splitter;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.next = base.resolve("/api/v1/logs?since=" + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8)
                + "&sortOrder=ASCENDING&limit=" + PAGE_LIMIT);
    }

    /**
     * The organization's base URL from Falco's {@code organization} setting: a name
     * ({@code acme} is {@code https://acme.okta.com}), a host ({@code acme.okta-emea.com},
     * a custom domain), or a URL with its scheme.
     */
    static URI baseUrl(String organization) {
        String o = organization.trim();
        if (o.isEmpty()) {
            throw new IllegalArgumentException("organization is empty");
        }
        String url = o.contains("://") ? o : o.contains(".") ? "https://" + o : "https://" + o + ".okta.com";
        URI u = URI.create(url);
        if (u.getHost() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) {
            throw new IllegalArgumentException("organization '" + organization
                    + "' is not an Okta organization name, host or http(s) URL");
        }
        return URI.create(u.getScheme() + "://" + u.getRawAuthority());
    }

    @Override
    public int poll(EventSink sink, long timeoutMillis) throws IOException, InterruptedException {
        if (closed) {
            return END;
        }
        if (pending.isEmpty()) {
            long wait = notBeforeMillis - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(Math.min(wait, timeoutMillis));
                return closed ? END : 0;
            }
            fetch();
        }
        int n = 0;
        while (!pending.isEmpty()) {
            sink.accept(pending.poll().withNumber(++delivered));
            n++;
        }
        return closed ? END : n;
    }

    /** Asks for the next page; queues its events and moves the cursor, or schedules a retry. */
    private void fetch() throws IOException, InterruptedException {
        URI uri = next;
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> r;
        requests++;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            serverErrors++;
            LOG.log(System.Logger.Level.WARNING, "Okta System Log request to " + uri.getHost() + " failed ("
                    + e + "); retrying in " + refreshMillis + " ms");
            retryLater(refreshMillis);
            return;
        }
        int status = r.statusCode();
        if (status == 401 || status == 403) {
            throw new IOException("Okta answered " + status + " to GET " + uri.getPath() + " on " + uri.getHost()
                    + ": check the API token (api_token, sent as 'SSWS <token>') and that its admin may read the "
                    + "System Log");
        }
        if (status == 429) {
            rateLimited++;
            retryLater(untilReset(r));
            return;
        }
        if (status != 200) {
            serverErrors++;
            LOG.log(System.Logger.Level.WARNING, "Okta System Log answered " + status + " to " + uri
                    + "; retrying in " + refreshMillis + " ms");
            retryLater(refreshMillis);
            return;
        }
        JsonNode page;
        try {
            page = Json.MAPPER.readTree(r.body());
        } catch (JsonProcessingException e) {
            page = null;
        }
        if (page == null || !page.isArray() || splitter.split(page, pending::add) < 0) {
            malformedPages++;
            pending.clear();
            LOG.log(System.Logger.Level.WARNING, "Okta System Log page from " + uri
                    + " is not a JSON array of LogEvents; retrying in " + refreshMillis + " ms");
            retryLater(refreshMillis);
            return;
        }
        pages++;
        Optional<URI> link = nextLink(r.headers().allValues("link"));
        if (link.isPresent()) {
            next = link.get();
        }
        // Caught up (an empty page, or no cursor to follow): ask again after the interval.
        if (page.isEmpty() || link.isEmpty()) {
            retryLater(refreshMillis);
        }
    }

    private void retryLater(long millis) {
        notBeforeMillis = System.currentTimeMillis() + Math.max(0, millis);
    }

    /** The wait a 429 asks for: until {@code X-Rate-Limit-Reset} (epoch seconds), else the interval. */
    private long untilReset(HttpResponse<?> r) {
        Optional<String> reset = r.headers().firstValue("x-rate-limit-reset");
        if (reset.isPresent()) {
            try {
                long wait = Long.parseLong(reset.get().trim()) * 1000 - System.currentTimeMillis();
                return Math.max(wait, 1000);
            } catch (NumberFormatException e) {
                // fall through to the interval
            }
        }
        return refreshMillis;
    }

    /** The {@code rel="next"} link of the answer, checked to stay on the organization's host. */
    Optional<URI> nextLink(List<String> headers) throws IOException {
        for (String h : headers) {
            Matcher m = LINK.matcher(h);
            while (m.find()) {
                if (m.group(2).equals("next")) {
                    URI u = base.resolve(m.group(1));
                    if (!sameOrigin(u)) {
                        throw new IOException("Okta's next link " + u + " leaves the organization " + base
                                + "; refusing to send the API token there");
                    }
                    return Optional.of(u);
                }
            }
        }
        return Optional.empty();
    }

    private boolean sameOrigin(URI u) {
        return base.getScheme().equalsIgnoreCase(u.getScheme()) && base.getHost().equalsIgnoreCase(u.getHost())
                && port(base) == port(u);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    @Override
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events", delivered);
        m.put("api_requests", requests);
        m.put("api_pages", pages);
        m.put("api_rate_limited", rateLimited);
        m.put("api_errors", serverErrors);
        m.put("api_malformed_pages", malformedPages);
        return m;
    }

    @Override
    public void close() {
        closed = true;
    }
}
