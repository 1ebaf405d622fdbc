package io.vigil.source.okta.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.sdk.EventCapture;
import io.vigil.sdk.testkit.Extractors;
import io.vigil.source.jsonkit.JsonEvent;

/**
 * The System Log API poller against a real local HTTP server that answers as Okta documents
 * {@code GET /api/v1/logs}: JSON arrays of LogEvents, {@code Link} headers with the
 * {@code after} cursor, 429 with {@code X-Rate-Limit-Reset}, 401 for a bad token.
 */
class OktaApiTest {

    static final String TOKEN = "00aBcD-test-token";

    /** A fake Okta organization: its System Log, what it was asked, and scripted failures. */
    static final class FakeOkta {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<URI> asked = new CopyOnWriteArrayList<>();
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        volatile int rateLimitedAnswers;
        volatile int pageSize = 2;
        volatile String nextHost;
        HttpServer server;

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/api/v1/logs", this::serve);
            server.start();
        }

        private void serve(HttpExchange x) throws IOException {
            try (x) {
                asked.add(x.getRequestURI());
                String auth = x.getRequestHeaders().getFirst("Authorization");
                authorizations.add(auth);
                if (!("SSWS " + TOKEN).equals(auth)) {
                    reply(x, 401, "{\"errorCode\":\"E0000011\",\"errorSummary\":\"Invalid token provided\"}");
                    return;
                }
                if (rateLimitedAnswers > 0) {
                    rateLimitedAnswers--;
                    x.getResponseHeaders().add("X-Rate-Limit-Limit", "60");
                    x.getResponseHeaders().add("X-Rate-Limit-Remaining", "0");
                    x.getResponseHeaders().add("X-Rate-Limit-Reset",
                            Long.toString(System.currentTimeMillis() / 1000 + 1));
                    reply(x, 429, "{\"errorCode\":\"E0000047\",\"errorSummary\":\"API call exceeded rate limit\"}");
                    return;
                }
                Map<String, String> q = query(x.getRequestURI());
                // The cursor is the index of the next event in this log (Okta's is opaque).
                int from = q.containsKey("after") ? Integer.parseInt(q.get("after")) : 0;
                int to = Math.min(log.size(), from + Math.min(pageSize, Integer.parseInt(q.getOrDefault("limit", "100"))));
                String self = "<" + base() + x.getRequestURI() + ">; rel=\"self\"";
                String host = nextHost == null ? base().toString() : nextHost;
                String next = "<" + host + "/api/v1/logs?limit=" + q.getOrDefault("limit", "100") + "&after=" + to
                        + "&sortOrder=ASCENDING>; rel=\"next\"";
                x.getResponseHeaders().add("Link", self);
                x.getResponseHeaders().add("Link", next);
                reply(x, 200, "[" + String.join(",", log.subList(from, to)) + "]");
            }
        }

        private static void reply(HttpExchange x, int status, String body) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(status, b.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(b);
            }
        }

        static Map<String, String> query(URI u) {
            Map<String, String> m = new HashMap<>();
            if (u.getRawQuery() != null) {
                for (String kv : u.getRawQuery().split("&")) {
                    int eq = kv.indexOf('=');
                    m.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return m;
        }
    }

    private final FakeOkta okta = new FakeOkta();
    private final OktaFields fields = new OktaFields(Map.of("organization", "acme"));

    @BeforeEach
    void start() throws IOException {
        okta.start();
    }

    @AfterEach
    void stop() {
        okta.server.stop(0);
    }

    /** A LogEvent in Okta's documented shape. */
    static String event(String uuid, String published, String type, String result) {
        return """
                {"uuid":"%s","published":"%s","eventType":"%s","version":"0","severity":"INFO",
                "displayMessage":"%s","legacyEventType":null,
                "actor":{"id":"00u1abcd","type":"User","alternateId":"jane@acme.com","displayName":"Jane Doe"},
                "client":{"userAgent":{"rawUserAgent":"Mozilla/5.0","os":"Linux","browser":"FIREFOX"},"zone":"null",
                "device":"Computer","ipAddress":"203.0.113.7","geographicalContext":{"city":"Lyon","state":null,
                "country":"France","postalCode":null,"geolocation":{"lat":45.76,"lon":4.83}}},
                "outcome":{"result":"%s","reason":null},"target":[],
                "transaction":{"type":"WEB","id":"tx-%s"},
                "debugContext":{"debugData":{"requestUri":"/api/v1/authn"}},
                "authenticationContext":{"authenticationStep":0,"externalSessionId":"102xyz"},
                "securityContext":{"asNumber":null,"asOrg":null,"isp":null,"domain":null,"isProxy":null}}
                """.formatted(uuid, published, type, type, result, uuid);
    }

    private EventCapture open(Map<String, String> extra) throws IOException {
        Map<String, String> p = new HashMap<>(Map.of("organization", okta.base().toString(), "api_token", TOKEN,
                "refresh_interval", "1", "since", "2024-05-01T09:00:00Z"));
        p.putAll(extra);
        return new OktaSource().open(p);
    }

    /** Polls until {@code n} events arrived (the poller never ends by itself). */
    private static List<JsonEvent> take(EventCapture c, int n) throws Exception {
        List<JsonEvent> got = new ArrayList<>();
        for (int polls = 0; got.size() < n && polls < 600; polls++) {
            c.poll(e -> got.add((JsonEvent) e), 100);
        }
        assertEquals(n, got.size(), "events read");
        return got;
    }

    private List<Object> types(List<JsonEvent> events) throws Exception {
        List<Object> out = new ArrayList<>();
        for (JsonEvent e : events) {
            out.add(Extractors.extract(e, "okta.evt.type", fields));
        }
        return out;
    }

    @Test
    void pagesThroughTheLogFromSinceFollowingTheNextLinkAndPollsOnceCaughtUp() throws Exception {
        for (int i = 1; i <= 5; i++) {
            okta.log.add(event("e" + i, "2024-05-01T10:0" + i + ":00.000Z", "user.session.start", "SUCCESS"));
        }
        okta.rateLimitedAnswers = 1;
        try (EventCapture c = open(Map.of())) {
            List<JsonEvent> first = take(c, 5);
            assertEquals(List.of("e1", "e2", "e3", "e4", "e5"),
                    first.stream().map(e -> e.tree().get("uuid").asText()).toList(), "in order, each once");
            assertEquals(1_714_557_660_000_000_000L, first.get(0).timestamp(), "timed by 'published'");

            // Caught up: a new event published later arrives on a later poll of the same cursor.
            okta.log.add(event("e6", "2024-05-01T10:07:00.000Z", "user.account.lock", "SUCCESS"));
            List<JsonEvent> later = take(c, 1);
            assertEquals(List.of("user.account.lock"), types(later));
            assertEquals(6L, later.get(0).number(), "numbered after the first five");
            assertEquals("acme", Extractors.extract(later.get(0), "okta.org", fields));

            URI first0 = okta.asked.get(0);
            Map<String, String> q = FakeOkta.query(first0);
            assertEquals("/api/v1/logs", first0.getPath());
            assertEquals("2024-05-01T09:00:00Z", q.get("since"));
            assertEquals("ASCENDING", q.get("sortOrder"));
            assertEquals(Integer.toString(OktaApiCapture.PAGE_LIMIT), q.get("limit"));
            assertEquals(first0, okta.asked.get(1), "the rate-limited request is asked again");
            assertTrue(okta.asked.stream().skip(2).allMatch(u -> FakeOkta.query(u).containsKey("after")),
                    "then the next links' cursors: " + okta.asked);
            assertTrue(okta.authorizations.stream().allMatch(("SSWS " + TOKEN)::equals), "SSWS token on every request");
            Map<String, Long> stats = c.stats();
            assertEquals(1L, stats.get("api_rate_limited"));
            assertEquals(6L, stats.get("events"));
            assertEquals(0L, stats.get("api_errors"));
        }
    }

    @Test
    void falcosRulesFireOnPolledEventsAndCountMfaFailuresAcrossPages() throws Exception {
        Path file = Path.of(System.getProperty("vigil.falcoRules", "../../../shared/falco-rules")).resolve("okta_rules.yaml");
        LoadResult load = new FalcoRuleEngine().load(List.of(RuleFile.read(file)),
                new FieldCatalog(List.of(fields), Map.of(), Set.of(OktaSource.NAME)),
                new EngineConfig(null, EngineConfig.RuleMatching.ALL, List.of(), List.of(), "h", false));
        assertTrue(load.ok(), () -> "errors: " + load.errors());
        String mfa = "user.authentication.auth_via_mfa";
        okta.log.add(event("a1", "2024-05-01T10:00:00Z", mfa, "FAILURE"));
        okta.log.add(event("a2", "2024-05-01T10:01:00Z", mfa, "FAILURE"));
        okta.log.add(event("a3", "2024-05-01T10:02:00Z", mfa, "FAILURE"));
        okta.pageSize = 1;
        List<String> fired = new ArrayList<>();
        try (EventCapture c = open(Map.of())) {
            for (JsonEvent e : take(c, 3)) {
                load.ruleset().evaluate(e, a -> fired.add(a.rule() + " " + a.outputFields().get("okta.actor.name")));
            }
        }
        assertEquals(List.of("Too many failed MFA in last 5min Jane Doe"), fired);
        assertTrue(okta.asked.size() >= 3, "one page per event: " + okta.asked);
    }

    @Test
    void aRejectedTokenEndsTheCaptureWithAMessageNamingIt() throws Exception {
        try (EventCapture c = open(Map.of("api_token", "wrong"))) {
            IOException e = assertThrows(IOException.class, () -> c.poll(x -> { }, 100));
            assertTrue(e.getMessage().startsWith("Okta answered 401 to GET /api/v1/logs on 127.0.0.1: check the API "
                    + "token (api_token"), e.getMessage());
        }
        assertEquals("SSWS wrong", okta.authorizations.get(0));
    }

    @Test
    void aNextLinkToAnotherHostIsRefusedSoTheTokenStaysHome() throws Exception {
        okta.log.add(event("e1", "2024-05-01T10:00:00Z", "user.session.start", "SUCCESS"));
        okta.nextHost = "http://198.51.100.1:8080";
        try (EventCapture c = open(Map.of())) {
            IOException e = assertThrows(IOException.class, () -> c.poll(x -> { }, 100));
            assertTrue(e.getMessage().contains("leaves the organization"), e.getMessage());
        }
        assertEquals(1, okta.asked.size());
    }

    @Test
    void settingsAreCheckedWithMessagesNamingTheKey() {
        IOException noToken = assertThrows(IOException.class,
                () -> new OktaSource().open(Map.of("organization", "acme")));
        assertTrue(noToken.getMessage().contains("no API token: set .api_token"), noToken.getMessage());
        IllegalArgumentException since = assertThrows(IllegalArgumentException.class,
                () -> new OktaSource().open(Map.of("organization", "acme", "api_token", "t", "since", "yesterday")));
        assertTrue(since.getMessage().startsWith("since must be an RFC 3339 time"), since.getMessage());
        IOException nothing = assertThrows(IOException.class, () -> new OktaSource().open(Map.of()));
        assertTrue(nothing.getMessage().startsWith("no Okta events configured: set organization"), nothing.getMessage());
    }

    @Test
    void theOrganizationNamesTheBaseUrlAsInFalcosPlugin() {
        assertEquals(URI.create("https://acme.okta.com"), OktaApiCapture.baseUrl("acme"));
        assertEquals(URI.create("https://acme.okta-emea.com"), OktaApiCapture.baseUrl("acme.okta-emea.com"));
        assertEquals(URI.create("https://login.example.org"), OktaApiCapture.baseUrl("https://login.example.org/"));
        assertEquals(URI.create("http://127.0.0.1:8080"), OktaApiCapture.baseUrl("http://127.0.0.1:8080"));
        assertThrows(IllegalArgumentException.class, () -> OktaApiCapture.baseUrl(" "));
    }

    @Test
    void oktaOrgIsTheConfiguredOrganization() throws Exception {
        okta.log.add(event("e1", "2024-05-01T10:00:00Z", "user.session.start", "SUCCESS"));
        try (EventCapture c = open(Map.of())) {
            JsonEvent e = take(c, 1).get(0);
            assertEquals("acme", Extractors.extract(e, "okta.org", new OktaFields(Map.of("organization", " acme "))));
            assertEquals("", Extractors.extract(e, "okta.org", new OktaFields(Map.of())));
        }
    }
}
