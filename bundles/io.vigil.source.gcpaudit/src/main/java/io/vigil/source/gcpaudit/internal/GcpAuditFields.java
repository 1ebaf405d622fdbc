package io.vigil.source.gcpaudit.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.FieldType;
import io.vigil.source.jsonkit.FieldTable;
import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;
import io.vigil.source.jsonkit.JsonFields;
import io.vigil.source.jsonkit.PluginEventFields;

/**
 * The fields of Falco's gcpaudit plugin ({@code gcp.*}) with its json companion and the
 * plugin-event {@code evt.*} fields, over Cloud Audit Logs {@code LogEntry} documents. Strings
 * read as themselves; the fields documented as JSON ({@code gcp.authorizationInfo},
 * {@code gcp.request}, {@code gcp.policyDelta}, {@code gcp.resourceLabels}) as compact JSON.
 */
@Component(service = FieldExtractor.class, property = FieldExtractor.NAME_PROPERTY + "=gcpaudit")
public final class GcpAuditFields implements FieldExtractor {

    /** The gcpaudit plugin version whose fields these are (rule files ask for at least 0.3.0). */
    static final String FALCO_VERSION = "0.8.1";

    private final FieldTable table = new FieldTable(GcpAuditSource.NAME, "gcpaudit");

    public GcpAuditFields() {
        key("gcp.user", "The GCP principal, actor of the action.", "protoPayload", "authenticationInfo", "principalEmail");
        key("gcp.callerIP", "The actor's IP address.", "protoPayload", "requestMetadata", "callerIp");
        key("gcp.userAgent", "The actor's user agent.", "protoPayload", "requestMetadata", "callerSuppliedUserAgent");
        key("gcp.authorizationInfo", "The GCP authorization checks, as JSON.", "protoPayload", "authorizationInfo");
        key("gcp.serviceName", "The GCP API service name.", "protoPayload", "serviceName");
        field("gcp.policyDelta", "The access policy changes of the resource (binding deltas), as JSON.", r -> {
            boolean bucket = "gcs_bucket".equals(Json.stringOrNull(Json.path(r, "resource", "type")));
            return text(bucket ? Json.path(r, "protoPayload", "serviceData", "policyDelta", "bindingDeltas")
                    : Json.path(r, "protoPayload", "metadata", "datasetChange", "bindingDeltas"));
        });
        key("gcp.request", "The raw API request, as JSON.", "protoPayload", "request");
        key("gcp.methodName", "The API method executed.", "protoPayload", "methodName");
        label("gcp.cloudfunctions.function", "The Cloud Function name.", "function_name");
        label("gcp.cloudsql.databaseId", "The Cloud SQL database ID.", "database_id");
        label("gcp.compute.instanceId", "The Compute Engine instance ID.", "instance_id");
        label("gcp.compute.networkId", "The network ID.", "network_id");
        label("gcp.compute.subnetwork", "The subnetwork name.", "subnetwork_name");
        label("gcp.compute.subnetworkId", "The subnetwork ID.", "subnetwork_id");
        label("gcp.dns.zone", "The Cloud DNS zone.", "zone_name");
        label("gcp.iam.serviceAccount", "The IAM service account.", "email_id");
        label("gcp.iam.serviceAccountId", "The IAM service account's unique ID.", "unique_id");
        field("gcp.location", "The GCP region: the location or region label, else the zone without its "
                + "last two characters (us-central1-a gives us-central1).", GcpAuditFields::location);
        field("gcp.logging.sink", "The logging sink, for logging_sink resources.", r ->
                "logging_sink".equals(Json.stringOrNull(Json.path(r, "resource", "type")))
                        ? text(Json.path(r, "resource", "labels", "name")) : null);
        label("gcp.projectId", "The GCP project ID.", "project_id");
        key("gcp.resourceName", "The resource name.", "protoPayload", "resourceName");
        key("gcp.resourceType", "The resource type.", "resource", "type");
        key("gcp.resourceLabels", "The resource labels, as JSON.", "resource", "labels");
        label("gcp.storage.bucket", "The Cloud Storage bucket name.", "bucket_name");
        key("gcp.time", "The time of the event in RFC 3339 form.", "timestamp");
        JsonFields.addTo(table);
        PluginEventFields.addTo(table, "gcpaudit", e -> text(Json.path(e.tree(), "protoPayload", "methodName")));
    }

    @Override
    public String name() {
        return "gcpaudit";
    }

    @Override
    public List<FieldDescriptor> fields() {
        return table.fields();
    }

    @Override
    public FieldAccessor bind(FieldDescriptor field, String argument) {
        return table.bind(field, argument);
    }

    @Override
    public Map<String, String> falcoPlugins() {
        return Map.of("gcpaudit", FALCO_VERSION, JsonFields.FALCO_PLUGIN, JsonFields.FALCO_VERSION);
    }

    private void key(String name, String description, String... keys) {
        field(name, description, r -> text(Json.path(r, keys)));
    }

    private void label(String name, String description, String label) {
        key(name, description, "resource", "labels", label);
    }

    private void field(String name, String description, Function<JsonNode, String> f) {
        table.add(name, FieldType.STRING, description, arg -> (e, out) -> {
            String s = e instanceof JsonEvent j ? f.apply(j.tree()) : null;
            return s != null && out.setText(s) != null;
        });
    }

    private static String text(JsonNode v) {
        return v == null ? null : Json.text(v);
    }

    private static String location(JsonNode r) {
        JsonNode labels = Json.path(r, "resource", "labels");
        if (labels == null) {
            return null;
        }
        for (String k : new String[] {"location", "region"}) {
            if (labels.get(k) != null) {
                return Json.text(labels.get(k));
            }
        }
        String zone = Json.stringOrNull(labels.get("zone"));
        if (zone == null || zone.isEmpty()) {
            return null;
        }
        return zone.length() > 2 ? zone.substring(0, zone.length() - 2) : zone;
    }
}
