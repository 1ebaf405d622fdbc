package io.vigil.source.k8saudit.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.FieldType;
import io.vigil.source.jsonkit.FieldTable;
import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;
import io.vigil.source.jsonkit.JsonFields;
import io.vigil.source.jsonkit.PluginEventFields;

/**
 * The fields of Falco's k8saudit plugin ({@code ka.*}), its json companion ({@code jevt.*},
 * {@code json.*}) and the plugin-event {@code evt.*} fields, for {@code k8s_audit} events.
 *
 * <p>Names, list-ness, arguments and value forms follow the k8saudit plugin: every value is
 * text (booleans as {@code true}/{@code false}, numbers and objects as compact JSON), list
 * fields take an optional index that picks one container, rule or volume, and a list without
 * elements counts as no value.
 */
@Component(service = FieldExtractor.class, property = FieldExtractor.NAME_PROPERTY + "=k8saudit")
public final class K8sAuditFields implements FieldExtractor {

    /** The k8saudit plugin version whose fields these are (rule files ask for at least 0.18.0). */
    static final String FALCO_VERSION = "0.18.0";

    private static final String[] CONTAINER_LISTS = {"containers", "initContainers", "ephemeralContainers"};

    private final FieldTable table = new FieldTable(K8sAuditSource.NAME, "k8saudit");

    public K8sAuditFields() {
        declare();
        JsonFields.addTo(table);
        PluginEventFields.addTo(table, "k8saudit", K8sAuditFields::info);
    }

    @Override
    public String name() {
        return "k8saudit";
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
        return Map.of("k8saudit", FALCO_VERSION, JsonFields.FALCO_PLUGIN, JsonFields.FALCO_VERSION);
    }

    private void declare() {
        scalar("ka.auditid", "The unique id of the audit event.", "auditID");
        scalar("ka.stage", "Stage of the request (e.g. RequestReceived, ResponseComplete).", "stage");
        scalar("ka.auth.decision", "The authorization decision.", "annotations", "authorization.k8s.io/decision");
        scalar("ka.auth.reason", "The authorization reason.", "annotations", "authorization.k8s.io/reason");
        scalar("ka.auth.openshift.decision", "The authentication decision of the OpenShift apiserver extension.",
                "annotations", "authentication.openshift.io/decision");
        scalar("ka.validations.admission.policy.failure",
                "The validation failure reason from a Validating Admission Policy.",
                "annotations", "validation.policy.admission.k8s.io/validation_failure");
        scalar("ka.security.pod.violations", "The violation reason for the pod security policy.",
                "annotations", "pod-security.kubernetes.io/audit-violations");
        scalar("ka.auth.openshift.username", "The user name of the OpenShift authentication operation.",
                "annotations", "authentication.openshift.io/username");
        scalar("ka.user.name", "The user name performing the request.", "user", "username");
        list("ka.user.groups", "The groups to which the user belongs.", "user", "groups");
        scalar("ka.impuser.name", "The impersonated user name.", "impersonatedUser", "username");
        scalar("ka.verb", "The action being performed.", "verb");
        scalar("ka.uri", "The request URI as sent from client to server.", "requestURI");
        table.add("ka.uri.param", FieldType.STRING, false, FieldArg.KEY, true,
                "The value of a query parameter of the URI (uri=/foo?key=val: ka.uri.param[key] is val).",
                arg -> accessor(root -> uriParam(root, arg)));
        scalar("ka.target.name", "The target object name.", "objectRef", "name");
        scalar("ka.target.namespace", "The target object namespace.", "objectRef", "namespace");
        scalar("ka.target.resource", "The target object resource.", "objectRef", "resource");
        scalar("ka.target.subresource", "The target object subresource.", "objectRef", "subresource");
        table.add("ka.target.pod.name", FieldType.STRING, "The target pod name (when the target is a pod itself).",
                arg -> accessor(K8sAuditFields::targetPodName));
        list("ka.req.binding.subjects",
                "When the request object is a (cluster) role binding, the subjects it links, as JSON.",
                "requestObject", "subjects");
        subjectNames("ka.req.binding.subjects.user_names", "User", false, "the subject user names");
        subjectNames("ka.req.binding.subjects.serviceaccount_names", "ServiceAccount", false,
                "the subject service account names");
        subjectNames("ka.req.binding.subjects.serviceaccount_ns_names", "ServiceAccount", true,
                "the subject service accounts as namespace:name");
        subjectNames("ka.req.binding.subjects.group_names", "Group", false, "the subject group names");
        scalar("ka.req.binding.role", "When the request object is a (cluster) role binding, the role it links.",
                "requestObject", "roleRef", "name");
        table.add("ka.req.binding.subject.has_name", FieldType.STRING, false, FieldArg.KEY, true,
                "Deprecated; always true, as in the k8saudit plugin. Kept for older rules.",
                arg -> accessor(root -> "true"));
        scalar("ka.req.configmap.name", "When the request object is a configmap, its name.", "objectRef", "name");
        scalar("ka.req.configmap.obj", "When the request object is a configmap, its data as JSON.",
                "requestObject", "data");
        for (String list : CONTAINER_LISTS) {
            containerFields(list);
        }
        table.add("ka.req.container.image", FieldType.STRING,
                "Deprecated by ka.req.pod.containers.image: the image of the first container.",
                arg -> accessor(root -> first(images(root, "containers", 0))));
        table.add("ka.req.container.image.repository", FieldType.STRING,
                "Deprecated by ka.req.pod.containers.image.repository: the repository of the first container.",
                arg -> accessor(root -> first(repositories(images(root, "containers", 0)))));
        scalar("ka.req.pod.host_ipc", "When the request object is a pod, the value of its hostIPC flag.",
                "requestObject", "spec", "hostIPC");
        scalar("ka.req.pod.host_network", "When the request object is a pod, the value of its hostNetwork flag.",
                "requestObject", "spec", "hostNetwork");
        scalar("ka.req.container.host_network", "Deprecated alias of ka.req.pod.host_network.",
                "requestObject", "spec", "hostNetwork");
        scalar("ka.req.pod.host_pid", "When the request object is a pod, the value of its hostPID flag.",
                "requestObject", "spec", "hostPID");
        table.add("ka.req.container.privileged", FieldType.STRING,
                "Deprecated by ka.req.pod.containers.privileged: true if any container is privileged.",
                arg -> accessor(K8sAuditFields::anyPrivileged));
        scalar("ka.req.pod.run_as_user", "When the request object is a pod, the runAsUser of its security context.",
                "requestObject", "spec", "securityContext", "runAsUser");
        scalar("ka.req.pod.run_as_group", "When the request object is a pod, the runAsGroup of its security context.",
                "requestObject", "spec", "securityContext", "runAsGroup");
        list("ka.req.role.rules", "When the request object is a (cluster) role, its rules as JSON.",
                "requestObject", "rules");
        ruleField("ka.req.role.rules.apiGroups", "apiGroups", "the API groups of the role's rules");
        ruleField("ka.req.role.rules.nonResourceURLs", "nonResourceURLs", "the non-resource URLs of the role's rules");
        ruleField("ka.req.role.rules.verbs", "verbs", "the verbs of the role's rules");
        ruleField("ka.req.role.rules.resources", "resources", "the resources of the role's rules");
        scalar("ka.req.pod.fs_group", "When the request object is a pod, the fsGroup of its security context.",
                "requestObject", "spec", "securityContext", "fsGroup");
        list("ka.req.pod.supplemental_groups",
                "When the request object is a pod, the supplementalGroups of its security context.",
                "requestObject", "spec", "securityContext", "supplementalGroups");
        scalar("ka.req.service.type", "When the request object is a service, its type.", "requestObject", "spec", "type");
        indexed("ka.req.service.ports", "When the request object is a service, its ports (as JSON).",
                (root, i) -> skipNull(AuditJson.values(root, i, "requestObject", "spec", "ports")));
        indexed("ka.req.pod.volumes.hostpath", "When the request object is a pod, the hostPath paths of its volumes.",
                (root, i) -> skipNull(AuditJson.values(root, i, "requestObject", "spec", "volumes", "hostPath", "path")));
        table.add("ka.req.volume.hostpath", FieldType.STRING, false, FieldArg.KEY, true,
                "Deprecated by ka.req.pod.volumes.hostpath: true if a volume uses this host path "
                        + "(a trailing * matches a prefix).",
                arg -> accessor(root -> usesHostPath(root, arg)));
        indexed("ka.req.pod.volumes.flexvolume_driver",
                "When the request object is a pod, the flexVolume drivers of its volumes.",
                (root, i) -> skipNull(AuditJson.values(root, i, "requestObject", "spec", "volumes", "flexVolume", "driver")));
        indexed("ka.req.pod.volumes.volume_type", "When the request object is a pod, the types of its volumes.",
                K8sAuditFields::volumeTypes);
        scalar("ka.resp.name", "The response object name.", "responseObject", "metadata", "name");
        scalar("ka.response.code", "The response code.", "responseStatus", "code");
        scalar("ka.response.reason", "The response reason (usually present only for failures).",
                "responseStatus", "reason");
        scalar("ka.useragent", "The user agent of the client that made the request to the apiserver.", "userAgent");
        // The plugin's code reads requestObject.rules.sourceIPs here, which no audit event has;
        // Vigil gives what the field is documented to be: the event's sourceIPs.
        indexed("ka.sourceips", "The IP addresses of the client that made the request to the apiserver.",
                (root, i) -> {
                    JsonNode ips = root.get("sourceIPs");
                    if (ips == null || !ips.isArray()) {
                        return null;
                    }
                    if (i != null) {
                        return i < ips.size() ? List.of(Json.text(ips.get(i))) : null;
                    }
                    return AuditJson.textsSkipNull(toList(ips));
                });
        scalar("ka.cluster.name", "The name of the Kubernetes cluster (the cluster_name annotation).",
                "annotations", "cluster_name");
    }

    private void containerFields(String list) {
        String p = "ka.req.pod." + list + ".";
        String what = list.equals("containers") ? "containers" : list.equals("initContainers") ? "init containers"
                : "ephemeral containers";
        indexed(p + "name", "When the request object is a pod, the names of its " + what + ".",
                (root, i) -> AuditJson.textsStrict(orEmpty(containerValues(root, list, i, "name"))));
        indexed(p + "image", "When the request object is a pod, the images of its " + what + ".",
                (root, i) -> images(root, list, i));
        indexed(p + "image.repository", "The repository part of the images of the " + what
                + " (e.g. falcosecurity/falco).", (root, i) -> repositories(images(root, list, i)));
        indexed(p + "command", "When the request object is a pod, the commands of its " + what
                + ", each joined with spaces.", (root, i) -> joined(containerValues(root, list, i, "command")));
        indexed(p + "args", "When the request object is a pod, the args of its " + what
                + ", each joined with spaces.", (root, i) -> joined(containerValues(root, list, i, "args")));
        securityContext(p + "privileged", list, "privileged", "the privileged flag of its " + what);
        securityContext(p + "allow_privilege_escalation", list, "allowPrivilegeEscalation",
                "the allowPrivilegeEscalation flag of its " + what);
        securityContext(p + "read_only_fs", list, "readOnlyRootFilesystem", "the readOnlyRootFilesystem flag of its " + what);
        securityContext(p + "run_as_user", list, "runAsUser", "the runAsUser uid of its " + what);
        securityContext(p + "run_as_group", list, "runAsGroup", "the runAsGroup gid of its " + what);
        securityContext(p + "proc_mount", list, "procMount", "the procMount type of its " + what);
        indexed(p + "add_capabilities", "When the request object is a pod, the capabilities added to its " + what
                + " (one JSON list per container).",
                (root, i) -> skipNull(containerValues(root, list, i, "securityContext", "capabilities", "add")));
        indexed(p + "eff_run_as_user", "When the request object is a pod, the uid each of its " + what
                + " starts with: the container's runAsUser, else the pod's, else 0.",
                (root, i) -> effective(root, list, i, "runAsUser"));
        indexed(p + "eff_run_as_group", "When the request object is a pod, the gid each of its " + what
                + " starts with: the container's runAsGroup, else the pod's, else 0.",
                (root, i) -> effective(root, list, i, "runAsGroup"));
        if (!list.equals("ephemeralContainers")) {
            indexed(p + "host_port", "When the request object is a pod, the hostPort (or, without one, the "
                    + "containerPort) of every port of its " + what + ".", (root, i) -> hostPorts(root, list, i));
        }
    }

    // ---- declaration helpers ----

    private void scalar(String name, String description, String... keys) {
        table.add(name, FieldType.STRING, description, arg -> accessor(root -> {
            JsonNode v = Json.path(root, keys);
            return v == null ? null : Json.text(v);
        }));
    }

    private void list(String name, String description, String... keys) {
        table.add(name, FieldType.STRING, true, FieldArg.NONE, false, description, arg -> listAccessor(root -> {
            JsonNode v = Json.path(root, keys);
            return v == null || !v.isArray() ? null : AuditJson.textsSkipNull(toList(v));
        }));
    }

    private void indexed(String name, String description, IndexedList f) {
        table.add(name, FieldType.STRING, true, FieldArg.INDEX, false, description, arg -> {
            Integer index = FieldTable.index(name, arg);
            return listAccessor(root -> f.apply(root, index));
        });
    }

    private void securityContext(String name, String list, String key, String what) {
        indexed(name, "When the request object is a pod, " + what + ".",
                (root, i) -> skipNull(containerValues(root, list, i, "securityContext", key)));
    }

    private void ruleField(String name, String key, String what) {
        indexed(name, "When the request object is a (cluster) role, " + what + ".", (root, i) -> {
            List<JsonNode> rules = AuditJson.values(root, i, "requestObject", "rules", key);
            if (rules == null) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode r : rules) {
                if (r != null && r.isArray()) {
                    out.addAll(AuditJson.textsSkipNull(toList(r)));
                }
            }
            return out;
        });
    }

    private void subjectNames(String name, String kind, boolean namespaced, String what) {
        table.add(name, FieldType.STRING, true, FieldArg.NONE, false,
                "When the request object is a (cluster) role binding, " + what + " it links.",
                arg -> listAccessor(root -> {
                    JsonNode subjects = Json.path(root, "requestObject", "subjects");
                    if (subjects == null) {
                        return List.of();
                    }
                    if (!subjects.isArray()) {
                        return null;
                    }
                    List<String> out = new ArrayList<>();
                    for (JsonNode s : subjects) {
                        JsonNode k = s.get("kind");
                        JsonNode n = s.get("name");
                        if (k == null || n == null || !kind.equals(Json.text(k))) {
                            continue;
                        }
                        if (namespaced) {
                            JsonNode ns = s.get("namespace");
                            if (ns == null) {
                                continue;
                            }
                            out.add(Json.text(ns) + ":" + Json.text(n));
                        } else {
                            out.add(Json.text(n));
                        }
                    }
                    return out;
                }));
    }

    @FunctionalInterface
    private interface IndexedList {
        List<String> apply(JsonNode root, Integer index);
    }

    /** A scalar accessor: the function returns the text, or null for no value. */
    private static FieldAccessor accessor(Function<JsonNode, String> f) {
        return (e, out) -> {
            JsonNode root = audit(e);
            if (root == null) {
                return false;
            }
            String s = f.apply(root);
            if (s == null) {
                return false;
            }
            out.setText(s);
            return true;
        };
    }

    /** A list accessor: null or an empty list is no value, as in Falco. */
    private static FieldAccessor listAccessor(Function<JsonNode, List<String>> f) {
        return (e, out) -> {
            JsonNode root = audit(e);
            if (root == null) {
                return false;
            }
            List<String> values = f.apply(root);
            if (values == null || values.isEmpty()) {
                return false;
            }
            out.setList(values);
            return true;
        };
    }

    /** The audit event document, or null for anything that is not one (no auditID). */
    private static JsonNode audit(io.vigil.sdk.Event e) {
        if (!(e instanceof JsonEvent j)) {
            return null;
        }
        JsonNode root = j.tree();
        return root.has("auditID") ? root : null;
    }

    // ---- value computations ----

    private static List<JsonNode> containerValues(JsonNode root, String list, Integer index, String... keys) {
        String[] path = new String[keys.length + 3];
        path[0] = "requestObject";
        path[1] = "spec";
        path[2] = list;
        System.arraycopy(keys, 0, path, 3, keys.length);
        return AuditJson.values(root, index, path);
    }

    private static List<String> images(JsonNode root, String list, Integer index) {
        List<JsonNode> v = containerValues(root, list, index, "image");
        return v == null ? null : AuditJson.textsStrict(v);
    }

    /** The repository part of each image: before the first ':' and then before the first '@'. */
    private static List<String> repositories(List<String> images) {
        if (images == null) {
            return null;
        }
        List<String> out = new ArrayList<>(images.size());
        for (String image : images) {
            String s = image;
            int colon = s.indexOf(':');
            if (colon >= 0) {
                s = s.substring(0, colon);
            }
            int at = s.indexOf('@');
            if (at >= 0) {
                s = s.substring(0, at);
            }
            out.add(s);
        }
        return out;
    }

    /** Each container's command or args array joined by spaces; null if none has one. */
    private static List<String> joined(List<JsonNode> values) {
        if (values == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : values) {
            if (v == null) {
                continue;
            }
            if (!v.isArray()) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : v) {
                if (!part.isTextual()) {
                    return null;
                }
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(part.textValue());
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static List<String> hostPorts(JsonNode root, String list, Integer index) {
        List<JsonNode> all = containerValues(root, list, index, "ports");
        if (all == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode ports : all) {
            if (ports == null) {
                continue;
            }
            if (!ports.isArray()) {
                return null;
            }
            for (JsonNode port : ports) {
                JsonNode p = port.has("hostPort") ? port.get("hostPort") : port.get("containerPort");
                if (p != null) {
                    out.add(Json.text(p));
                }
            }
        }
        return out;
    }

    /**
     * The container's securityContext value, else the pod's securityContext value, else 0: the
     * documented meaning (the plugin's code reads both one level too high, where Kubernetes
     * never puts them, and so nearly always answers 0).
     */
    private static List<String> effective(JsonNode root, String list, Integer index, String key) {
        JsonNode pod = Json.path(root, "requestObject", "spec", "securityContext", key);
        String podValue = pod == null ? "0" : Json.text(pod);
        List<JsonNode> values = containerValues(root, list, index, "securityContext", key);
        if (values == null) {
            // One picked container without the setting still runs with the pod's id.
            return index != null && containerValues(root, list, index, "") != null ? List.of(podValue) : null;
        }
        List<String> out = new ArrayList<>(values.size());
        for (JsonNode v : values) {
            out.add(v == null ? podValue : Json.text(v));
        }
        return out;
    }

    private static List<String> volumeTypes(JsonNode root, Integer index) {
        List<JsonNode> volumes = AuditJson.values(root, index, "requestObject", "spec", "volumes", "");
        if (volumes == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : volumes) {
            if (v != null && v.isObject()) {
                Iterator<String> names = v.fieldNames();
                while (names.hasNext()) {
                    String n = names.next();
                    if (!n.equals("name")) {
                        out.add(n);
                    }
                }
            }
        }
        return out;
    }

    private static String usesHostPath(JsonNode root, String arg) {
        List<JsonNode> paths = AuditJson.values(root, null, "requestObject", "spec", "volumes", "hostPath", "path");
        if (paths == null) {
            return null;
        }
        boolean prefix = arg.endsWith("*");
        String stem = prefix ? arg.substring(0, arg.length() - 1) : arg;
        for (String p : AuditJson.textsSkipNull(paths)) {
            if (prefix ? p.startsWith(stem) : p.equals(arg)) {
                return "true";
            }
        }
        return "false";
    }

    private static String anyPrivileged(JsonNode root) {
        List<JsonNode> values = containerValues(root, "containers", null, "securityContext", "privileged");
        if (values == null) {
            return null;
        }
        for (JsonNode v : values) {
            if (v != null && v.isBoolean() && v.booleanValue()) {
                return "true";
            }
        }
        return "false";
    }

    private static String targetPodName(JsonNode root) {
        String resource = Json.stringOrNull(Json.path(root, "objectRef", "resource"));
        String sub = Json.stringOrNull(Json.path(root, "objectRef", "subresource"));
        if (!"pods".equals(resource) || (sub != null && !sub.isEmpty())) {
            return null;
        }
        JsonNode name = Json.path(root, "responseObject", "metadata", "name");
        return name == null ? null : Json.text(name);
    }

    /** The first value of query parameter {@code key} of the request URI. */
    private static String uriParam(JsonNode root, String key) {
        JsonNode uri = root.get("requestURI");
        if (uri == null) {
            return null;
        }
        String s = Json.text(uri);
        int q = s.indexOf('?');
        if (q < 0) {
            return null;
        }
        int hash = s.indexOf('#', q);
        String query = hash < 0 ? s.substring(q + 1) : s.substring(q + 1, hash);
        try {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (k.equals(key)) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        } catch (IllegalArgumentException badEscape) {
            return null;
        }
        return null;
    }

    private static List<String> skipNull(List<JsonNode> values) {
        return values == null ? null : AuditJson.textsSkipNull(values);
    }

    private static List<JsonNode> orEmpty(List<JsonNode> values) {
        return values == null ? List.of() : values;
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        array.forEach(out::add);
        return out;
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The summary line of an audit event: who did what to which object. */
    static String info(JsonEvent e) {
        JsonNode r = e.tree();
        return String.join(" ", text(r, "user", "username"), text(r, "verb"), text(r, "requestURI"),
                text(r, "responseStatus", "code"));
    }

    private static String text(JsonNode root, String... keys) {
        JsonNode v = Json.path(root, keys);
        return v == null ? "<NA>" : Json.text(v);
    }
}
