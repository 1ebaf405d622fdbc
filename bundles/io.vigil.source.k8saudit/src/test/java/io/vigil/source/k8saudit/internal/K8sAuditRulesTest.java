package io.vigil.source.k8saudit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.engine.api.Ruleset;
import io.vigil.sdk.Alert;
import io.vigil.source.jsonkit.JsonEvent;

/** Falco's k8s_audit_rules.yaml, unchanged, on the shared samples: the alerts a Falco user expects. */
class K8sAuditRulesTest {

    private static LoadResult load;
    private static Ruleset rules;

    @BeforeAll
    static void loadRules() throws Exception {
        Path file = Path.of(System.getProperty("vigil.falcoRules", "../../../shared/falco-rules"))
                .resolve("k8s_audit_rules.yaml");
        FieldCatalog catalog = new FieldCatalog(List.of(Samples.FIELDS), Map.of(), Set.of(K8sAuditSource.NAME));
        load = new FalcoRuleEngine().load(List.of(RuleFile.read(file)), catalog,
                new EngineConfig(null, EngineConfig.RuleMatching.ALL, List.of(), List.of(), "test-host", false));
        rules = load.ruleset();
    }

    private static List<Alert> alerts(String sample) throws Exception {
        List<Alert> out = new ArrayList<>();
        for (JsonEvent e : Samples.events(Samples.k8s(sample))) {
            rules.evaluate(e, out::add);
        }
        return out;
    }

    private static Set<String> ruleNames(String sample) throws Exception {
        Set<String> names = new TreeSet<>();
        alerts(sample).forEach(a -> names.add(a.rule()));
        return names;
    }

    @Test
    void theRuleFileLoadsUnchangedWithoutErrors() {
        assertTrue(load.ok(), () -> "errors: " + load.errors());
        assertTrue(rules.sources().contains("k8s_audit"));
    }

    /**
     * Per sample, every rule of the file that fires (rule_matching: all), read from the rules'
     * conditions: e.g. pods created by the replicaset controller (a system: user) raise no
     * "Disallowed K8s User"; kube-system secrets are excluded from "K8s Secret Created";
     * {"kind": 0} is no audit event at all.
     */
    private static final Map<String, Set<String>> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("anonymous_creates_namespace_foo.json",
                    Set.of("Anonymous Request Allowed", "Create Disallowed Namespace", "K8s Namespace Created")),
            Map.entry("attach_cluster_admin_role.json",
                    Set.of("Attach to cluster-admin Role", "K8s ClusterRoleBinding Created")),
            Map.entry("attach_pod.json", Set.of("Attach/Exec Pod")),
            Map.entry("create_cluster_role_pod_exec.json",
                    Set.of("ClusterRole With Pod Exec Created", "K8s ClusterRole Created")),
            Map.entry("create_cluster_role_wildcard_resources.json",
                    Set.of("ClusterRole With Wildcard Created", "K8s ClusterRole Created")),
            Map.entry("create_cluster_role_wildcard_verbs.json",
                    Set.of("ClusterRole With Wildcard Created", "K8s ClusterRole Created")),
            Map.entry("create_cluster_role_write_privileges.json",
                    Set.of("ClusterRole With Write Privileges Created", "K8s ClusterRole Created")),
            Map.entry("create_clusterrole.json", Set.of("K8s ClusterRole Created")),
            Map.entry("create_clusterrolebinding.json", Set.of("K8s ClusterRoleBinding Created")),
            Map.entry("create_configmap.json", Set.of("K8s ConfigMap Created")),
            Map.entry("create_configmap_no_sensitive_values.json", Set.of("K8s ConfigMap Created")),
            Map.entry("create_configmap_sensitive_values.json",
                    Set.of("Create/Modify Configmap With Private Credentials", "K8s ConfigMap Created")),
            Map.entry("create_deployment.json", Set.of("K8s Deployment Created")),
            Map.entry("create_kube_system_secret.json", Set.of()),
            Map.entry("create_nginx_pod_hostnetwork.json", Set.of("Create HostNetwork Pod")),
            Map.entry("create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json",
                    Set.of("Create Privileged Pod")),
            Map.entry("create_nginx_pod_nohostnetwork.json", Set.of()),
            Map.entry("create_nginx_pod_privileged.json", Set.of("Create Privileged Pod")),
            Map.entry("create_nginx_pod_privileged_2nd_container.json", Set.of("Create Privileged Pod")),
            Map.entry("create_nginx_pod_sensitive_mount.json", Set.of("Create Sensitive Mount Pod")),
            Map.entry("create_nginx_pod_sensitive_mount_2nd_container.json", Set.of("Create Sensitive Mount Pod")),
            Map.entry("create_nginx_pod_unprivileged.json", Set.of()),
            Map.entry("create_nginx_pod_unsensitive_mount.json", Set.of()),
            Map.entry("create_nginx_service_nodeport.json", Set.of("Create NodePort Service", "K8s Service Created")),
            Map.entry("create_nginx_service_nonodeport.json", Set.of("K8s Service Created")),
            Map.entry("create_pod_kube_public_namespace.json", Set.of("Pod Created in Kube Namespace")),
            Map.entry("create_pod_kube_system_namespace.json", Set.of("Pod Created in Kube Namespace")),
            Map.entry("create_secret.json", Set.of("K8s Secret Created")),
            Map.entry("create_service.json", Set.of("K8s Service Created")),
            Map.entry("create_service_account_token_secret.json", Set.of()),
            Map.entry("create_serviceaccount.json", Set.of("K8s Serviceaccount Created")),
            Map.entry("create_serviceaccount_kube_public_namespace.json",
                    Set.of("K8s Serviceaccount Created", "Service Account Created in Kube Namespace")),
            Map.entry("create_serviceaccount_kube_system_namespace.json",
                    Set.of("K8s Serviceaccount Created", "Service Account Created in Kube Namespace")),
            Map.entry("delete_cluster_role_kube_aggregator.json",
                    Set.of("K8s ClusterRole Deleted", "System ClusterRole Modified/Deleted")),
            Map.entry("delete_clusterrole.json", Set.of("K8s ClusterRole Deleted")),
            Map.entry("delete_clusterrolebinding.json", Set.of("K8s ClusterRoleBinding Deleted")),
            Map.entry("delete_configmap.json", Set.of("K8s ConfigMap Deleted")),
            Map.entry("delete_deployment.json", Set.of("K8s Deployment Deleted")),
            Map.entry("delete_namespace_foo.json", Set.of("K8s Namespace Deleted")),
            Map.entry("delete_secret.json", Set.of("K8s Secret Deleted")),
            Map.entry("delete_service.json", Set.of("K8s Service Deleted")),
            Map.entry("delete_serviceaccount.json", Set.of("K8s Serviceaccount Deleted")),
            Map.entry("exec_pod.json", Set.of("Attach/Exec Pod")),
            Map.entry("fal_01_003.json", Set.of()),
            Map.entry("minikube_creates_namespace_foo.json",
                    Set.of("Create Disallowed Namespace", "K8s Namespace Created")),
            Map.entry("modify_cluster_role_node_problem_detector.json", Set.of("System ClusterRole Modified/Deleted")),
            Map.entry("some-user_creates_namespace_foo.json",
                    Set.of("Create Disallowed Namespace", "Disallowed K8s User", "K8s Namespace Created"))));

    @Test
    void everySampleRaisesTheAlertsAFalcoUserExpects() throws Exception {
        Map<String, Set<String>> actual = new TreeMap<>();
        try (var s = Files.list(Samples.root().resolve("k8s_audit"))) {
            for (Path p : s.sorted().toList()) {
                actual.put(p.getFileName().toString(), ruleNames(p.getFileName().toString()));
            }
        }
        assertEquals(EXPECTED.keySet(), actual.keySet(), "every sample has an expectation");
        EXPECTED.forEach((sample, rules) -> assertEquals(new TreeSet<>(rules), actual.get(sample), sample));
    }

    @Test
    void alertsCarryFalcoOutputWithTheFieldValues() throws Exception {
        Alert a = alerts("create_nginx_pod_privileged.json").get(0);
        assertEquals("Create Privileged Pod", a.rule());
        assertEquals("k8s_audit", a.source());
        assertEquals(io.vigil.sdk.Priority.WARNING, a.priority());
        assertTrue(a.output().startsWith("Pod started with privileged container (user=system:serviceaccount:"
                + "kube-system:replicaset-controller pod=nginx-deployment-5cdcc99dbf-rgw6z resource=pods ns=default"),
                a.output());
        Alert b = alerts("attach_cluster_admin_role.json").stream()
                .filter(x -> x.rule().equals("Attach to cluster-admin Role")).findFirst().orElseThrow();
        assertTrue(b.output().contains("user=minikube"), b.output());
        assertTrue(b.output().contains("\"name\":\"minikube\""), b.output());
    }
}
