package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vigil.runtime.api.SourceStatus;
import io.vigil.runtime.api.VigilRuntime;

/**
 * The audit-log sources end to end in the built distribution, beside live syscall capture:
 * the operator configures the Kubernetes audit webhook and a CloudTrail log directory, installs
 * the two on-demand features from the console, then Falco's rule files raise the expected
 * alerts for every Kubernetes sample POSTed as the kube-apiserver sends it and for every
 * CloudTrail log file dropped into the followed directory, while syscall alerts keep coming.
 * The Okta (System Log API served here), GitHub (signed webhook deliveries) and GCP audit
 * (Pub/Sub push) sources are installed, fed and, for two of them, uninstalled the same way.
 * Alerts are read as Falco's JSON lines from the file output.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuditSourcesIT {

    static final String BOUNDARY_RULE = "AuditSourcesIT sample boundary";
    static final String BOUNDARY_PREFIX = "vigil-itest-boundary-";
    static final String SYSCALL_RULE = "Credential File Read By Untrusted Program";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Set in the container JVM once the features are installed and the sources run. */
    private static volatile int webhookPort;
    /** The webhook's bearer token once a test has configured one. */
    private static volatile String webhookToken;

    @Inject
    private VigilRuntime runtime;

    @Inject
    private SessionFactory sessions;

    @Inject
    private FeaturesService features;

    // ---- the distribution under test (evaluated in the test driver's JVM) -----------------------

    @Configuration
    public Option[] config() throws IOException {
        Path dir = Path.of(System.getProperty("vigil.itest.dir"));
        Path work = dir.resolve("audit-it");
        deleteTree(work);
        Files.createDirectories(work.resolve("trail"));
        // ../shared lives beside the repository; the tests run in itests/.
        Path shared = Path.of("..", "..", "shared").toAbsolutePath().normalize();
        Path falcoRules = shared.resolve("falco-rules");
        Path vigilRules = Path.of("..", "rules", "vigil_rules.yaml").toAbsolutePath().normalize();
        Path itestRules = dir.resolve("test-classes/audit/itest_rules.yaml");
        for (Path p : List.of(falcoRules.resolve("k8s_audit_rules.yaml"), falcoRules.resolve("aws_cloudtrail_rules.yaml"),
                falcoRules.resolve("okta_rules.yaml"), falcoRules.resolve("github_rules.yaml"),
                falcoRules.resolve("gcp_auditlog_rules.yaml"),
                vigilRules, itestRules, shared.resolve("samples/k8s_audit"))) {
            if (!Files.exists(p)) {
                throw new IllegalStateException("missing " + p + " (../shared must be cloned beside the repository)");
            }
        }
        Path config = work.resolve("vigil.yaml");
        Files.writeString(config, String.join("\n",
                "rules_files:",
                "  - " + falcoRules.resolve("k8s_audit_rules.yaml"),
                "  - " + falcoRules.resolve("aws_cloudtrail_rules.yaml"),
                "  - " + falcoRules.resolve("okta_rules.yaml"),
                "  - " + falcoRules.resolve("github_rules.yaml"),
                "  - " + falcoRules.resolve("gcp_auditlog_rules.yaml"),
                "  - " + vigilRules,
                "  - " + itestRules,
                "rule_matching: all",
                "rules:",
                "  - enable:",
                "      rule: All Cloudtrail Events",
                "json_output: true",
                "stdout_output:",
                "  enabled: false",
                "file_output:",
                "  enabled: true",
                "  keep_alive: true",
                "  filename: " + work.resolve("alerts.json"),
                "watch_config_files: false",
                ""), StandardCharsets.UTF_8);
        return VigilDistribution.options("exam-audit", config,
                // The CloudTrail source's configuration as an operator drops it into etc/ (the
                // webhook's is set from the console in the test, before the features are installed).
                editConfigurationFilePut("etc/io.vigil.source.cloudtrail.cfg", "openParams",
                        work.resolve("trail").toString()),
                editConfigurationFilePut("etc/io.vigil.source.cloudtrail.cfg", "follow", "true"),
                editConfigurationFilePut("etc/io.vigil.source.cloudtrail.cfg", "pollIntervalMillis", "200"),
                systemProperty("vigil.itest.audit").value(work.toString()),
                systemProperty("vigil.itest.samples").value(shared.resolve("samples").toString()));
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(x);
                }
            }
        }
    }

    // ---- in the container -----------------------------------------------------------------------

    static Path work() {
        return Path.of(System.getProperty("vigil.itest.audit"));
    }

    static Path samples() {
        return Path.of(System.getProperty("vigil.itest.samples"));
    }

    /**
     * Configures the webhook and installs the two features from the console, as an operator
     * would, once per run; waits until both sources run and Falco's rules for them are active.
     */
    private synchronized void installAuditSources() throws Exception {
        if (webhookPort != 0) {
            return;
        }
        await(() -> state("syscall").equals("running"), "the live syscall source running before the audit sources: "
                + runtime.sources());
        assertFalse("vigil-k8saudit is installed on demand only",
                features.isInstalled(features.getFeature("vigil-k8saudit")));
        assertFalse("the k8s_audit rules wait for their source", ruleEnabled("Create Privileged Pod"));

        // Karaf registers each bundle's commands as the bundle starts, possibly after the probe.
        for (String[] c : List.of(new String[] {"config", "edit"}, new String[] {"feature", "install"},
                new String[] {"vigil", "sources"})) {
            await(() -> sessions.getRegistry().getCommand(c[0], c[1]) != null, "the console command " + c[0] + ":" + c[1]);
        }
        int port = freePort();
        String edit = console("config:edit io.vigil.source.k8saudit",
                "config:property-set openParams http://127.0.0.1:" + port + "/k8s-audit",
                "config:update");
        String install = console("feature:install vigil-k8saudit vigil-cloudtrail");
        assertTrue("vigil-k8saudit installed: " + edit + install,
                features.isInstalled(features.getFeature("vigil-k8saudit")));
        assertTrue("vigil-cloudtrail installed: " + install,
                features.isInstalled(features.getFeature("vigil-cloudtrail")));

        await(() -> state("k8s_audit").equals("running") && state("aws_cloudtrail").equals("running"),
                "both audit sources running");
        await(() -> ruleEnabled("Create Privileged Pod") && ruleEnabled("Run Instances") && ruleEnabled(BOUNDARY_RULE),
                "Falco's k8s_audit and aws_cloudtrail rules becoming active");
        assertEquals("the syscall source kept running through the feature installation", "running", state("syscall"));
        String sources = console("vigil:sources");
        for (String s : List.of("syscall", "k8s_audit", "aws_cloudtrail")) {
            assertTrue("vigil:sources shows " + s + " running:\n" + sources,
                    sources.lines().anyMatch(l -> l.contains(s) && l.contains("running")));
        }
        webhookPort = port;
    }

    @Test
    public void kubernetesSamplesPostedToTheWebhookRaiseFalcosAlertsWhileSyscallsAreCaptured() throws Exception {
        installAuditSources();
        JsonNode expected = JSON.readTree(resource("k8s_audit_expected.json").toFile()).path("samples");
        List<Path> files;
        try (Stream<Path> s = Files.list(samples().resolve("k8s_audit"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        TreeSet<String> expectedSamples = new TreeSet<>();
        expected.fieldNames().forEachRemaining(expectedSamples::add);
        assertEquals("every sample has an expectation", expectedSamples,
                new TreeSet<>(files.stream().map(p -> p.getFileName().toString()).toList()));

        Instant trafficStart = Instant.now();
        long eventsBefore = source("k8s_audit").events();
        long posted = 0;
        int seen = k8sAlerts().size();
        int boundary = 0;
        int asserted = 0;
        int fieldsAsserted = 0;
        int eventLists = 0;
        String nginxCmdline = null;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String name = file.getFileName().toString();
            JsonNode want = expected.path(name);
            List<JsonNode> docs = documents(file);
            // The apiserver's webhook backend sends EventList batches; single Events are sent
            // as they are (every second sample), several per file always as one EventList.
            byte[] body;
            if (docs.size() == 1 && (i % 2 == 0 || !docs.get(0).path("kind").asText().equals("Event"))) {
                body = Files.readAllBytes(file);
            } else {
                body = eventList(docs);
                eventLists++;
            }
            HttpResponse<String> r = post(body);
            assertEquals(name + ": " + r.body(), want.path("status").asInt(200), r.statusCode());
            if (r.statusCode() == 200) {
                posted += docs.size();
            }

            if (i == files.size() / 2) {
                // Syscall activity in the middle of the audit traffic.
                nginxCmdline = readShadowAsNginx();
            }

            String marker = BOUNDARY_PREFIX + (++boundary);
            assertEquals(200, post(boundaryEvent(marker)).statusCode());
            posted++;
            List<JsonNode> all = awaitK8s(a -> a.path("rule").asText().equals(BOUNDARY_RULE)
                    && a.path("output_fields").path("ka.auditid").asText().equals(marker), "the boundary after " + name);
            List<JsonNode> alerts = new ArrayList<>(all.subList(seen, all.size() - 1));
            seen = all.size();
            for (JsonNode a : alerts) {
                assertFalse(name + " gave a boundary alert in the middle: " + a, a.path("rule").asText().equals(BOUNDARY_RULE));
            }
            TreeSet<String> wantRules = new TreeSet<>();
            want.path("alerts").forEach(a -> wantRules.add(a.path("rule").asText()));
            TreeSet<String> gotRules = new TreeSet<>();
            alerts.forEach(a -> gotRules.add(a.path("rule").asText()));
            assertEquals(name + ": the rules that fired; alerts:\n" + alerts, wantRules, gotRules);

            for (JsonNode w : want.path("alerts")) {
                JsonNode got = alerts.stream().filter(a -> a.path("rule").asText().equals(w.path("rule").asText()))
                        .findFirst().orElseThrow();
                assertEquals(name + " " + got, "k8s_audit", got.path("source").asText());
                assertEquals(name + " " + got, w.path("priority").asText(), got.path("priority").asText());
                assertTrue(name + ": output: " + got, got.path("output").asText().length() > 10);
                Iterator<Map.Entry<String, JsonNode>> fields = w.path("fields").fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    assertEquals(name + ": " + w.path("rule").asText() + " " + f.getKey() + " in " + got,
                            f.getValue().asText(), got.path("output_fields").path(f.getKey()).asText());
                    fieldsAsserted++;
                }
                asserted++;
            }
        }
        assertEquals(56, asserted);
        assertTrue("both payload kinds were sent", eventLists > 5 && eventLists < files.size() - 5);

        // The privileged pod's alert as a Falco user reads it.
        JsonNode privileged = k8sAlerts().stream().filter(a -> a.path("rule").asText().equals("Create Privileged Pod")
                && a.path("output_fields").path("ka.resp.name").asText().equals("nginx-deployment-5cdcc99dbf-rgw6z"))
                .findFirst().orElseThrow();
        assertTrue(privileged.toString(), privileged.path("output").asText().startsWith("Pod started with privileged "
                + "container (user=system:serviceaccount:kube-system:replicaset-controller pod=nginx-deployment-5cdcc99dbf-rgw6z"
                + " resource=pods ns=default"));

        JsonNode syscall = awaitSyscallAlert(nginxCmdline, "nginx reading /etc/shadow during the audit traffic");
        assertTrue(syscall.toString(), !Instant.parse(syscall.path("time").asText()).isBefore(trafficStart));
        assertEquals("/etc/shadow", syscall.path("output_fields").path("fd.name").asText());
        assertEquals("nginx", syscall.path("output_fields").path("proc.name").asText());
        assertEquals("syscall", syscall.path("source").asText());
        assertEquals("Warning", syscall.path("priority").asText());

        SourceStatus k8s = source("k8s_audit");
        assertEquals("running", k8s.state());
        assertEquals("no audit event was dropped: " + k8s.counters(), 0, k8s.drops());
        assertEquals("every event posted was read: " + k8s.counters(), posted, k8s.events() - eventsBefore);
        System.out.println("AuditSourcesIT: " + files.size() + " k8s samples posted (" + eventLists
                + " as EventList), " + asserted + " alerts with " + fieldsAsserted + " output fields asserted, "
                + k8s.events() + " k8s_audit events read");
    }

    @Test
    public void cloudTrailLogFilesDroppedIntoTheFollowedDirectoryRaiseFalcosAlerts() throws Exception {
        installAuditSources();
        Path trail = work().resolve("trail");
        // The two samples as files of their own, then records written here in CloudTrail's
        // documented format, gzip-compressed where AWS delivers them.
        Path sampleDir = Files.createDirectories(trail.resolve("samples"));
        int sampleFiles = 0;
        try (Stream<Path> s = Files.list(samples().resolve("cloudtrail"))) {
            for (Path p : s.sorted().toList()) {
                Files.copy(p, sampleDir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                sampleFiles++;
            }
        }
        assertEquals(2, sampleFiles);
        Path aws = Files.createDirectories(trail.resolve("AWSLogs/444455556666/CloudTrail/us-east-1/2025/11/30"));
        Path gz = aws.resolve("444455556666_CloudTrail_us-east-1_20251130T0820Z_itest.json.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz.resolveSibling(gz.getFileName() + ".tmp")))) {
            o.write(Files.readAllBytes(resource("cloudtrail_records.json")));
        }
        // AWS puts complete objects; a file appears whole (a rename), as with aws s3 sync.
        Files.move(gz.resolveSibling(gz.getFileName() + ".tmp"), gz);

        int records = 2 + 6;
        List<JsonNode> all = awaitCloudTrail(l -> l.stream().filter(a -> a.path("rule").asText()
                .equals("All Cloudtrail Events")).count() >= records, records + " records read");
        Thread.sleep(500); // nothing more may come
        all = cloudTrailAlerts();

        List<JsonNode> each = all.stream().filter(a -> a.path("rule").asText().equals("All Cloudtrail Events")).toList();
        assertEquals("one 'All Cloudtrail Events' alert per record: " + each, records, each.size());
        long samplesSeen = each.stream().filter(a -> a.path("output_fields").path("evt.plugininfo").asText()
                .startsWith("us-east-2 Alice ec2 StartInstances")).count();
        assertEquals("the two sample records: " + each, 2, samplesSeen);
        for (JsonNode a : all) {
            assertEquals(a.toString(), "aws_cloudtrail", a.path("source").asText());
        }

        List<String> fired = all.stream().map(a -> a.path("rule").asText())
                .filter(r -> !r.equals("All Cloudtrail Events")).sorted().toList();
        assertEquals(List.of("CloudTrail Logging Disabled", "Console Login Without MFA", "Create AWS user",
                "Delete Bucket Public Access Block", "Run Instances", "Run Instances in Non-approved Region"), fired);

        assertAlert(all, "Console Login Without MFA", "Critical",
                Map.of("ct.user", "Carol", "ct.srcip", "192.0.2.21", "ct.region", "eu-central-1"));
        assertAlert(all, "Create AWS user", "Informational",
                Map.of("ct.user", "OpsAdmin", "ct.request.username", "svc-backup", "ct.region", "us-east-1"));
        assertAlert(all, "Run Instances", "Warning", Map.of("ct.user", "Dave", "ct.region", "sa-east-1",
                "ct.request.availabilityzone", "sa-east-1b", "ct.response.subnetid", "subnet-0itest1b",
                "ct.response.reservationid", "r-0itestfeed"));
        assertAlert(all, "Run Instances in Non-approved Region", "Warning",
                Map.of("ct.user", "Dave", "json.value[/responseElements/instancesSet/items/0/instanceId]", "i-0itest000000001"));
        assertAlert(all, "CloudTrail Logging Disabled", "Warning",
                Map.of("ct.user", "Eve", "ct.request.name", "arn:aws:cloudtrail:us-east-1:444455556666:trail/org-trail"));
        assertAlert(all, "Delete Bucket Public Access Block", "Critical",
                Map.of("ct.user", "StorageAdmin", "s3.bucket", "payroll-exports", "ct.srcip", "192.0.2.99"));

        SourceStatus ct = source("aws_cloudtrail");
        assertEquals("the followed directory keeps the source running", "running", ct.state());
        assertEquals(ct.counters().toString(), 3L, (long) ct.counters().get("files"));
        assertEquals(ct.counters().toString(), 0, ct.drops());
        assertEquals("running", state("syscall"));
        System.out.println("AuditSourcesIT: " + records + " CloudTrail records in 3 files, " + all.size()
                + " alerts asserted");
    }

    @Test
    public void malformedRequestsGet400AndEveryOtherSourceKeepsFlowing() throws Exception {
        installAuditSources();
        long malformedBefore = source("k8s_audit").counters().get("malformed_requests");
        HttpResponse<String> bad = post("{\"kind\":\"EventList\",\"items\":[".getBytes(StandardCharsets.UTF_8));
        assertEquals(bad.body(), 400, bad.statusCode());
        assertTrue(bad.body(), bad.body().startsWith("malformed JSON at line 1"));
        HttpResponse<String> notAudit = post("{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(notAudit.body(), 400, notAudit.statusCode());
        HttpRequest.Builder text = HttpRequest.newBuilder(webhook()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (webhookToken != null) {
            text.header("Authorization", "Bearer " + webhookToken);
        }
        HttpResponse<String> wrongType = HttpClient.newHttpClient().send(text.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(wrongType.body(), 415, wrongType.statusCode());
        assertEquals(malformedBefore + 1, (long) source("k8s_audit").counters().get("malformed_requests"));

        // The syscall source still delivers, and so does the webhook.
        awaitSyscallAlert(readShadowAsNginx(), "a syscall alert after the bad requests");
        String marker = BOUNDARY_PREFIX + "after-bad-input";
        assertEquals(200, post(boundaryEvent(marker)).statusCode());
        awaitK8s(a -> a.path("output_fields").path("ka.auditid").asText().equals(marker), "the webhook after bad input");
        for (String s : List.of("syscall", "k8s_audit", "aws_cloudtrail")) {
            assertEquals(s + ": " + runtime.sources(), "running", state(s));
        }
    }

    @Test
    public void webhookReconfiguredWhileRunningMovesToItsNewPortAndRequiresItsToken() throws Exception {
        installAuditSources();
        int oldPort = webhookPort;
        int port = freePort();
        String token = "itest-" + java.util.UUID.randomUUID();
        long syscallEvents = source("syscall").events();
        console("config:edit io.vigil.source.k8saudit",
                "config:property-set openParams http://127.0.0.1:" + port + "/k8s-audit",
                "config:property-set .webhookToken " + token,
                "config:update");
        URI uri = URI.create("http://127.0.0.1:" + port + "/k8s-audit");
        await(() -> {
            try {
                return send(uri, null, boundaryEvent("probe")).statusCode() == 401;
            } catch (Exception notYet) {
                return false;
            }
        }, "the webhook on its new port asking for the token");
        assertEquals(401, send(uri, "Bearer wrong", boundaryEvent("probe")).statusCode());
        String marker = BOUNDARY_PREFIX + "with-token";
        assertEquals(200, send(uri, "Bearer " + token, boundaryEvent(marker)).statusCode());
        webhookPort = port;
        webhookToken = token;
        awaitK8s(a -> a.path("output_fields").path("ka.auditid").asText().equals(marker),
                "an event sent with the token to the new port");
        try {
            HttpResponse<String> r = send(URI.create("http://127.0.0.1:" + oldPort + "/k8s-audit"), null,
                    boundaryEvent("old"));
            fail("the old port " + oldPort + " still answers: " + r.statusCode() + " " + r.body());
        } catch (java.net.ConnectException expected) {
            // closed with the old configuration
        }
        assertEquals("running", state("k8s_audit"));
        assertEquals("running", state("syscall"));
        await(() -> source("syscall").events() > syscallEvents, "syscall events still flowing");
        assertTrue("the k8s_audit rules stay active", ruleEnabled("Create Privileged Pod"));
    }

    @Test
    public void oktaSystemLogPolledFromTheApiRaisesFalcosRulesAndTheFeatureLeavesCleanly() throws Exception {
        installAuditSources();
        String token = "00itest-" + java.util.UUID.randomUUID();
        List<String> log = List.of(
                oktaEvent("o1", "2025-11-30T09:00:00.000Z", "user.account.privilege.grant", "SUCCESS", "Mallory Admin"),
                oktaEvent("o2", "2025-11-30T09:01:00.000Z", "user.authentication.auth_via_mfa", "FAILURE", "Jane Itest"),
                oktaEvent("o3", "2025-11-30T09:02:00.000Z", "user.authentication.auth_via_mfa", "FAILURE", "Jane Itest"),
                oktaEvent("o4", "2025-11-30T09:03:00.000Z", "user.authentication.auth_via_mfa", "FAILURE", "Jane Itest"));
        // The log is empty until Falco's okta rules are active: the runtime opens a new source
        // before it recompiles the rules for it, so events polled in that window would meet no rule.
        java.util.concurrent.atomic.AtomicBoolean published = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<URI> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer okta = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 8);
        String base = "http://127.0.0.1:" + okta.getAddress().getPort();
        // Okta's System Log API: pages of two LogEvents, the cursor in the next link.
        okta.createContext("/api/v1/logs", x -> {
            try (x) {
                asked.add(x.getRequestURI());
                authorizations.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
                String q = String.valueOf(x.getRequestURI().getRawQuery());
                java.util.regex.Matcher after = java.util.regex.Pattern.compile("(?:^|&)after=(\\d+)").matcher(q);
                int from = after.find() ? Integer.parseInt(after.group(1)) : 0;
                int to = published.get() ? Math.min(log.size(), from + 2) : from;
                x.getResponseHeaders().add("Link", "<" + base + x.getRequestURI() + ">; rel=\"self\"");
                x.getResponseHeaders().add("Link", "<" + base + "/api/v1/logs?limit=1000&after=" + to
                        + "&sortOrder=ASCENDING>; rel=\"next\"");
                byte[] b = ("[" + String.join(",", log.subList(from, to)) + "]").getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "application/json");
                x.sendResponseHeaders(("SSWS " + token).equals(x.getRequestHeaders().getFirst("Authorization")) ? 200 : 401,
                        b.length);
                x.getResponseBody().write(b);
            }
        });
        okta.start();
        try {
            console("config:edit io.vigil.source.okta",
                    "config:property-set organization " + base,
                    "config:property-set .api_token " + token,
                    "config:property-set refresh_interval 1",
                    "config:property-set since 2025-11-30T08:00:00Z",
                    "config:update",
                    "feature:install vigil-okta");
            await(() -> state("okta").equals("running"), "the okta source running: " + runtime.sources());
            await(() -> ruleEnabled("Too many failed MFA in last 5min") && ruleEnabled("AuditSourcesIT okta organization"),
                    "Falco's okta rules becoming active");
            published.set(true);
            List<JsonNode> alerts = awaitSource("okta", l -> l.size() >= 3, "three okta alerts");
            assertAlert(alerts, "Admin permission has been assigned to a user in OKTA", "Notice",
                    Map.of("okta.actor.name", "Mallory Admin", "okta.client.ip", "203.0.113.50"));
            assertAlert(alerts, "Too many failed MFA in last 5min", "Warning",
                    Map.of("okta.actor.name", "Jane Itest", "okta.mfa.failure.countlast[300]", "3"));
            assertAlert(alerts, "AuditSourcesIT okta organization", "Debug", Map.of("okta.org", base));
            assertEquals(alerts.toString(), 3, alerts.size());
            assertTrue("the SSWS token on every request: " + authorizations,
                    authorizations.stream().allMatch(("SSWS " + token)::equals));
            assertTrue("from 'since', then the next links: " + asked, asked.get(0).getRawQuery().contains(
                    "since=2025-11-30T08%3A00%3A00Z") && asked.stream().anyMatch(u -> u.getRawQuery().contains("after=2")));

            long syscallEvents = source("syscall").events();
            console("feature:uninstall vigil-okta");
            await(() -> state("okta").equals("absent"), "the okta source gone: " + runtime.sources());
            await(() -> !ruleEnabled("Too many failed MFA in last 5min"), "the okta rules deactivated");
            int requests = asked.size();
            Thread.sleep(2500); // more than two refresh intervals: a leftover poller would have asked again
            assertEquals("no request after the feature left: " + asked, requests, asked.size());
            assertEquals("running", state("syscall"));
            assertEquals("running", state("k8s_audit"));
            await(() -> source("syscall").events() > syscallEvents, "syscall events still flowing");
        } finally {
            okta.stop(0);
        }
    }

    @Test
    public void githubDeliveriesSignedWithTheSecretRaiseFalcosRulesInBothContentTypes() throws Exception {
        installAuditSources();
        int port = freePort();
        String secret = "itest-" + java.util.UUID.randomUUID();
        console("config:edit io.vigil.source.github",
                "config:property-set openParams http://127.0.0.1:" + port + "/webhook",
                "config:property-set .webhookSecret " + secret,
                "config:update",
                "feature:install vigil-github");
        await(() -> state("github").equals("running"), "the github source running: " + runtime.sources());
        await(() -> ruleEnabled("Webhook Connected") && ruleEnabled("Create Public Repository"),
                "Falco's github rules becoming active");
        URI hook = URI.create("http://127.0.0.1:" + port + "/webhook");
        String repo = "\"repository\":{\"id\":7001,\"name\":\"itest-app\",\"full_name\":\"vigil-itest/itest-app\","
                + "\"private\":false,\"html_url\":\"https://github.com/vigil-itest/itest-app\",\"owner\":{\"login\":"
                + "\"vigil-itest\"}},\"organization\":{\"login\":\"vigil-itest\"},\"sender\":{\"login\":\"octo-itest\"}";
        String ping = "{\"zen\":\"Design for failure.\",\"hook_id\":9001,\"hook\":{\"type\":\"Repository\",\"id\":9001,"
                + "\"name\":\"web\",\"active\":true,\"events\":[\"*\"]}," + repo + "}";
        String created = "{\"action\":\"created\"," + repo + "}";

        // GitHub's ping on creating the hook, as JSON; then a delivery as a form (GitHub's default).
        assertEquals(200, github(hook, "ping", "application/json", ping, secret).statusCode());
        String form = "payload=" + java.net.URLEncoder.encode(created, StandardCharsets.UTF_8);
        HttpResponse<String> r = github(hook, "repository", "application/x-www-form-urlencoded", form, secret);
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals("a delivery signed with another secret", 401,
                github(hook, "repository", "application/json", created, "not-the-secret").statusCode());

        List<JsonNode> alerts = awaitSource("github", l -> l.size() >= 3, "three github alerts");
        assertAlert(alerts, "Webhook Connected", "Debug", Map.of("github.webhook.id", "9001", "github.user", "octo-itest"));
        assertAlert(alerts, "Create Public Repository", "Warning", Map.of("github.repo.name", "vigil-itest/itest-app",
                "github.repo.url", "https://github.com/vigil-itest/itest-app", "github.org", "vigil-itest"));
        assertAlert(alerts, "Create Repository", "Informational", Map.of("github.user", "octo-itest"));
        assertEquals(alerts.toString(), 3, alerts.size());
        assertEquals(1L, (long) source("github").counters().get("rejected_requests"));

        console("feature:uninstall vigil-github");
        await(() -> state("github").equals("absent"), "the github source gone: " + runtime.sources());
        try {
            HttpResponse<String> after = github(hook, "ping", "application/json", ping, secret);
            fail("the webhook still answers after feature:uninstall: " + after.statusCode());
        } catch (java.net.ConnectException expected) {
            // the port is closed with the source
        }
        assertEquals("running", state("syscall"));
    }

    @Test
    public void gcpAuditLogEntriesPushedByPubSubRaiseFalcosRules() throws Exception {
        installAuditSources();
        int port = freePort();
        String token = "itest-" + java.util.UUID.randomUUID();
        console("config:edit io.vigil.source.gcpaudit",
                "config:property-set openParams http://127.0.0.1:" + port + "/gcp-audit",
                "config:property-set .webhookToken " + token,
                "config:update",
                "feature:install vigil-gcpaudit");
        await(() -> state("gcp_auditlog").equals("running"), "the gcp_auditlog source running: " + runtime.sources());
        await(() -> ruleEnabled("GCP IAM service account key created"), "Falco's gcp_auditlog rules becoming active");

        // A Cloud Audit Logs LogEntry, as a log sink publishes it and a Pub/Sub push subscription delivers it.
        String entry = "{\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
                + "\"status\":{},\"authenticationInfo\":{\"principalEmail\":\"mallory@itest.example\"},"
                + "\"requestMetadata\":{\"callerIp\":\"198.51.100.77\",\"callerSuppliedUserAgent\":\"gcloud/470.0.0\"},"
                + "\"serviceName\":\"iam.googleapis.com\",\"methodName\":\"google.iam.admin.v1.CreateServiceAccountKey\","
                + "\"authorizationInfo\":[{\"resource\":\"projects/-/serviceAccounts/1234\",\"permission\":"
                + "\"iam.serviceAccountKeys.create\",\"granted\":true}],"
                + "\"resourceName\":\"projects/-/serviceAccounts/1234\",\"request\":{\"name\":"
                + "\"projects/-/serviceAccounts/ci@itest-proj.iam.gserviceaccount.com\"}},"
                + "\"insertId\":\"itest1\",\"resource\":{\"type\":\"service_account\",\"labels\":{\"project_id\":"
                + "\"itest-proj\",\"email_id\":\"ci@itest-proj.iam.gserviceaccount.com\"}},"
                + "\"timestamp\":\"2025-11-30T10:00:00.123456Z\",\"severity\":\"NOTICE\","
                + "\"logName\":\"projects/itest-proj/logs/cloudaudit.googleapis.com%2Factivity\","
                + "\"receiveTimestamp\":\"2025-11-30T10:00:01.000Z\"}";
        String push = "{\"message\":{\"data\":\"" + java.util.Base64.getEncoder().encodeToString(
                entry.getBytes(StandardCharsets.UTF_8)) + "\",\"messageId\":\"9876543210\",\"publishTime\":"
                + "\"2025-11-30T10:00:02Z\",\"attributes\":{\"logging.googleapis.com/timestamp\":"
                + "\"2025-11-30T10:00:00.123456Z\"}},\"subscription\":\"projects/itest-proj/subscriptions/vigil\"}";
        URI uri = URI.create("http://127.0.0.1:" + port + "/gcp-audit");
        assertEquals("a push without the token", 401,
                send(uri, null, push.getBytes(StandardCharsets.UTF_8)).statusCode());
        HttpResponse<String> r = send(uri, "Bearer " + token, push.getBytes(StandardCharsets.UTF_8));
        assertEquals(r.body(), 200, r.statusCode());

        List<JsonNode> alerts = awaitSource("gcp_auditlog", l -> !l.isEmpty(), "a gcp_auditlog alert");
        assertAlert(alerts, "GCP IAM service account key created", "Notice", Map.of("gcp.user", "mallory@itest.example",
                "gcp.callerIP", "198.51.100.77", "gcp.userAgent", "gcloud/470.0.0", "gcp.projectId", "itest-proj"));
        Thread.sleep(300);
        assertEquals(bySource("gcp_auditlog").toString(), 1, bySource("gcp_auditlog").size());
        assertEquals("2025-11-30T10:00:00.123456000Z", alerts.get(0).path("time").asText());
        assertEquals("running", state("syscall"));
    }

    /** A webhook delivery as GitHub sends it: the event type header and the body's HMAC-SHA256. */
    private static HttpResponse<String> github(URI uri, String event, String contentType, String body, String secret)
            throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        HttpRequest r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .header("X-GitHub-Event", event).header("X-GitHub-Delivery", java.util.UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", signature).header("User-Agent", "GitHub-Hookshot/itest")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    }

    /** An Okta LogEvent in the documented shape. */
    private static String oktaEvent(String uuid, String published, String type, String result, String actor) {
        return ("{\"uuid\":\"" + uuid + "\",\"published\":\"" + published + "\",\"eventType\":\"" + type
                + "\",\"version\":\"0\",\"severity\":\"INFO\",\"displayMessage\":\"" + type + "\","
                + "\"actor\":{\"id\":\"00u" + actor.replace(" ", "") + "\",\"type\":\"User\",\"alternateId\":\""
                + actor.replace(" ", ".").toLowerCase() + "@example.com\",\"displayName\":\"" + actor + "\"},"
                + "\"client\":{\"userAgent\":{\"rawUserAgent\":\"curl/8.5\",\"os\":\"Linux\",\"browser\":\"UNKNOWN\"},"
                + "\"zone\":\"null\",\"device\":\"Computer\",\"ipAddress\":\"203.0.113.50\","
                + "\"geographicalContext\":{\"city\":\"Oslo\",\"country\":\"Norway\"}},"
                + "\"outcome\":{\"result\":\"" + result + "\",\"reason\":null},"
                + "\"target\":[{\"id\":\"00uBob\",\"type\":\"User\",\"alternateId\":\"bob@example.com\","
                + "\"displayName\":\"Bob Itest\"}],\"transaction\":{\"type\":\"WEB\",\"id\":\"t-" + uuid + "\"},"
                + "\"debugContext\":{\"debugData\":{\"requestUri\":\"/api/v1/authn\"}}}");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static void assertAlert(List<JsonNode> alerts, String rule, String priority, Map<String, String> fields) {
        JsonNode a = alerts.stream().filter(x -> x.path("rule").asText().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no alert of " + rule + " in " + alerts));
        assertEquals(a.toString(), priority, a.path("priority").asText());
        fields.forEach((k, v) -> assertEquals(rule + " " + k + " in " + a, v, a.path("output_fields").path(k).asText()));
    }

    /** A file of this test's resources (src/test/resources/audit), as the build copied it. */
    private static Path resource(String name) {
        return Path.of(System.getProperty("vigil.itest.dir"), "test-classes", "audit", name);
    }

    private URI webhook() {
        return URI.create("http://127.0.0.1:" + webhookPort + "/k8s-audit");
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        String token = webhookToken;
        return send(webhook(), token == null ? null : "Bearer " + token, body);
    }

    /** POSTs JSON as the kube-apiserver's audit webhook backend does. */
    private static HttpResponse<String> send(URI uri, String authorization, byte[] body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON documents of a sample: one document, or several (JSON lines). */
    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                docs.add(it.next());
            }
        }
        return docs;
    }

    private static byte[] eventList(List<JsonNode> events) throws IOException {
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "EventList");
        list.put("apiVersion", "audit.k8s.io/v1");
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        events.forEach(items::add);
        return JSON.writeValueAsBytes(list);
    }

    /** An audit event that only the test's boundary rule matches (no ResponseComplete stage). */
    private static byte[] boundaryEvent(String auditId) throws IOException {
        String now = Instant.now().toString();
        return JSON.writeValueAsBytes(JSON.readTree("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\","
                + "\"level\":\"Metadata\",\"auditID\":\"" + auditId + "\",\"stage\":\"RequestReceived\","
                + "\"requestURI\":\"/healthz\",\"verb\":\"get\",\"user\":{\"username\":\"system:vigil-itest\","
                + "\"groups\":[\"system:authenticated\"]},\"sourceIPs\":[\"127.0.0.1\"],"
                + "\"requestReceivedTimestamp\":\"" + now + "\",\"stageTimestamp\":\"" + now + "\"}"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** A copy of {@code program} named {@code name}, so the kernel calls the process that. */
    private static Path named(String program, String name) throws IOException {
        Path d = Files.createDirectories(work().resolve("bin-" + name));
        Path p = d.resolve(name);
        if (!Files.exists(p)) {
            Files.copy(Path.of(program), p);
            p.toFile().setExecutable(true);
        }
        return p;
    }

    /** Runs a command to its successful end. */
    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue("command finished: " + String.join(" ", cmd), p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(String.join(" ", cmd), 0, p.exitValue());
    }

    /**
     * A process named nginx reads /etc/shadow, then an empty file of this run: the command
     * line is unique, so the alert is told apart from other tests' nginx on this machine
     * (pids may differ between Vigil's view and Java's inside a PID namespace).
     *
     * @return the process's command line as Vigil reports it
     */
    private static String readShadowAsNginx() throws Exception {
        Path marker = Files.createFile(work().resolve("marker-" + java.util.UUID.randomUUID()));
        run(named("/bin/cat", "nginx").toString(), "/etc/shadow", marker.toString());
        return "nginx /etc/shadow " + marker;
    }

    /** Waits for Vigil's credential-file rule on the process with {@code cmdline}. */
    private static JsonNode awaitSyscallAlert(String cmdline, String what) throws Exception {
        return awaitAlert(a -> a.path("rule").asText().equals(SYSCALL_RULE)
                && a.path("output_fields").path("proc.cmdline").asText().equals(cmdline), what + " (" + cmdline + ")");
    }

    /**
     * Runs console commands in one session as the administrator {@code karaf} logged in at the
     * prompt (Karaf's command ACLs hide config:edit and feature:install from anyone else);
     * returns what they print.
     */
    private String console(String... commands) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Subject admin = new Subject();
        admin.getPrincipals().add(new UserPrincipal("karaf"));
        for (String role : List.of("admin", "manager", "viewer")) {
            admin.getPrincipals().add(new RolePrincipal(role));
        }
        Session s = sessions.create(System.in, out, out);
        try {
            Subject.doAs(admin, (PrivilegedExceptionAction<Void>) () -> {
                for (String c : commands) {
                    Object result = s.execute(c);
                    if (result != null) {
                        out.println(result);
                    }
                }
                return null;
            });
        } catch (PrivilegedActionException e) {
            throw e.getException();
        } finally {
            s.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private Optional<SourceStatus> sourceIfAny(String name) {
        return runtime.sources().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private SourceStatus source(String name) {
        return sourceIfAny(name).orElseThrow(() -> new AssertionError("no source " + name + ": " + runtime.sources()));
    }

    private String state(String name) {
        return sourceIfAny(name).map(SourceStatus::state).orElse("absent");
    }

    private boolean ruleEnabled(String name) {
        return runtime.ruleset().map(rs -> rs.rules().stream().anyMatch(r -> r.name().equals(name) && r.enabled()))
                .orElse(false);
    }

    /** Every complete alert line written so far, in order. */
    private static List<JsonNode> alerts() throws IOException {
        Path file = work().resolve("alerts.json");
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).split("\n")) {
            if (line.startsWith("{")) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static List<JsonNode> bySource(String source) throws IOException {
        return alerts().stream().filter(a -> a.path("source").asText().equals(source)).toList();
    }

    private static List<JsonNode> k8sAlerts() throws IOException {
        return bySource("k8s_audit");
    }

    private static List<JsonNode> cloudTrailAlerts() throws IOException {
        return bySource("aws_cloudtrail");
    }

    /** Waits for a k8s_audit alert matching {@code last}; returns all k8s_audit alerts up to it. */
    private static List<JsonNode> awaitK8s(Predicate<JsonNode> last, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<JsonNode> all = k8sAlerts();
            for (int i = 0; i < all.size(); i++) {
                if (last.test(all.get(i))) {
                    return all.subList(0, i + 1);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no alert for " + what + "; k8s_audit alerts:\n" + k8sAlerts());
    }

    private static List<JsonNode> awaitCloudTrail(Predicate<List<JsonNode>> done, String what) throws Exception {
        return awaitSource("aws_cloudtrail", done, what);
    }

    private static List<JsonNode> awaitSource(String source, Predicate<List<JsonNode>> done, String what)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<JsonNode> all = bySource(source);
            if (done.test(all)) {
                return all;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("gave up waiting for " + what + "; " + source + " alerts:\n" + bySource(source));
    }

    private static JsonNode awaitAlert(Predicate<JsonNode> match, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (JsonNode a : alerts()) {
                if (match.test(a)) {
                    return a;
                }
            }
            Thread.sleep(100);
        }
        List<JsonNode> syscall = bySource("syscall");
        throw new AssertionError("no alert for " + what + "; last syscall alerts:\n"
                + syscall.subList(Math.max(0, syscall.size() - 20), syscall.size()));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("gave up waiting for " + what);
    }
}
