package io.vigil.source.okta.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import io.vigil.sdk.testkit.Extractors;
import io.vigil.sdk.testkit.Sources;
import io.vigil.source.jsonkit.JsonEvent;
import io.vigil.source.jsonkit.WebhookCapture;

/** Okta System Log events written from Okta's documented LogEvent format. */
class OktaTest {

    private static final OktaFields FIELDS = new OktaFields("acme");

    /** A LogEvent; {@code %s} parts: published time, event type, outcome result. */
    private static String event(String published, String type, String result) {
        return """
                {"uuid":"%s","published":"%s","eventType":"%s","version":"0","severity":"WARN",
                "displayMessage":"Authentication of user via MFA","legacyEventType":"core.user.factor.attempt_fail",
                "actor":{"id":"00u1abcd","type":"User","alternateId":"jane@acme.com","displayName":"Jane Doe"},
                "client":{"userAgent":{"rawUserAgent":"Mozilla/5.0","os":"Mac OS X","browser":"CHROME"},"zone":"null",
                "device":"Computer","ipAddress":"198.51.100.23","geographicalContext":{"city":"Paris","state":"Ile-de-France",
                "country":"France","postalCode":"75001","geolocation":{"lat":48.8566,"lon":2.3522}}},
                "outcome":{"result":"%s","reason":"INVALID_CREDENTIALS"},
                "target":[{"id":"00u9zzzz","type":"User","alternateId":"bob@acme.com","displayName":"Bob"},
                {"id":"00g1","type":"UserGroup","alternateId":"admins","displayName":"Admins"}],
                "transaction":{"type":"WEB","id":"Wx1"},
                "debugContext":{"debugData":{"requestUri":"/app/salesforce/exk1/sso/saml","behaviors":"{New IP=POSITIVE}"}},
                "authenticationContext":{"authenticationStep":0,"externalSessionId":"102abc"},
                "securityContext":{"asNumber":3215,"asOrg":"orange","isp":"orange s.a.","domain":"orange.fr","isProxy":false}}
                """.formatted(published + type, published, type, result);
    }

    @Test
    void fields(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("log.json"), "[" + event("2024-05-01T10:00:00.000Z", "user.session.start", "SUCCESS") + "]");
        JsonEvent e = Sources.collect(new OktaSource(), Map.of("openParams", dir.toString()), 10, 30_000,
                x -> (JsonEvent) x).get(0);
        Map<String, Object> expected = Map.ofEntries(Map.entry("okta.evt.type", "user.session.start"),
                Map.entry("okta.actor.name", "Jane Doe"), Map.entry("okta.actor.Type", "User"),
                Map.entry("okta.actor.alternateid", "jane@acme.com"), Map.entry("okta.client.ip", "198.51.100.23"),
                Map.entry("okta.client.geo.country", "France"), Map.entry("okta.client.geo.lat", "48.8566"),
                Map.entry("okta.client.geo.lon", "2.3522"), Map.entry("okta.app", "salesforce"),
                Map.entry("okta.target.user.name", "Bob"), Map.entry("okta.target.group.name", "Admins"),
                Map.entry("okta.targets.displayName", "(Bob,Admins)"), Map.entry("okta.targets.displayName[1]", "Admins"),
                Map.entry("okta.security.asnumber", 3215L), Map.entry("okta.security.isproxy", "false"),
                Map.entry("okta.authentication.step", "0"), Map.entry("okta.org", "acme"),
                Map.entry("okta.result", "SUCCESS"), Map.entry("okta.reason", "INVALID_CREDENTIALS"),
                Map.entry("okta.useragent.browser", "CHROME"), Map.entry("okta.evt.legacytype", "core.user.factor.attempt_fail"),
                Map.entry("okta.principal.name", ""));
        expected.forEach((f, v) -> assertEquals(v, Extractors.extract(e, f, FIELDS), f));
        assertNull(Extractors.extract(e, "okta.target.app.alternateid", FIELDS));
        assertNull(Extractors.extract(e, "okta.mfa.failure.countlast[300]", FIELDS), "not an MFA failure");
        assertEquals(1714557600000000000L, e.timestamp());
        assertEquals(Map.of("okta", "0.12.0"), FIELDS.falcoPlugins());
    }

    @Test
    void countsMfaFailuresPerActorInTheWindow(@TempDir Path dir) throws Exception {
        String f = "user.authentication.auth_via_mfa";
        Files.writeString(dir.resolve("log.jsonl"), String.join("\n",
                event("2024-05-01T10:00:00Z", f, "FAILURE").replace("\n", ""),
                event("2024-05-01T10:03:00Z", f, "FAILURE").replace("\n", ""),
                event("2024-05-01T10:03:30Z", f, "SUCCESS").replace("\n", ""),
                event("2024-05-01T10:04:00Z", f, "FAILURE").replace("\n", ""),
                event("2024-05-01T10:08:30Z", f, "FAILURE").replace("\n", ""),
                event("2024-05-01T10:08:40Z", "user.mfa.okta_verify.deny_push", "FAILURE").replace("\n", "")));
        List<Map<String, Object>> rows = Sources.extractAll(new OktaSource(), Map.of("openParams", dir.toString()),
                List.of("okta.mfa.failure.countlast[300]", "okta.mfa.deny.countlast[300]"), 10, 30_000, FIELDS);
        List<Object> failures = rows.stream().map(r -> r.get("okta.mfa.failure.countlast[300]")).toList();
        assertEquals(java.util.Arrays.asList(1L, 2L, null, 3L, 2L, null), failures,
                "10:08:30 sees 10:04 and itself: 10:00 and 10:03 are over 300 s old");
        assertEquals(1L, rows.get(5).get("okta.mfa.deny.countlast[300]"));
    }

    @Test
    void theRuleFileLoadsUnchangedAndEventsRaiseTheirRules(@TempDir Path dir) throws Exception {
        Path file = Path.of(System.getProperty("vigil.falcoRules", "../../../shared/falco-rules")).resolve("okta_rules.yaml");
        LoadResult load = new FalcoRuleEngine().load(List.of(RuleFile.read(file)),
                new FieldCatalog(List.of(FIELDS), Map.of(), Set.of(OktaSource.NAME)),
                new EngineConfig(null, EngineConfig.RuleMatching.ALL, List.of(), List.of(), "h", false));
        assertTrue(load.ok(), () -> "errors: " + load.errors());
        String f = "user.authentication.auth_via_mfa";
        Files.writeString(dir.resolve("log.json"), "[" + String.join(",",
                event("2024-05-01T10:00:00Z", "user.account.privilege.grant", "SUCCESS"),
                event("2024-05-01T10:01:00Z", f, "FAILURE"), event("2024-05-01T10:02:00Z", f, "FAILURE"),
                event("2024-05-01T10:03:00Z", f, "FAILURE"),
                event("2024-05-01T10:04:00Z", "user.session.start", "SUCCESS")) + "]");
        List<String> fired = new ArrayList<>();
        for (JsonEvent e : Sources.collect(new OktaSource(), Map.of("openParams", dir.toString()), 10, 30_000,
                x -> (JsonEvent) x)) {
            load.ruleset().evaluate(e, a -> fired.add(a.rule()));
        }
        assertEquals(List.of("Admin permission has been assigned to a user in OKTA", "Too many failed MFA in last 5min"),
                fired, "the geolocation rule ships disabled");
        var withGeo = load.ruleset().select(List.of(
                new EngineConfig.RuleSelection(true, "Detecting unknown logins using geolocation", null)));
        List<String> geo = new ArrayList<>();
        withGeo.evaluate(Sources.collect(new OktaSource(), Map.of("openParams", dir.toString()), 10, 30_000,
                x -> (JsonEvent) x).get(4), a -> geo.add(a.output()));
        assertEquals(List.of("A user logged in OKTA from a suspicious country (user=Jane Doe, ip=198.51.100.23, "
                + "country=France)"), geo, "no country is allowed until the list is filled");
    }

    @Test
    void acceptsEventHookDeliveries() throws Exception {
        try (WebhookCapture c = (WebhookCapture) new OktaSource().open(Map.of("openParams", "http://127.0.0.1:0/okta"))) {
            String hook = "{\"eventType\":\"com.okta.event_hook\",\"data\":{\"events\":["
                    + event("2024-05-01T10:00:00Z", "user.lifecycle.create", "SUCCESS") + "]}}";
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + c.port() + "/okta")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(hook)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            List<Object> types = new ArrayList<>();
            c.poll(e -> types.add(Extractors.extract(e, "okta.evt.type", FIELDS)), 1000);
            assertEquals(List.of("user.lifecycle.create"), types);
            HttpResponse<String> v = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + c.port() + "/okta"))
                    .header("x-okta-verification-challenge", "Fy2Q\"x").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, v.statusCode());
            assertEquals("{\"verification\":\"Fy2Q\\\"x\"}", v.body());
            assertEquals("application/json", v.headers().firstValue("Content-Type").orElse(""));
        }
    }
}
