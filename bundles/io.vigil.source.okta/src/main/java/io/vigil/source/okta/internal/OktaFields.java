package io.vigil.source.okta.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.FieldType;
import io.vigil.source.jsonkit.FieldTable;
import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;
import io.vigil.source.jsonkit.PluginEventFields;

/**
 * The fields of Falco's okta plugin ({@code okta.*}) over Okta System Log events. As in the
 * plugin, which decodes events into a fixed structure, a missing text property reads as empty
 * text; the target fields have a value only when the event has a target of that type.
 */
@Component(service = FieldExtractor.class, property = FieldExtractor.NAME_PROPERTY + "=okta",
        configurationPid = OktaSource.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class OktaFields implements FieldExtractor {

    /** The okta plugin version whose fields these are (rule files ask for at least 0.11.0). */
    static final String FALCO_VERSION = "0.12.0";

    private final FieldTable table = new FieldTable(OktaSource.NAME, "okta");
    private final String organization;

    /** Fields without a configured organization ({@code okta.org} reads as empty text). */
    public OktaFields() {
        this("");
    }

    /** Fields whose {@code okta.org} is the source's configured {@code organization}, as in the plugin. */
    @Activate
    public OktaFields(Map<String, ?> properties) {
        this(organization(properties.get(OktaSource.ORGANIZATION)));
    }

    private static String organization(Object configured) {
        return configured == null ? "" : configured.toString().trim();
    }

    /** @param organization the Okta organization {@code okta.org} gives */
    public OktaFields(String organization) {
        this.organization = organization;
        declare();
        PluginEventFields.addTo(table, "okta", e -> text(e.tree(), "displayMessage"));
    }

    @Override
    public String name() {
        return "okta";
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
        return Map.of("okta", FALCO_VERSION);
    }

    private void declare() {
        str("okta.app", "The application, from a request URI of the form /app/<name>/...", r -> {
            String uri = text(r, "debugContext", "debugData", "requestUri");
            if (!uri.startsWith("/app/")) {
                return null;
            }
            return uri.split("/", -1)[2];
        });
        key("okta.behaviors", "Behaviors.", "debugContext", "debugData", "behaviors");
        str("okta.org", "The Okta organization (configured).", r -> organization);
        key("okta.evt.type", "The event type.", "eventType");
        key("okta.evt.legacytype", "The legacy event type.", "legacyEventType");
        key("okta.severity", "The severity.", "severity");
        key("okta.message", "The display message.", "displayMessage");
        key("okta.published", "When the event was published.", "published");
        key("okta.logonlysecuritydata", "Log-only security data.", "debugContext", "debugData", "logOnlySecurityData");
        key("okta.actor.id", "The actor ID.", "actor", "id");
        key("okta.actor.Type", "The actor type.", "actor", "type");
        key("okta.actor.alternateid", "The actor's alternate ID.", "actor", "alternateId");
        key("okta.actor.name", "The actor's display name.", "actor", "displayName");
        key("okta.client.zone", "The client zone.", "client", "zone");
        key("okta.client.ip", "The client IP address.", "client", "ipAddress");
        key("okta.client.device", "The client device.", "client", "device");
        key("okta.client.id", "The client ID.", "client", "id");
        key("okta.client.geo.city", "The client's city.", "client", "geographicalContext", "city");
        key("okta.client.geo.state", "The client's state.", "client", "geographicalContext", "state");
        key("okta.client.geo.country", "The client's country.", "client", "geographicalContext", "country");
        key("okta.client.geo.postalcode", "The client's postal code.", "client", "geographicalContext", "postalCode");
        str("okta.client.geo.lat", "The client's latitude.", r -> number(r, "lat"));
        str("okta.client.geo.lon", "The client's longitude.", r -> number(r, "lon"));
        key("okta.useragent.os", "The user agent's OS.", "client", "userAgent", "os");
        key("okta.useragent.browser", "The user agent's browser.", "client", "userAgent", "browser");
        key("okta.useragent.raw", "The raw user agent.", "client", "userAgent", "rawUserAgent");
        key("okta.result", "The outcome result.", "outcome", "result");
        key("okta.reason", "The outcome reason.", "outcome", "reason");
        key("okta.transaction.id", "The transaction ID.", "transaction", "id");
        key("okta.transaction.type", "The transaction type.", "transaction", "type");
        key("okta.requesturi", "The request URI.", "debugContext", "debugData", "requestUri");
        key("okta.principal.id", "The original principal's ID.", "debugContext", "debugData", "originalPrincipal", "id");
        key("okta.principal.alternateid", "The original principal's alternate ID.",
                "debugContext", "debugData", "originalPrincipal", "alternateId");
        key("okta.principal.type", "The original principal's type.", "debugContext", "debugData", "originalPrincipal", "type");
        key("okta.principal.name", "The original principal's display name.",
                "debugContext", "debugData", "originalPrincipal", "displayName");
        str("okta.authentication.step", "The authentication step.", r -> {
            JsonNode v = Json.path(r, "authenticationContext", "authenticationStep");
            return v != null && v.isNumber() ? Long.toString(v.longValue()) : "0";
        });
        key("okta.authentication.sessionid", "The external session ID.", "authenticationContext", "externalSessionId");
        key("okta.authentication.provider", "The authentication provider.", "authenticationContext", "authenticationProvider");
        key("okta.authentication.credentialprovider", "The credential provider.",
                "authenticationContext", "credentialProvider");
        table.add("okta.security.asnumber", FieldType.UINT64, "The autonomous system number.", arg -> (e, out) -> {
            JsonNode r = doc(e);
            if (r == null) {
                return false;
            }
            JsonNode v = Json.path(r, "securityContext", "asNumber");
            out.setLong(v != null && v.isNumber() ? v.longValue() : 0);
            return true;
        });
        key("okta.security.asorg", "The autonomous system organization.", "securityContext", "asOrg");
        key("okta.security.isp", "The ISP.", "securityContext", "isp");
        key("okta.security.domain", "The domain.", "securityContext", "domain");
        str("okta.security.isproxy", "Whether the client is a proxy.", r -> {
            JsonNode v = Json.path(r, "securityContext", "isProxy");
            return v == null || v.isNull() ? "" : Json.text(v);
        });
        target("okta.target.user.id", "User", "id", "The ID of the target user.");
        target("okta.target.user.alternateid", "User", "alternateId", "The alternate ID of the target user.");
        target("okta.target.user.name", "User", "displayName", "The display name of the target user.");
        target("okta.target.group.id", "UserGroup", "id", "The ID of the target group.");
        target("okta.target.group.alternateid", "UserGroup", "alternateId", "The alternate ID of the target group.");
        target("okta.target.group.name", "UserGroup", "displayName", "The display name of the target group.");
        target("okta.target.app.alternateid", "AppInstance", "alternateId", "The alternate ID of the target app.");
        table.add("okta.targets.displayName", FieldType.STRING, false, FieldArg.INDEX, false,
                "The display names of all targets as (a,b,...), or of the N-th target with an index.", arg -> {
                    Integer index = FieldTable.index("okta.targets.displayName", arg);
                    return accessor(r -> {
                        JsonNode targets = r.get("target");
                        if (targets == null || !targets.isArray() || targets.isEmpty()) {
                            return null;
                        }
                        if (index != null) {
                            return index < targets.size() ? text(targets.get(index), "displayName") : null;
                        }
                        StringBuilder sb = new StringBuilder("(");
                        for (int i = 0; i < targets.size(); i++) {
                            sb.append(i == 0 ? "" : ",").append(text(targets.get(i), "displayName"));
                        }
                        return sb.append(')').toString();
                    });
                });
        countLast("okta.mfa.failure.countlast", MfaHistory.Kind.FAILURE,
                "On an MFA failure, the failures of the same actor in the last N seconds (this one included).");
        countLast("okta.mfa.deny.countlast", MfaHistory.Kind.DENY,
                "On a denied Okta Verify push, the denials of the same actor in the last N seconds (this one included).");
    }

    private void countLast(String name, MfaHistory.Kind kind, String description) {
        table.add(name, FieldType.UINT64, false, FieldArg.INDEX, true, description, arg -> {
            long seconds = FieldTable.index(name, arg);
            return (e, out) -> {
                if (!(e instanceof JsonEvent j) || !(j.attachment() instanceof MfaHistory h) || h.kind() != kind) {
                    return false;
                }
                out.setLong(h.countSince(e.timestamp() - seconds * 1_000_000_000L));
                return true;
            };
        });
    }

    private void key(String name, String description, String... keys) {
        str(name, description, r -> text(r, keys));
    }

    private void target(String name, String type, String key, String description) {
        str(name, description, r -> {
            JsonNode targets = r.get("target");
            String found = null;
            if (targets != null && targets.isArray()) {
                for (JsonNode t : targets) {
                    if (type.equals(Json.stringOrNull(t.get("type")))) {
                        found = text(t, key);
                    }
                }
            }
            return found;
        });
    }

    private void str(String name, String description, Function<JsonNode, String> f) {
        table.add(name, FieldType.STRING, description, arg -> accessor(f));
    }

    private static FieldAccessor accessor(Function<JsonNode, String> f) {
        return (e, out) -> {
            JsonNode r = doc(e);
            String s = r == null ? null : f.apply(r);
            return s != null && out.setText(s) != null;
        };
    }

    private static JsonNode doc(io.vigil.sdk.Event e) {
        return e instanceof JsonEvent j ? j.tree() : null;
    }

    /** A text property, or empty text when missing or not text (Go's zero value). */
    private static String text(JsonNode node, String... keys) {
        String s = Json.stringOrNull(Json.path(node, keys));
        return s == null ? "" : s;
    }

    /** A coordinate as Go prints a float64 (%v): 37.7749, 0, -122.4194. */
    private static String number(JsonNode r, String key) {
        JsonNode v = Json.path(r, "client", "geographicalContext", "geolocation", key);
        double d = v != null && v.isNumber() ? v.doubleValue() : 0;
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
