package io.vigil.source.okta.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSource;
import io.vigil.source.jsonkit.DocumentSources;
import io.vigil.source.jsonkit.DocumentSplitter;
import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;
import io.vigil.source.jsonkit.WebhookServer;

/**
 * The {@code okta} event source: Okta System Log events from files (the JSON arrays the
 * {@code /api/v1/logs} API returns, or JSON lines) or POSTed by an Okta event hook
 * ({@code {"data":{"events":[...]}}}, the hook's GET verification answered), or polled from the
 * organization's System Log API as Falco's okta plugin does. Configured under PID {@value #PID}.
 */
@Component(service = EventSource.class, property = EventSource.SOURCE_PROPERTY + "=" + OktaSource.NAME,
        configurationPid = OktaSource.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = OktaSource.Config.class)
public final class OktaSource implements EventSource {

    /** The source name rules use. */
    public static final String NAME = "okta";
    /** The configuration PID. */
    public static final String PID = "io.vigil.source.okta";

    static final String CACHE_EXPIRATION = "cache_expiration";
    static final String CACHE_USER_MAX_SIZE = "cache_usermaxsize";
    static final String ORGANIZATION = "organization";
    static final String API_TOKEN = "api_token";
    static final String REFRESH_INTERVAL = "refresh_interval";
    static final String SINCE = "since";

    /**
     * The source's configuration, under the okta plugin's key names. DS turns a single '_' of an
     * element name into '.', so Falco's snake_case keys are spelled with '__' here
     * ({@code cache__expiration} is the key {@code cache_expiration}) and the secret with a
     * leading '_' ({@code _api__token} is the private key {@code .api_token}).
     */
    @ObjectClassDefinition(name = "Vigil Okta source")
    public @interface Config {
        @AttributeDefinition(description = "A file or directory of System Log events, or http(s)://[host]:port/path "
                + "for an Okta event hook; empty to poll the System Log API of the organization.")
        String openParams() default "";

        @AttributeDefinition(description = "The Okta organization (acme for https://acme.okta.com, a host, or a URL): "
                + "its System Log API is polled when openParams is empty; okta.org gives it.")
        String organization() default "";

        @AttributeDefinition(description = "The API token for the System Log API, sent as 'SSWS <token>' "
                + "(configuration key .api_token).", type = AttributeType.PASSWORD)
        String _api__token() default "";

        @AttributeDefinition(description = "Seconds between two System Log API calls once caught up.")
        long refresh__interval() default 10;

        @AttributeDefinition(description = "Read System Log events published since this RFC 3339 time; empty for "
                + "events from the moment the source opens.")
        String since() default "";

        @AttributeDefinition(description = "Seconds an MFA failure or denial is remembered for the countlast fields.")
        long cache__expiration() default 600;

        @AttributeDefinition(description = "MFA events remembered per actor.")
        int cache__usermaxsize() default 200;

        @AttributeDefinition(description = "If set, hooks must carry 'Authorization: Bearer <token>' "
                + "(configuration key .webhookToken).", type = AttributeType.PASSWORD)
        String _webhookToken() default "";
    }

    private final Map<String, String> configured;

    /** A source without configuration (give openParams when opening). */
    public OktaSource() {
        this.configured = Map.of();
    }

    @Activate
    public OktaSource(Config c) {
        Map<String, String> m = new HashMap<>();
        m.put(DocumentSources.OPEN_PARAMS, c.openParams());
        m.put(CACHE_EXPIRATION, Long.toString(c.cache__expiration()));
        m.put(CACHE_USER_MAX_SIZE, Integer.toString(c.cache__usermaxsize()));
        m.put(DocumentSources.WEBHOOK_TOKEN, c._webhookToken());
        m.put(ORGANIZATION, c.organization());
        m.put(API_TOKEN, c._api__token());
        m.put(REFRESH_INTERVAL, Long.toString(c.refresh__interval()));
        m.put(SINCE, c.since());
        this.configured = Map.copyOf(m);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Opens the files, the event hook, or (openParams empty, organization set) the System Log
     * API poller; parameters as the configuration keys override it.
     */
    @Override
    public EventCapture open(Map<String, String> params) throws IOException {
        Map<String, String> m = new HashMap<>(configured);
        m.putAll(params);
        boolean api = m.getOrDefault(DocumentSources.OPEN_PARAMS, "").isBlank()
                && !m.getOrDefault(ORGANIZATION, "").isBlank();
        if (m.getOrDefault(DocumentSources.OPEN_PARAMS, "").isBlank() && !api) {
            throw new IOException("no Okta events configured: set organization and .api_token in PID " + PID
                    + " to poll the System Log API, or openParams to a file or directory of System Log events,"
                    + " or to http://:port/okta for an event hook");
        }
        m.putIfAbsent(CACHE_EXPIRATION, "600");
        m.putIfAbsent(CACHE_USER_MAX_SIZE, "200");
        MfaHistory.Tracker tracker = new MfaHistory.Tracker(DocumentSources.positive(m, CACHE_EXPIRATION),
                (int) DocumentSources.positive(m, CACHE_USER_MAX_SIZE));
        // One tracker per capture; the event thread (files, API) or the request threads (hooks) feed it.
        Splitter splitter = new Splitter(tracker);
        if (api) {
            return openApi(m, splitter);
        }
        return DocumentSources.open(m, "/okta", p -> true, splitter::split, null,
                (doc, headers, out) -> splitter.split(doc, out), Map::of, OktaSource::verify);
    }

    private static EventCapture openApi(Map<String, String> m, Splitter splitter) throws IOException {
        String token = m.getOrDefault(API_TOKEN, "");
        if (token.isBlank()) {
            throw new IOException("organization '" + m.get(ORGANIZATION) + "' is set but no API token: set .api_token "
                    + "in PID " + PID + " to an Okta API token that may read the System Log");
        }
        m.putIfAbsent(REFRESH_INTERVAL, "10");
        long refresh = DocumentSources.positive(m, REFRESH_INTERVAL);
        String since = m.getOrDefault(SINCE, "").trim();
        Instant from;
        try {
            from = since.isEmpty() ? Instant.now() : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(SINCE + " must be an RFC 3339 time such as 2024-05-01T10:00:00Z, got '"
                    + since + "'");
        }
        return new OktaApiCapture(OktaApiCapture.baseUrl(m.get(ORGANIZATION)), token.trim(), from, refresh * 1000,
                splitter);
    }

    /**
     * Answers Okta's one-time event hook verification: a GET carrying
     * {@code x-okta-verification-challenge} must get {@code {"verification": <the challenge>}} back.
     */
    static WebhookServer.Response verify(byte[] body, UnaryOperator<String> headers) {
        String challenge = headers.apply("x-okta-verification-challenge");
        if (challenge == null) {
            return new WebhookServer.Response(400, "GET is only for Okta's event hook verification "
                    + "(x-okta-verification-challenge header); POST events");
        }
        return new WebhookServer.Response(200,
                Json.MAPPER.createObjectNode().put("verification", challenge).toString(), "application/json");
    }

    /** Okta log events, arrays of them, and event hook deliveries. */
    static final class Splitter {
        private final MfaHistory.Tracker tracker;

        Splitter(MfaHistory.Tracker tracker) {
            this.tracker = tracker;
        }

        synchronized int split(JsonNode doc, Consumer<JsonEvent> out) {
            if (doc.isArray()) {
                int n = 0;
                for (JsonNode d : doc) {
                    int k = split(d, out);
                    if (k < 0) {
                        return -1;
                    }
                    n += k;
                }
                return n;
            }
            JsonNode hook = Json.path(doc, "data", "events");
            if (hook != null && hook.isArray()) {
                return split(hook, out);
            }
            if (!doc.isObject() || !doc.has("eventType")) {
                return -1;
            }
            long time = DocumentSplitter.nanos(doc.get("published"), DocumentSplitter.now());
            out.accept(new JsonEvent(NAME, 0, time, Json.compact(doc), doc, tracker.record(doc, time)));
            return 1;
        }
    }
}
