package io.vigil.source.k8saudit.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSource;
import io.vigil.source.jsonkit.DocumentSources;

/**
 * The {@code k8s_audit} event source: Kubernetes audit events from the apiserver's audit
 * webhook ({@code http(s)://host:port/k8s-audit}) or from audit log files, as Falco's k8saudit
 * plugin reads them. Configured under PID {@value #PID}; open parameters override it.
 */
@Component(service = EventSource.class, property = EventSource.SOURCE_PROPERTY + "=" + K8sAuditSource.NAME,
        configurationPid = K8sAuditSource.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = K8sAuditSource.Config.class)
public final class K8sAuditSource implements EventSource {

    /** The source name rules use. */
    public static final String NAME = "k8s_audit";
    /** The configuration PID. */
    public static final String PID = "io.vigil.source.k8saudit";

    /** The source's configuration, under the k8saudit plugin's key names. */
    @ObjectClassDefinition(name = "Vigil Kubernetes audit source",
            description = "Where k8s_audit events come from and the webhook's limits.")
    public @interface Config {
        @AttributeDefinition(description = "http://[host]:port/path or https://... for the audit webhook "
                + "(Falco's default http://:9765/k8s-audit), or a file or directory of audit logs to read once.")
        String openParams() default "http://:9765/k8s-audit";

        @AttributeDefinition(description = "Single events larger than this many bytes are dropped and counted.")
        long maxEventSize() default 262144;

        @AttributeDefinition(description = "Webhook request bodies larger than this many bytes get 413.")
        long webhookMaxBatchSize() default 12582912;

        @AttributeDefinition(description = "For https://: a PEM file with the certificate chain and an unencrypted "
                + "PKCS#8 key (as Falco's), or a PKCS#12/JKS key store.")
        String sslCertificate() default "/etc/falco/falco.pem";

        // Secrets are private properties (".sslPassword", ".webhookToken"): DS does not publish
        // properties whose name starts with a dot as service properties.
        @AttributeDefinition(description = "The key store password, if sslCertificate is a key store "
                + "(configuration key .sslPassword).",
                type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String _sslPassword() default "";

        @AttributeDefinition(description = "If set, requests must carry 'Authorization: Bearer <token>' "
                + "(configuration key .webhookToken).",
                type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String _webhookToken() default "";

        @AttributeDefinition(description = "Events waiting for the event thread; when full, requests get 503.")
        int queueCapacity() default 16384;

        @AttributeDefinition(description = "Threads serving webhook requests.")
        int webhookThreads() default 2;
    }

    static final String MAX_EVENT_SIZE = "maxEventSize";

    private final Map<String, String> configured;

    /** A source with Falco's defaults (for tests and plain-Java use). */
    public K8sAuditSource() {
        this.configured = Map.of();
    }

    @Activate
    public K8sAuditSource(Config c) {
        Map<String, String> m = new HashMap<>();
        m.put(DocumentSources.OPEN_PARAMS, c.openParams());
        m.put(MAX_EVENT_SIZE, Long.toString(c.maxEventSize()));
        m.put(DocumentSources.WEBHOOK_MAX_BATCH_SIZE, Long.toString(c.webhookMaxBatchSize()));
        m.put(DocumentSources.SSL_CERTIFICATE, c.sslCertificate());
        m.put(DocumentSources.SSL_PASSWORD, c._sslPassword());
        m.put(DocumentSources.WEBHOOK_TOKEN, c._webhookToken());
        m.put(DocumentSources.QUEUE_CAPACITY, Integer.toString(c.queueCapacity()));
        m.put(DocumentSources.WEBHOOK_THREADS, Integer.toString(c.webhookThreads()));
        this.configured = Map.copyOf(m);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Opens the webhook or the files. Parameters (all optional, overriding the configuration):
     * {@code openParams maxEventSize webhookMaxBatchSize sslCertificate sslPassword webhookToken
     * queueCapacity webhookThreads}.
     */
    @Override
    public EventCapture open(Map<String, String> params) throws IOException {
        Map<String, String> m = new HashMap<>();
        m.put(DocumentSources.OPEN_PARAMS, "http://:9765/k8s-audit");
        m.put(MAX_EVENT_SIZE, "262144");
        m.putAll(configured);
        m.putAll(params);
        AuditPayloads splitter = new AuditPayloads(DocumentSources.positive(m, MAX_EVENT_SIZE));
        return DocumentSources.open(m, "/k8s-audit", p -> true, splitter, null,
                (doc, headers, out) -> splitter.split(doc, out), splitter::stats);
    }
}
