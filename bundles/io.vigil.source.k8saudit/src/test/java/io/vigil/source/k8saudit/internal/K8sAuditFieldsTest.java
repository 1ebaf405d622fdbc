package io.vigil.source.k8saudit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.testkit.Extractors;
import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;

/** Each k8saudit field on the shared samples and on small events written here. */
class K8sAuditFieldsTest {

    private static final String PRIV = "create_nginx_pod_privileged.json";

    private static Object f(String sample, String field) throws Exception {
        return Samples.field(sample, field);
    }

    /** An audit event written in the test: the fields' behaviour on shapes the samples lack. */
    private static Object on(String json, String field) throws Exception {
        JsonNode tree = Json.MAPPER.readTree(json);
        JsonEvent e = new JsonEvent("k8s_audit", 1, 1_000_000_000L, json.getBytes(StandardCharsets.UTF_8), tree);
        return Extractors.extract(e, field, Samples.FIELDS);
    }

    @Test
    void declaresEveryFieldOfThePluginWithItsShape() {
        Set<String> names = new HashSet<>();
        for (FieldDescriptor d : Samples.FIELDS.fields()) {
            assertTrue(names.add(d.name()), "declared once: " + d.name());
            assertTrue(d.appliesTo("k8s_audit"));
        }
        for (String n : List.of("ka.auditid", "ka.stage", "ka.auth.decision", "ka.auth.reason", "ka.user.name",
                "ka.user.groups", "ka.impuser.name", "ka.verb", "ka.uri", "ka.uri.param", "ka.target.name",
                "ka.target.namespace", "ka.target.resource", "ka.target.subresource", "ka.target.pod.name",
                "ka.req.binding.subjects", "ka.req.binding.role", "ka.req.binding.subject.has_name",
                "ka.req.configmap.name", "ka.req.configmap.obj", "ka.req.pod.containers.image",
                "ka.req.pod.containers.image.repository", "ka.req.pod.containers.privileged",
                "ka.req.pod.containers.host_port", "ka.req.pod.containers.run_as_user",
                "ka.req.pod.containers.eff_run_as_user", "ka.req.pod.containers.run_as_group",
                "ka.req.pod.containers.eff_run_as_group", "ka.req.pod.containers.add_capabilities",
                "ka.req.pod.containers.proc_mount", "ka.req.pod.containers.read_only_fs",
                "ka.req.pod.containers.allow_privilege_escalation", "ka.req.pod.containers.command",
                "ka.req.pod.containers.args", "ka.req.pod.initContainers.image", "ka.req.pod.initContainers.host_port",
                "ka.req.pod.ephemeralContainers.privileged", "ka.req.pod.host_ipc", "ka.req.pod.host_network",
                "ka.req.pod.host_pid", "ka.req.pod.volumes.hostpath", "ka.req.pod.volumes.flexvolume_driver",
                "ka.req.pod.volumes.volume_type", "ka.req.pod.run_as_user", "ka.req.pod.run_as_group",
                "ka.req.pod.fs_group", "ka.req.pod.supplemental_groups", "ka.req.role.rules",
                "ka.req.role.rules.apiGroups", "ka.req.role.rules.nonResourceURLs", "ka.req.role.rules.resources",
                "ka.req.role.rules.verbs", "ka.req.service.type", "ka.req.service.ports", "ka.req.volume.hostpath",
                "ka.resp.name", "ka.response.code", "ka.response.reason", "ka.useragent", "ka.sourceips",
                "ka.cluster.name", "jevt.value", "jevt.obj", "jevt.rawtime", "json.value", "json.obj",
                "json.rawtime", "evt.num", "evt.time", "evt.plugininfo")) {
            assertTrue(names.contains(n), "declared: " + n);
        }
        assertTrue(!names.contains("ka.req.pod.ephemeralContainers.host_port"), "ephemeral containers have no ports");
        Map<String, FieldDescriptor> byName = new java.util.HashMap<>();
        Samples.FIELDS.fields().forEach(d -> byName.put(d.name(), d));
        assertEquals(FieldArg.KEY, byName.get("ka.uri.param").arg());
        assertTrue(byName.get("ka.uri.param").argRequired());
        assertTrue(byName.get("ka.user.groups").list());
        assertEquals(FieldArg.INDEX, byName.get("ka.req.pod.containers.image").arg());
        assertTrue(!byName.get("ka.req.pod.host_network").list());
        assertEquals(Map.of("k8saudit", "0.18.0", "json", "0.7.4"), Samples.FIELDS.falcoPlugins());
    }

    @Test
    void requestAndUserFields() throws Exception {
        assertEquals("a362d22b-db3c-4590-9505-23782f12925f", f(PRIV, "ka.auditid"));
        assertEquals("ResponseComplete", f(PRIV, "ka.stage"));
        assertEquals("allow", f(PRIV, "ka.auth.decision"));
        assertTrue(((String) f(PRIV, "ka.auth.reason")).startsWith("RBAC: allowed by ClusterRoleBinding"));
        assertEquals("system:serviceaccount:kube-system:replicaset-controller", f(PRIV, "ka.user.name"));
        assertEquals(List.of("system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"),
                f(PRIV, "ka.user.groups"));
        assertNull(f(PRIV, "ka.impuser.name"));
        assertEquals("create", f(PRIV, "ka.verb"));
        assertEquals("/api/v1/namespaces/default/pods", f(PRIV, "ka.uri"));
        assertEquals("pods", f(PRIV, "ka.target.resource"));
        assertEquals("default", f(PRIV, "ka.target.namespace"));
        assertNull(f(PRIV, "ka.target.name"), "a pod created by generateName has no name in objectRef");
        assertNull(f(PRIV, "ka.target.subresource"));
        assertEquals("201", f(PRIV, "ka.response.code"), "numbers come as text, as in the plugin");
        assertNull(f(PRIV, "ka.response.reason"));
        assertEquals(List.of("::1"), f(PRIV, "ka.sourceips"));
        assertEquals("::1", ((List<?>) f(PRIV, "ka.sourceips[0]")).get(0));
        assertNull(f(PRIV, "ka.sourceips[1]"));
        assertNull(f(PRIV, "ka.cluster.name"));
        assertEquals("true", f(PRIV, "ka.req.binding.subject.has_name[anything]"));
    }

    @Test
    void uriParametersAndExecTargets() throws Exception {
        assertEquals("bash", f("exec_pod.json", "ka.uri.param[command]"));
        assertEquals("nginx1", f("exec_pod.json", "ka.uri.param[container]"), "the first of repeated values");
        assertNull(f("exec_pod.json", "ka.uri.param[nothere]"));
        assertEquals("exec", f("exec_pod.json", "ka.target.subresource"));
        assertEquals("nginx-deployment-7998647bdf-phvq7", f("exec_pod.json", "ka.target.name"));
        assertNull(f("exec_pod.json", "ka.target.pod.name"), "only for the pod itself, not its exec subresource");
        assertEquals("a b", on("{\"auditID\":\"x\",\"requestURI\":\"/x?q=a+b&r=%2F\"}", "ka.uri.param[q]"));
        assertEquals("/", on("{\"auditID\":\"x\",\"requestURI\":\"/x?q=a+b&r=%2F\"}", "ka.uri.param[r]"));
    }

    @Test
    void podSpecFields() throws Exception {
        assertEquals(List.of("nginx"), f(PRIV, "ka.req.pod.containers.image"));
        assertEquals(List.of("nginx"), f(PRIV, "ka.req.pod.containers.name"));
        assertEquals(List.of("true"), f(PRIV, "ka.req.pod.containers.privileged"));
        assertEquals("true", f(PRIV, "ka.req.container.privileged"));
        assertEquals("nginx", f(PRIV, "ka.req.container.image"));
        assertNull(f(PRIV, "ka.req.pod.host_network"));
        assertNull(f(PRIV, "ka.req.pod.volumes.hostpath"));
        assertNull(f(PRIV, "ka.req.pod.initContainers.image"));
        assertEquals(List.of("0"), f(PRIV, "ka.req.pod.containers.eff_run_as_user"), "no uid anywhere: root");
        String two = "create_nginx_pod_privileged_2nd_container.json";
        assertEquals(List.of("false", "true"), f(two, "ka.req.pod.containers.privileged"));
        assertEquals(List.of("true"), f(two, "ka.req.pod.containers.privileged[1]"));
        assertEquals(List.of("nginx", "mysql"), f("create_nginx_pod_sensitive_mount_2nd_container.json",
                "ka.req.pod.containers.image.repository"));
        assertEquals(List.of("mysql"), f("create_nginx_pod_sensitive_mount_2nd_container.json",
                "ka.req.pod.containers.image.repository[1]"));
        assertNull(f("create_nginx_pod_sensitive_mount_2nd_container.json", "ka.req.pod.containers.image[2]"));
        assertEquals(List.of("/etc"), f("create_nginx_pod_sensitive_mount_2nd_container.json",
                "ka.req.pod.volumes.hostpath"));
        assertEquals("true", f("create_nginx_pod_sensitive_mount_2nd_container.json", "ka.req.volume.hostpath[/etc]"));
        assertEquals("true", f("create_nginx_pod_sensitive_mount_2nd_container.json", "ka.req.volume.hostpath[/e*]"));
        assertEquals("false", f("create_nginx_pod_sensitive_mount_2nd_container.json", "ka.req.volume.hostpath[/var]"));
        assertEquals(List.of("hostPath"), f("create_nginx_pod_sensitive_mount_2nd_container.json",
                "ka.req.pod.volumes.volume_type"));
        assertEquals("true", f("create_nginx_pod_hostnetwork.json", "ka.req.pod.host_network"));
        assertEquals("true", f("create_nginx_pod_hostnetwork.json", "ka.req.container.host_network"));
    }

    @Test
    void podShapesTheSamplesLack() throws Exception {
        String pod = "{\"auditID\":\"x\",\"requestObject\":{\"spec\":{"
                + "\"securityContext\":{\"runAsUser\":1000,\"runAsGroup\":3000,\"fsGroup\":2000,\"supplementalGroups\":[4,5]},"
                + "\"hostPID\":true,\"hostIPC\":false,"
                + "\"volumes\":[{\"name\":\"a\",\"flexVolume\":{\"driver\":\"acme/lvm\"}},{\"name\":\"b\",\"emptyDir\":{}}],"
                + "\"containers\":["
                + "{\"name\":\"c1\",\"image\":\"docker.io/falcosecurity/falco:0.38@sha256:ab\",\"command\":[\"sh\",\"-c\"],"
                + "\"args\":[\"echo\",\"hi\"],\"ports\":[{\"containerPort\":80},{\"containerPort\":81,\"hostPort\":8081}],"
                + "\"securityContext\":{\"runAsUser\":0,\"allowPrivilegeEscalation\":true,\"readOnlyRootFilesystem\":false,"
                + "\"procMount\":\"Unmasked\",\"capabilities\":{\"add\":[\"NET_ADMIN\",\"SYS_TIME\"]}}},"
                + "{\"name\":\"c2\",\"image\":\"busybox\"}],"
                + "\"initContainers\":[{\"name\":\"i1\",\"image\":\"alpine:3\",\"securityContext\":{\"privileged\":true}}],"
                + "\"ephemeralContainers\":[{\"name\":\"e1\",\"image\":\"debug\"}]}}}";
        assertEquals("1000", on(pod, "ka.req.pod.run_as_user"));
        assertEquals("3000", on(pod, "ka.req.pod.run_as_group"));
        assertEquals("2000", on(pod, "ka.req.pod.fs_group"));
        assertEquals(List.of("4", "5"), on(pod, "ka.req.pod.supplemental_groups"));
        assertEquals("true", on(pod, "ka.req.pod.host_pid"));
        assertEquals("false", on(pod, "ka.req.pod.host_ipc"));
        assertEquals(List.of("acme/lvm"), on(pod, "ka.req.pod.volumes.flexvolume_driver"));
        assertEquals(List.of("flexVolume", "emptyDir"), on(pod, "ka.req.pod.volumes.volume_type"));
        assertEquals(List.of("docker.io/falcosecurity/falco", "busybox"),
                on(pod, "ka.req.pod.containers.image.repository"));
        assertEquals(List.of("sh -c"), on(pod, "ka.req.pod.containers.command"));
        assertEquals(List.of("echo hi"), on(pod, "ka.req.pod.containers.args"));
        assertEquals(List.of("80", "8081"), on(pod, "ka.req.pod.containers.host_port"));
        assertEquals(List.of("0"), on(pod, "ka.req.pod.containers.run_as_user"));
        assertEquals(List.of("0", "1000"), on(pod, "ka.req.pod.containers.eff_run_as_user"));
        assertEquals(List.of("3000", "3000"), on(pod, "ka.req.pod.containers.eff_run_as_group"));
        assertEquals(List.of("1000"), on(pod, "ka.req.pod.containers.eff_run_as_user[1]"));
        assertEquals(List.of("true"), on(pod, "ka.req.pod.containers.allow_privilege_escalation"));
        assertEquals(List.of("false"), on(pod, "ka.req.pod.containers.read_only_fs"));
        assertEquals(List.of("Unmasked"), on(pod, "ka.req.pod.containers.proc_mount"));
        assertEquals(List.of("[\"NET_ADMIN\",\"SYS_TIME\"]"), on(pod, "ka.req.pod.containers.add_capabilities"),
                "one JSON list per container, as the plugin gives it");
        assertEquals(List.of("true"), on(pod, "ka.req.pod.initContainers.privileged"));
        assertEquals(List.of("alpine:3"), on(pod, "ka.req.pod.initContainers.image"));
        assertEquals(List.of("debug"), on(pod, "ka.req.pod.ephemeralContainers.image"));
        assertNull(on(pod, "ka.req.pod.ephemeralContainers.privileged"), "no flag set: no value");
        assertNull(on("{\"requestObject\":{}}", "ka.verb"), "documents without auditID are not audit events");
    }

    @Test
    void rbacFields() throws Exception {
        String bind = "attach_cluster_admin_role.json";
        assertEquals("cluster-admin", f(bind, "ka.req.binding.role"));
        assertEquals(List.of("{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"User\",\"name\":\"minikube\"}"),
                f(bind, "ka.req.binding.subjects"));
        assertEquals(List.of("minikube"), f(bind, "ka.req.binding.subjects.user_names"));
        assertNull(f(bind, "ka.req.binding.subjects.group_names"));
        String role = "create_cluster_role_wildcard_verbs.json";
        assertEquals(List.of("*", "get"), f(role, "ka.req.role.rules.verbs"));
        assertEquals(List.of("*"), f(role, "ka.req.role.rules.verbs[0]"));
        assertEquals(List.of("pods"), f(role, "ka.req.role.rules.resources"));
        assertEquals(List.of(""), f(role, "ka.req.role.rules.apiGroups"));
        assertEquals(13, ((List<?>) f(role, "ka.req.role.rules.nonResourceURLs")).size());
        assertEquals(2, ((List<?>) f(role, "ka.req.role.rules")).size());
        String sa = "{\"auditID\":\"x\",\"requestObject\":{\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"sa\","
                + "\"namespace\":\"ns\"},{\"kind\":\"Group\",\"name\":\"g\"}]}}";
        assertEquals(List.of("ns:sa"), on(sa, "ka.req.binding.subjects.serviceaccount_ns_names"));
        assertEquals(List.of("sa"), on(sa, "ka.req.binding.subjects.serviceaccount_names"));
        assertEquals(List.of("g"), on(sa, "ka.req.binding.subjects.group_names"));
    }

    @Test
    void serviceAndConfigmapFields() throws Exception {
        assertEquals("NodePort", f("create_nginx_service_nodeport.json", "ka.req.service.type"));
        assertEquals(List.of("[{\"nodePort\":30080,\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80}]"),
                f("create_nginx_service_nodeport.json", "ka.req.service.ports"));
        String cm = "create_configmap.json";
        assertEquals(f(cm, "ka.target.name"), f(cm, "ka.req.configmap.name"));
        assertTrue(((String) f(cm, "ka.req.configmap.obj")).startsWith("{"));
    }

    @Test
    void jsonPointerFields() throws Exception {
        assertEquals("ResponseComplete", f(PRIV, "jevt.value[/stage]"));
        assertEquals("ResponseComplete", f(PRIV, "json.value[stage]"), "the leading slash is optional");
        assertEquals("system:authenticated", f(PRIV, "jevt.value[/user/groups/2]"));
        assertEquals("true", f(PRIV, "jevt.value[/requestObject/spec/containers/0/securityContext/privileged]"));
        assertEquals("{\"privileged\":true}", f(PRIV, "jevt.value[/requestObject/spec/containers/0/securityContext]"));
        assertNull(f(PRIV, "jevt.value[/requestObject/ephemeralContainers/0/name]"));
        JsonEvent e = Samples.event(PRIV);
        assertEquals(Long.toString(e.timestamp()), Extractors.extract(e, "jevt.rawtime", Samples.FIELDS));
        assertEquals(1540476552581541000L, e.timestamp(), "stageTimestamp 2018-10-25T14:09:12.581541Z");
        String obj = (String) Extractors.extract(e, "jevt.obj", Samples.FIELDS);
        assertTrue(obj.startsWith("{\n  \"kind\": \"Event\",\n  \"apiVersion\": \"audit.k8s.io/v1beta1\","), obj);
        assertEquals(Json.MAPPER.readTree(e.payload()), Json.MAPPER.readTree(obj), "same document, indented");
        assertEquals("2018-10-25T14:09:12.581541000Z", Extractors.extract(e, "evt.time.iso8601", Samples.FIELDS));
        assertEquals(1L, Extractors.extract(e, "evt.num", Samples.FIELDS));
    }

    @Test
    void badArgumentsAreRejectedWhenRulesCompile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Extractors.bind("k8s_audit", "ka.req.pod.containers.image[x]", Samples.FIELDS));
        assertTrue(e.getMessage().contains("non-negative index"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Extractors.bind("k8s_audit", "ka.uri.param", Samples.FIELDS));
        assertThrows(IllegalArgumentException.class, () -> Extractors.bind("syscall", "ka.verb", Samples.FIELDS));
    }
}
