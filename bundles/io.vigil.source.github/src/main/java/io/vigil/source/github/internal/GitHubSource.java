package io.vigil.source.github.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSource;
import io.vigil.source.jsonkit.DocumentSources;
import io.vigil.source.jsonkit.DocumentSplitter;
import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;
import io.vigil.source.jsonkit.WebhookServer;

/**
 * The {@code github} event source: GitHub webhook deliveries POSTed to the endpoint (checked
 * against the webhook secret's {@code X-Hub-Signature-256}, typed by {@code X-GitHub-Event}),
 * or files of deliveries that already carry {@code webhook_type}. Configured under PID
 * {@value #PID}.
 */
@Component(service = EventSource.class, property = EventSource.SOURCE_PROPERTY + "=" + GitHubSource.NAME,
        configurationPid = GitHubSource.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = GitHubSource.Config.class)
public final class GitHubSource implements EventSource {

    /** The source name rules use. */
    public static final String NAME = "github";
    /** The configuration PID. */
    public static final String PID = "io.vigil.source.github";

    static final String WEBHOOK_SECRET = "webhookSecret";

    /** The source's configuration. */
    @ObjectClassDefinition(name = "Vigil GitHub source")
    public @interface Config {
        @AttributeDefinition(description = "http(s)://[host]:port/path for GitHub webhooks, or a file or "
                + "directory of recorded deliveries.")
        String openParams() default "";

        @AttributeDefinition(description = "The webhook secret: deliveries must carry its X-Hub-Signature-256 "
                + "(configuration key .webhookSecret).", type = AttributeType.PASSWORD)
        String _webhookSecret() default "";

        @AttributeDefinition(description = "For https://: PEM certificate and PKCS#8 key, or a key store.")
        String sslCertificate() default "/etc/falco/falco.pem";

        @AttributeDefinition(description = "Key store password (configuration key .sslPassword).",
                type = AttributeType.PASSWORD)
        String _sslPassword() default "";
    }

    private final Map<String, String> configured;

    /** A source without configuration (give openParams when opening). */
    public GitHubSource() {
        this.configured = Map.of();
    }

    @Activate
    public GitHubSource(Config c) {
        Map<String, String> m = new HashMap<>();
        m.put(DocumentSources.OPEN_PARAMS, c.openParams());
        m.put(WEBHOOK_SECRET, c._webhookSecret());
        m.put(DocumentSources.SSL_CERTIFICATE, c.sslCertificate());
        m.put(DocumentSources.SSL_PASSWORD, c._sslPassword());
        this.configured = Map.copyOf(m);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Opens the webhook or the files; parameters as the configuration keys override it. */
    @Override
    public EventCapture open(Map<String, String> params) throws IOException {
        Map<String, String> m = new HashMap<>(configured);
        m.putAll(params);
        if (m.getOrDefault(DocumentSources.OPEN_PARAMS, "").isBlank()) {
            throw new IOException("no GitHub input configured: set openParams in PID " + PID
                    + " to http://:port/webhook, or to a file or directory of recorded deliveries");
        }
        String secret = m.getOrDefault(WEBHOOK_SECRET, "");
        // GitHub's default content type for a new webhook is a form with the JSON in 'payload'.
        m.putIfAbsent(DocumentSources.WEBHOOK_FORM_FIELD, "payload");
        return DocumentSources.open(m, "/webhook", p -> true, GitHubSource::split,
                secret.isEmpty() ? null : (body, headers) -> signatureCheck(secret, body, headers),
                GitHubSource::delivery);
    }

    /** Rejects a delivery whose X-Hub-Signature-256 is not the HMAC-SHA256 of its body with the secret. */
    static WebhookServer.Response signatureCheck(String secret, byte[] body, UnaryOperator<String> headers) {
        String sig = headers.apply("X-Hub-Signature-256");
        if (sig == null || !sig.startsWith("sha256=")) {
            return new WebhookServer.Response(401, "missing X-Hub-Signature-256: set the webhook's secret");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(body);
            byte[] given = HexFormat.of().parseHex(sig.substring("sha256=".length()));
            return MessageDigest.isEqual(expected, given) ? null
                    : new WebhookServer.Response(401, "X-Hub-Signature-256 does not match the webhook secret");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return new WebhookServer.Response(401, "bad X-Hub-Signature-256: " + e.getMessage());
        }
    }

    /** A webhook delivery: the payload with its X-GitHub-Event as webhook_type, as the plugin stores it. */
    static int delivery(JsonNode doc, UnaryOperator<String> headers, Consumer<JsonEvent> out) {
        String type = headers.apply("X-GitHub-Event");
        if (type == null || !doc.isObject()) {
            return -1;
        }
        ((ObjectNode) doc).put("webhook_type", type);
        return split(doc, out);
    }

    /** A recorded delivery (with webhook_type), or an array of them. */
    static int split(JsonNode doc, Consumer<JsonEvent> out) {
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
        if (!doc.isObject() || !doc.has("webhook_type")) {
            return -1;
        }
        out.accept(new JsonEvent(NAME, 0, DocumentSplitter.now(), Json.compact(doc), doc));
        return 1;
    }
}
