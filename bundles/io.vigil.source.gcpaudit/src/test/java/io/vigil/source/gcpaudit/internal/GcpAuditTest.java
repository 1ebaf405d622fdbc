package io.vigil.source.gcpaudit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.sdk.Alert;
import io.vigil.sdk.testkit.Extractors;
import io.vigil.sdk.testkit.Sources;
import io.vigil.source.jsonkit.JsonEvent;
import io.vigil.source.jsonkit.WebhookCapture;

/** Cloud Audit Logs entries written from Google's documented LogEntry/AuditLog format. */
class GcpAuditTest {

    private static final GcpAuditFields FIELDS = new GcpAuditFields();

    /** A bucket made public: storage.setIamPermissions adding allUsers as objectViewer. */
    static final String BUCKET_PUBLIC = """
            {"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","status":{},
            "authenticationInfo":{"principalEmail":"mallory@example.com"},
            "requestMetadata":{"callerIp":"203.0.113.50","callerSuppliedUserAgent":"gcloud/460.0.0"},
            "serviceName":"storage.googleapis.com","methodName":"storage.setIamPermissions",
            "authorizationInfo":[{"resource":"projects/_/buckets/acme-data","permission":"storage.buckets.setIamPolicy",
            "granted":true,"resourceAttributes":{}}],"resourceName":"projects/_/buckets/acme-data",
            "serviceData":{"@type":"type.googleapis.com/google.iam.v1.logging.AuditData","policyDelta":{"bindingDeltas":[
            {"action":"ADD","role":"roles/storage.objectViewer","member":"allUsers"}]}},
            "request":{"resource":"acme-data","policy":{"bindings":[{"role":"roles/storage.objectViewer","members":["allUsers"]}]}}},
            "insertId":"1a2b3c","resource":{"type":"gcs_bucket","labels":{"bucket_name":"acme-data","location":"us-central1",
            "project_id":"acme-prod"}},"timestamp":"2024-05-01T10:00:00.123456Z","severity":"NOTICE",
            "logName":"projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity","receiveTimestamp":"2024-05-01T10:00:01Z"}""";

    /** A service account key created. */
    static final String SA_KEY = """
            {"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog",
            "authenticationInfo":{"principalEmail":"admin@example.com"},
            "requestMetadata":{"callerIp":"198.51.100.3","callerSuppliedUserAgent":"console"},
            "serviceName":"iam.googleapis.com","methodName":"google.iam.admin.v1.CreateServiceAccountKey",
            "authorizationInfo":[{"permission":"iam.serviceAccountKeys.create","granted":true}],
            "resourceName":"projects/-/serviceAccounts/1234567890","request":{"@type":"type.googleapis.com/google.iam.admin.v1.CreateServiceAccountKeyRequest"}},
            "resource":{"type":"service_account","labels":{"email_id":"ci@acme-prod.iam.gserviceaccount.com",
            "unique_id":"1234567890","project_id":"acme-prod"}},"timestamp":"2024-05-01T11:00:00Z",
            "logName":"projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity"}""";

    /** A VM stopped, in a zone. */
    static final String VM_STOP = """
            {"protoPayload":{"authenticationInfo":{"principalEmail":"ops@example.com"},
            "requestMetadata":{"callerIp":"192.0.2.8","callerSuppliedUserAgent":"gcloud"},
            "serviceName":"compute.googleapis.com","methodName":"v1.compute.instances.stop",
            "resourceName":"projects/acme-prod/zones/us-central1-a/instances/web-1","request":{"@type":"x"}},
            "resource":{"type":"gce_instance","labels":{"instance_id":"42","zone":"us-central1-a","project_id":"acme-prod"}},
            "timestamp":"2024-05-01T12:00:00Z","logName":"projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity"}""";

    private static JsonEvent event(String json) throws Exception {
        List<JsonEvent> out = new ArrayList<>();
        GcpAuditSource.split(io.vigil.source.jsonkit.Json.MAPPER.readTree(json), out::add);
        return out.get(0);
    }

    @Test
    void fields() throws Exception {
        JsonEvent e = event(BUCKET_PUBLIC);
        Map<String, Object> expected = Map.ofEntries(Map.entry("gcp.user", "mallory@example.com"),
                Map.entry("gcp.callerIP", "203.0.113.50"), Map.entry("gcp.userAgent", "gcloud/460.0.0"),
                Map.entry("gcp.serviceName", "storage.googleapis.com"),
                Map.entry("gcp.methodName", "storage.setIamPermissions"),
                Map.entry("gcp.policyDelta", "[{\"action\":\"ADD\",\"role\":\"roles/storage.objectViewer\",\"member\":\"allUsers\"}]"),
                Map.entry("gcp.storage.bucket", "acme-data"), Map.entry("gcp.projectId", "acme-prod"),
                Map.entry("gcp.location", "us-central1"), Map.entry("gcp.resourceType", "gcs_bucket"),
                Map.entry("gcp.resourceName", "projects/_/buckets/acme-data"),
                Map.entry("gcp.time", "2024-05-01T10:00:00.123456Z"),
                Map.entry("json.value[/resource/labels/location]", "us-central1"));
        expected.forEach((f, v) -> assertEquals(v, Extractors.extract(e, f, FIELDS), f));
        assertTrue(((String) Extractors.extract(e, "gcp.authorizationInfo", FIELDS)).contains("\"granted\":true"));
        assertTrue(((String) Extractors.extract(e, "gcp.request", FIELDS)).startsWith("{\"resource\":\"acme-data\""));
        assertEquals("{\"bucket_name\":\"acme-data\",\"location\":\"us-central1\",\"project_id\":\"acme-prod\"}",
                Extractors.extract(e, "gcp.resourceLabels", FIELDS));
        assertEquals(1714557600123456000L, e.timestamp());
        assertNull(Extractors.extract(e, "gcp.logging.sink", FIELDS));
        JsonEvent vm = event(VM_STOP);
        assertEquals("us-central1", Extractors.extract(vm, "gcp.location", FIELDS), "the zone's region");
        assertEquals("42", Extractors.extract(vm, "gcp.compute.instanceId", FIELDS));
        JsonEvent sa = event(SA_KEY);
        assertEquals("ci@acme-prod.iam.gserviceaccount.com", Extractors.extract(sa, "gcp.iam.serviceAccount", FIELDS));
        assertEquals("[]", Extractors.extract(event(BUCKET_PUBLIC.replace(
                "{\"action\":\"ADD\",\"role\":\"roles/storage.objectViewer\",\"member\":\"allUsers\"}", "")),
                "gcp.policyDelta", FIELDS));
        assertEquals(Map.of("gcpaudit", "0.8.1", "json", "0.7.4"), FIELDS.falcoPlugins());
    }

    @Test
    void readsExportedFilesAndPubSubPushes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), "[" + BUCKET_PUBLIC + "," + SA_KEY + "]");
        Files.writeString(dir.resolve("b.jsonl"), VM_STOP.replace("\n", "") + "\n");
        List<Map<String, Object>> rows = Sources.extractAll(new GcpAuditSource(), Map.of("openParams", dir.toString()),
                List.of("gcp.methodName"), 10, 30_000, FIELDS);
        assertEquals(3, rows.size());
        assertEquals("v1.compute.instances.stop", rows.get(2).get("gcp.methodName"));

        try (WebhookCapture c = (WebhookCapture) new GcpAuditSource().open(
                Map.of("openParams", "http://127.0.0.1:0/gcp-audit"))) {
            String push = "{\"message\":{\"data\":\"" + Base64.getEncoder().encodeToString(
                    SA_KEY.getBytes(StandardCharsets.UTF_8)) + "\",\"messageId\":\"1\"},\"subscription\":\"projects/p/subscriptions/s\"}";
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + c.port() + "/gcp-audit")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(push)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            List<Object> methods = new ArrayList<>();
            c.poll(e -> methods.add(Extractors.extract(e, "gcp.methodName", FIELDS)), 1000);
            assertEquals(List.of("google.iam.admin.v1.CreateServiceAccountKey"), methods);
        }
    }

    @Test
    void theRuleFileLoadsUnchangedAndTheEntriesRaiseTheirRules() throws Exception {
        Path file = Path.of(System.getProperty("vigil.falcoRules", "../../../shared/falco-rules"))
                .resolve("gcp_auditlog_rules.yaml");
        LoadResult load = new FalcoRuleEngine().load(List.of(RuleFile.read(file)),
                new FieldCatalog(List.of(FIELDS), Map.of(), Set.of(GcpAuditSource.NAME)),
                new EngineConfig(null, EngineConfig.RuleMatching.ALL, List.of(), List.of(), "h", false));
        assertTrue(load.ok(), () -> "errors: " + load.errors());
        List<String> fired = new ArrayList<>();
        for (String json : List.of(BUCKET_PUBLIC, SA_KEY, VM_STOP)) {
            load.ruleset().evaluate(event(json), (Alert a) -> fired.add(a.rule()));
        }
        assertEquals(List.of("GCP Bucket configured to be public", "GCP Bucket permissions modified",
                "GCP IAM service account key created", "GCP VM stopped"), fired);
    }
}
