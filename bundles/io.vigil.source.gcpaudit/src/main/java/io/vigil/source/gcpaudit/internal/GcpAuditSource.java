package io.vigil.source.gcpaudit.internal;

import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

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

/**
 * The {@code gcp_auditlog} event source: Cloud Audit Logs {@code LogEntry} documents from
 * files (JSON lines as a log sink writes them, or the JSON array {@code gcloud logging read
 * --format=json} prints) or from a Pub/Sub push subscription posting to the webhook.
 * Configured under PID {@value #PID}.
 */
@Component(service = EventSource.class, property = EventSource.SOURCE_PROPERTY + "=" + GcpAuditSource.NAME,
        configurationPid = GcpAuditSource.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = GcpAuditSource.Config.class)
public final class GcpAuditSource implements EventSource {

    /** The source name rules use. */
    public static final String NAME = "gcp_auditlog";
    /** The configuration PID. */
    public static final String PID = "io.vigil.source.gcpaudit";

    /** The source's configuration. */
    @ObjectClassDefinition(name = "Vigil GCP audit log source")
    public @interface Config {
        @AttributeDefinition(description = "http(s)://[host]:port/path for a Pub/Sub push subscription, or a "
                + "file or directory of exported LogEntry JSON.")
        String openParams() default "";

        @AttributeDefinition(description = "For https://: PEM certificate and PKCS#8 key, or a key store.")
        String sslCertificate() default "/etc/falco/falco.pem";

        @AttributeDefinition(description = "Key store password (configuration key .sslPassword).", type = AttributeType.PASSWORD)
        String _sslPassword() default "";

        @AttributeDefinition(description = "If set, pushes must carry 'Authorization: Bearer <token>' "
                + "(configuration key .webhookToken).", type = AttributeType.PASSWORD)
        String _webhookToken() default "";

        @AttributeDefinition(description = "Request bodies larger than this many bytes get 413.")
        long webhookMaxBatchSize() default 12582912;

        @AttributeDefinition(description = "Events waiting for the event thread; when full, pushes get 503.")
        int queueCapacity() default 16384;
    }

    private final Map<String, String> configured;

    /** A source without configuration (give openParams when opening). */
    public GcpAuditSource() {
        this.configured = Map.of();
    }

    @Activate
    public GcpAuditSource(Config c) {
        Map<String, String> m = new HashMap<>();
        m.put(DocumentSources.OPEN_PARAMS, c.openParams());
        m.put(DocumentSources.SSL_CERTIFICATE, c.sslCertificate());
        m.put(DocumentSources.SSL_PASSWORD, c._sslPassword());
        m.put(DocumentSources.WEBHOOK_TOKEN, c._webhookToken());
        m.put(DocumentSources.WEBHOOK_MAX_BATCH_SIZE, Long.toString(c.webhookMaxBatchSize()));
        m.put(DocumentSources.QUEUE_CAPACITY, Integer.toString(c.queueCapacity()));
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
            throw new IOException("no GCP audit logs configured: set openParams in PID " + PID
                    + " to a file or directory, or to http://:port/gcp-audit for a Pub/Sub push subscription");
        }
        return DocumentSources.open(m, "/gcp-audit", p -> true, GcpAuditSource::split,
                null, (doc, headers, out) -> split(doc, out));
    }

    /** LogEntry documents, arrays of them, and Pub/Sub push messages carrying one in base64 data. */
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
        JsonNode data = Json.path(doc, "message", "data");
        if (data != null && data.isTextual()) {
            try {
                return split(Json.MAPPER.readTree(Base64.getDecoder().decode(data.textValue())), out);
            } catch (IOException | IllegalArgumentException e) {
                return -1;
            }
        }
        if (!doc.isObject() || !(doc.has("protoPayload") || doc.has("logName"))) {
            return -1;
        }
        long time = DocumentSplitter.nanos(doc.get("timestamp"),
                DocumentSplitter.nanos(doc.get("receiveTimestamp"), DocumentSplitter.now()));
        out.accept(new JsonEvent(NAME, 0, time, Json.compact(doc), doc));
        return 1;
    }
}
