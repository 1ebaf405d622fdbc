package io.vigil.source.github.internal;

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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.sdk.testkit.Extractors;
import io.vigil.sdk.testkit.Sources;
import io.vigil.source.jsonkit.JsonEvent;
import io.vigil.source.jsonkit.WebhookCapture;

/** GitHub webhook deliveries written from GitHub's documented payloads. */
class GitHubTest {

    private static final GitHubFields FIELDS = new GitHubFields();

    private static final String REPO = "\"repository\":{\"id\":1,\"name\":\"app\",\"full_name\":\"acme/app\","
            + "\"private\":false,\"html_url\":\"https://github.com/acme/app\",\"description\":\"The app\","
            + "\"owner\":{\"login\":\"acme\"}},\"organization\":{\"login\":\"acme\"},\"sender\":{\"login\":\"octocat\"}";

    static final String PING = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":42,\"hook\":{\"type\":\"Repository\","
            + "\"id\":42,\"name\":\"web\",\"active\":true,\"events\":[\"*\"]}," + REPO + "}";
    static final String REPO_CREATED = "{\"action\":\"created\"," + REPO + "}";
    static final String MEMBER_ADDED = "{\"action\":\"added\",\"member\":{\"login\":\"eve\"},"
            + "\"changes\":{\"permission\":{\"to\":\"write\"}}," + REPO + "}";
    static final String PUSH = "{\"ref\":\"refs/heads/main\",\"before\":\"a1\",\"after\":\"b2\","
            + "\"compare\":\"https://github.com/acme/app/compare/a1...b2\",\"head_commit\":{\"id\":\"b2\"},"
            + "\"commits\":[{\"id\":\"c1\",\"added\":[\"x.txt\",\"y.txt\"],\"modified\":[],\"removed\":[]},"
            + "{\"id\":\"b2\",\"added\":[\"z.txt\"],\"modified\":[\"README.md\"],\"removed\":[\"old.txt\"]}]," + REPO + "}";

    private static String recorded(String type, String payload) {
        return payload.replaceFirst("^\\{", "{\"webhook_type\":\"" + type + "\",");
    }

    private static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void webhookDeliveriesAreTypedAndSignatureChecked() throws Exception {
        try (WebhookCapture c = (WebhookCapture) new GitHubSource().open(Map.of("openParams",
                "http://127.0.0.1:0/webhook", "webhookSecret", "It's a Secret to Everybody"))) {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port() + "/webhook"))
                    .header("Content-Type", "application/json").header("X-GitHub-Event", "member")
                    .POST(HttpRequest.BodyPublishers.ofString(MEMBER_ADDED));
            assertEquals(401, client.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "unsigned");
            assertEquals(401, client.send(b.copy().header("X-Hub-Signature-256", sign("wrong", MEMBER_ADDED)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "signed with another secret");
            HttpResponse<String> ok = client.send(b.copy().header("X-Hub-Signature-256",
                    sign("It's a Secret to Everybody", MEMBER_ADDED)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            List<JsonEvent> events = new ArrayList<>();
            c.poll(e -> events.add((JsonEvent) e), 1000);
            assertEquals(1, events.size());
            JsonEvent e = events.get(0);
            Map<String, Object> expected = Map.of("github.type", "member", "github.action", "added",
                    "github.user", "octocat", "github.collaborator.name", "eve", "github.collaborator.role", "write",
                    "github.repo.name", "acme/app", "github.repo.url", "https://github.com/acme/app",
                    "github.org", "acme", "github.owner", "acme", "github.repo.public", "true");
            expected.forEach((f, v) -> assertEquals(v, Extractors.extract(e, f, FIELDS), f));
            assertEquals(2L, c.stats().get("rejected_requests"));
        }
    }

    @Test
    void formEncodedDeliveriesAsGitHubSendsThemByDefaultAreAccepted() throws Exception {
        try (WebhookCapture c = (WebhookCapture) new GitHubSource().open(Map.of("openParams",
                "http://127.0.0.1:0/webhook", "webhookSecret", "s3cr3t"))) {
            // application/x-www-form-urlencoded: the JSON is the 'payload' field; the signature covers the form.
            String form = "payload=" + java.net.URLEncoder.encode(MEMBER_ADDED, StandardCharsets.UTF_8);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port() + "/webhook"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("X-GitHub-Event", "member");
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> ok = client.send(b.copy().header("X-Hub-Signature-256", sign("s3cr3t", form))
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            List<JsonEvent> events = new ArrayList<>();
            c.poll(e -> events.add((JsonEvent) e), 1000);
            assertEquals(1, events.size());
            assertEquals("eve", Extractors.extract(events.get(0), "github.collaborator.name", FIELDS));

            String signedJson = sign("s3cr3t", MEMBER_ADDED);
            assertEquals(401, client.send(b.copy().header("X-Hub-Signature-256", signedJson)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode(), "the signature must cover the form as sent, not the JSON inside");
            String other = "hook_id=42";
            HttpResponse<String> noPayload = client.send(b.copy().header("X-Hub-Signature-256", sign("s3cr3t", other))
                    .POST(HttpRequest.BodyPublishers.ofString(other)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, noPayload.statusCode());
            assertEquals("form body without a 'payload' field", noPayload.body());
        }
    }

    @Test
    void pushAndWorkflowFields() throws Exception {
        String enriched = recorded("push", PUSH).replaceFirst("\\}$", ",\"files\":[{\"name\":\"x.txt\",\"matches\":["
                + "{\"desc\":\"AWS Access Key\",\"line\":3},{\"desc\":\"GitHub Token\",\"line\":9}]},"
                + "{\"name\":\"y.txt\",\"matches\":[]}]}");
        JsonEvent push = new JsonEvent("github", 1, 0, enriched.getBytes(StandardCharsets.UTF_8),
                io.vigil.source.jsonkit.Json.MAPPER.readTree(enriched));
        assertEquals("x.txt,y.txt,z.txt", Extractors.extract(push, "github.commit.added", FIELDS));
        assertEquals("README.md", Extractors.extract(push, "github.commit.modified", FIELDS));
        assertEquals("old.txt", Extractors.extract(push, "github.commit.removed", FIELDS));
        assertEquals("true", Extractors.extract(push, "github.diff.has_secrets", FIELDS));
        assertEquals("AWS Access Key,GitHub Token", Extractors.extract(push, "github.diff.committed_secrets.desc", FIELDS));
        assertEquals("x.txt,x.txt", Extractors.extract(push, "github.diff.committed_secrets.files", FIELDS));
        assertEquals("3,9", Extractors.extract(push, "github.diff.committed_secrets.lines", FIELDS));
        assertEquals("https://github.com/acme/app/blob/b2/x.txt/#L3,https://github.com/acme/app/blob/b2/x.txt/#L9",
                Extractors.extract(push, "github.diff.committed_secrets.links", FIELDS));
        JsonEvent plain = new JsonEvent("github", 1, 0, new byte[0],
                io.vigil.source.jsonkit.Json.MAPPER.readTree(recorded("push", PUSH)));
        assertEquals("", Extractors.extract(plain, "github.diff.has_secrets", FIELDS), "not enriched");
        assertNull(Extractors.extract(plain, "github.diff.committed_secrets.desc", FIELDS));
        assertNull(Extractors.extract(plain, "github.workflow.has_miners", FIELDS));
        assertEquals("0", Extractors.extract(plain, "github.webhook.id", FIELDS));
        assertEquals(Map.of("github", "0.10.1"), FIELDS.falcoPlugins());
    }

    @Test
    void theRuleFileLoadsUnchangedAndDeliveriesRaiseTheirRules(@TempDir Path dir) throws Exception {
        Path file = Path.of(System.getProperty("vigil.falcoRules", "../../../shared/falco-rules")).resolve("github_rules.yaml");
        LoadResult load = new FalcoRuleEngine().load(List.of(RuleFile.read(file)),
                new FieldCatalog(List.of(FIELDS), Map.of(), Set.of(GitHubSource.NAME)),
                new EngineConfig(null, EngineConfig.RuleMatching.ALL, List.of(), List.of(), "h", false));
        assertTrue(load.ok(), () -> "errors: " + load.errors());
        String workflow = recorded("workflow_run", "{\"action\":\"requested\",\"workflow\":{\"path\":\".github/workflows/ci.yml\"},"
                + "\"workflow_miner_detections\":{\"matches\":[{\"type\":\"xmrig\",\"line\":12}]}," + REPO + "}");
        String secrets = recorded("push", PUSH).replace("\"private\":false", "\"private\":true")
                .replaceFirst("\\}$", ",\"files\":[{\"name\":\"k.env\",\"matches\":[{\"desc\":\"AWS Access Key\",\"line\":1}]}]}");
        Files.writeString(dir.resolve("deliveries.jsonl"), String.join("\n", recorded("ping", PING),
                recorded("repository", REPO_CREATED), recorded("member", MEMBER_ADDED), secrets, workflow) + "\n");
        List<String> fired = new ArrayList<>();
        for (JsonEvent e : Sources.collect(new GitHubSource(), Map.of("openParams", dir.toString()), 10, 30_000,
                x -> (JsonEvent) x)) {
            load.ruleset().evaluate(e, a -> fired.add(a.rule()));
        }
        assertEquals(List.of("Webhook Connected", "Create Public Repository", "Create Repository",
                "Add Collaborator to Repository", "Secret pushed into a private repository", "Github action with miners"),
                fired);
    }
}
