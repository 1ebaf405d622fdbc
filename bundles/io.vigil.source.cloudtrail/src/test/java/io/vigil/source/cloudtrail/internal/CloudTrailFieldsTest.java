package io.vigil.source.cloudtrail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.testkit.Extractors;
import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;

/** Each cloudtrail field on the shared samples and on records in CloudTrail's documented format. */
class CloudTrailFieldsTest {

    private static JsonEvent record(String json) throws Exception {
        return new JsonEvent("aws_cloudtrail", 1, 0, json.getBytes(StandardCharsets.UTF_8), Json.MAPPER.readTree(json));
    }

    private static Object f(String json, String field) throws Exception {
        return Extractors.extract(record(json), field, Trails.FIELDS);
    }

    @Test
    void declaresThePluginsFields() {
        Set<String> names = new HashSet<>();
        Trails.FIELDS.fields().forEach(d -> assertTrue(names.add(d.name()), d.name()));
        for (String n : List.of("ct.id", "ct.error", "ct.errormessage", "ct.time", "ct.src", "ct.shortsrc", "ct.name",
                "ct.user", "ct.originaluser", "ct.user.accountid", "ct.user.identitytype", "ct.user.principalid",
                "ct.user.arn", "ct.region", "ct.response.subnetid", "ct.response.reservationid", "ct.response",
                "ct.request.availabilityzone", "ct.request.cluster", "ct.request.functionname",
                "ct.request.groupname", "ct.request.host", "ct.request.name", "ct.request.policy",
                "ct.request.reason", "ct.request.target", "ct.request.documentname", "ct.request.serialnumber",
                "ct.request.servicename", "ct.request.subnetid", "ct.request.taskdefinition", "ct.request.username",
                "ct.request", "ct.srcip", "ct.useragent", "ct.info", "ct.managementevent", "ct.readonly",
                "ct.requestid", "ct.eventtype", "ct.apiversion", "ct.resources", "ct.recipientaccountid",
                "ct.serviceeventdetails", "ct.sharedeventid", "ct.vpcendpointid", "ct.eventcategory",
                "ct.addendum.reason", "ct.addendum.updatedfields", "ct.addendum.originalrequestid",
                "ct.addendum.originaleventid", "ct.sessioncredentialfromconsole", "ct.edgedevicedetails",
                "ct.tlsdetails.tlsversion", "ct.tlsdetails.ciphersuite", "ct.tlsdetails.clientprovidedhostheader",
                "ct.additionaleventdata", "s3.uri", "s3.bucket", "s3.key", "s3.bytes", "s3.bytes.in", "s3.bytes.out",
                "s3.cnt.get", "s3.cnt.put", "s3.cnt.other", "ec2.name", "ec2.imageid", "ec2.imageids",
                "ecr.repository", "ecr.imagetag", "iam.role", "iam.policy", "json.value", "evt.plugininfo")) {
            assertTrue(names.contains(n), "declared: " + n);
        }
        FieldDescriptor bytes = Trails.FIELDS.fields().stream().filter(d -> d.name().equals("s3.bytes")).findFirst()
                .orElseThrow();
        assertEquals(FieldType.UINT64, bytes.type());
        assertEquals(Map.of("cloudtrail", "0.17.1", "json", "0.7.4"), Trails.FIELDS.falcoPlugins());
    }

    @Test
    void theSampleRecord() throws Exception {
        JsonEvent e = Trails.events(Trails.samples().resolve("alice_start_instances.json")).get(0);
        Map<String, Object> expected = Map.ofEntries(Map.entry("ct.name", "StartInstances"),
                Map.entry("ct.user", "Alice"), Map.entry("ct.originaluser", "Alice"),
                Map.entry("ct.user.identitytype", "IAMUser"), Map.entry("ct.user.accountid", "123456789012"),
                Map.entry("ct.user.arn", "arn:aws:iam::123456789012:user/Alice"),
                Map.entry("ct.user.principalid", "EX_PRINCIPAL_ID"), Map.entry("ct.region", "us-east-2"),
                Map.entry("ct.src", "ec2.amazonaws.com"), Map.entry("ct.shortsrc", "ec2"),
                Map.entry("ct.srcip", "205.251.233.176"), Map.entry("ct.useragent", "ec2-api-tools 1.6.12.2"),
                Map.entry("ct.time", "2014-03-06T21:22:54Z"), Map.entry("ct.eventtype", "AwsApiCall"),
                Map.entry("ct.request", "{\"instancesSet\":{\"items\":[{\"instanceId\":\"i-ebeaf9e2\"}]}}"),
                Map.entry("ct.info", "Alice via 205.251.233.176 ← StartInstances"),
                Map.entry("evt.plugininfo", "us-east-2 Alice ec2 StartInstances Alice via 205.251.233.176 ← StartInstances"),
                Map.entry("s3.cnt.other", 1L),
                Map.entry("json.value[/responseElements/instancesSet/items/0/instanceId]", "i-ebeaf9e2"),
                Map.entry("evt.time.iso8601", "2014-03-06T21:22:54.000000000Z"), Map.entry("evt.num", 1L));
        expected.forEach((field, value) -> assertEquals(value, Extractors.extract(e, field, Trails.FIELDS), field));
        for (String none : List.of("ct.error", "ct.errormessage", "ct.id", "ct.readonly", "s3.bucket", "s3.bytes",
                "ec2.imageids", "ct.resources", "s3.cnt.get", "ec2.name")) {
            assertNull(Extractors.extract(e, none, Trails.FIELDS), none);
        }
    }

    @Test
    void theBigSampleRecordIsReadWhole() throws Exception {
        List<JsonEvent> events = Trails.events(Trails.samples().resolve("alice_start_instances_bigevent.json"));
        assertEquals(1, events.size());
        assertTrue(events.get(0).payload().length > 65_000, "a record over 64 KiB is not truncated");
        assertEquals("StartInstances", Extractors.extract(events.get(0), "ct.name", Trails.FIELDS));
    }

    @Test
    void usersOfEveryIdentityType() throws Exception {
        assertEquals("Admin", f(Trails.CONSOLE_LOGIN_ASSUMED_ROLE, "ct.user"), "the role for AssumedRole");
        assertEquals("jane", f(Trails.CONSOLE_LOGIN_ASSUMED_ROLE, "ct.originaluser"), "the session name");
        assertEquals("athena.amazonaws.com", f(Trails.GET_OBJECT, "ct.user"), "the invoking service");
        assertEquals("root-user", f(Trails.PUT_PUBLIC_ACCESS_BLOCK, "ct.user"));
        assertEquals("FederatedUser", f("{\"userIdentity\":{\"type\":\"FederatedUser\"}}", "ct.user"));
        assertNull(f("{\"userIdentity\":{\"type\":\"Unknown\"}}", "ct.user"));
        assertEquals("111122223333", f(Trails.GET_OBJECT.replace("\"eventID\"", "\"recipientAccountId\":\"111122223333\",\"eventID\""),
                "ct.user.accountid"), "falls back to the recipient account");
    }

    @Test
    void requestResponseAndErrorFields() throws Exception {
        assertEquals("ap-south-1a", f(Trails.RUN_INSTANCES, "ct.request.availabilityzone"));
        assertEquals("subnet-11", f(Trails.RUN_INSTANCES, "ct.response.subnetid"));
        assertEquals("r-0123", f(Trails.RUN_INSTANCES, "ct.response.reservationid"));
        assertEquals("miner", f(Trails.RUN_INSTANCES, "ec2.name"));
        assertEquals(List.of("ami-0abc", "ami-0def"), f(Trails.RUN_INSTANCES, "ec2.imageids"));
        assertEquals(List.of("ami-0def"), f(Trails.RUN_INSTANCES, "ec2.imageids[1]"));
        assertNull(f(Trails.RUN_INSTANCES, "ec2.imageids[2]"));
        assertEquals("ami-0abc", f(Trails.RUN_INSTANCES, "ec2.imageid"));
        assertEquals("{\"type\":\"AWS::EC2::Instance\",\"ARN\":\"arn:aws:ec2:ap-south-1:111122223333:instance/i-0aaa\"}",
                f(Trails.RUN_INSTANCES, "ct.resources"));
        assertEquals("false", f(Trails.RUN_INSTANCES, "ct.readonly"));
        assertEquals("Alice via 203.0.113.9 → RunInstances", f(Trails.RUN_INSTANCES, "ct.info"));
        assertEquals("backdoor", f(Trails.CREATE_USER, "ct.request.username"));
        assertEquals("AccessDenied", f(Trails.CREATE_USER_DENIED, "ct.error"));
        assertEquals("not authorized", f(Trails.CREATE_USER_DENIED, "ct.errormessage"));
        assertEquals("Admin via 203.0.113.5 !→ CreateUser", f(Trails.CREATE_USER_DENIED, "ct.info"));
        assertEquals("", f(Trails.CONSOLE_LOGIN_NO_MFA.replace("\"eventID\"", "\"errorCode\":null,\"eventID\""), "ct.error"),
                "a JSON null is present and reads as empty text, as in the plugin");
        assertEquals("null", f(Trails.CONSOLE_LOGIN_NO_MFA, "ct.request"));
        assertEquals("true", f(Trails.CONSOLE_LOGIN_NO_MFA, "ct.managementevent"));
        assertEquals("Management", f(Trails.CONSOLE_LOGIN_NO_MFA, "ct.eventcategory"));
        assertEquals("No", f(Trails.CONSOLE_LOGIN_NO_MFA, "json.value[/additionalEventData/MFAUsed]"));
        assertEquals("false", f(Trails.PUT_PUBLIC_ACCESS_BLOCK,
                "json.value[/requestParameters/PublicAccessBlockConfiguration/RestrictPublicBuckets]"));
    }

    @Test
    void s3Fields() throws Exception {
        assertEquals("logs", f(Trails.GET_OBJECT, "s3.bucket"));
        assertEquals("a/b.csv", f(Trails.GET_OBJECT, "s3.key"));
        assertEquals("s3://logs/a/b.csv", f(Trails.GET_OBJECT, "s3.uri"));
        assertEquals(33L, f(Trails.GET_OBJECT, "s3.bytes"), "33.0 counts as 33");
        assertEquals(0L, f(Trails.GET_OBJECT, "s3.bytes.in"));
        assertEquals(33L, f(Trails.GET_OBJECT, "s3.bytes.out"));
        assertEquals(1L, f(Trails.GET_OBJECT, "s3.cnt.get"));
        assertNull(f(Trails.GET_OBJECT, "s3.cnt.put"));
        assertNull(f(Trails.GET_OBJECT, "s3.cnt.other"));
        assertEquals("athena.amazonaws.com ← GetObject Size=33 URI=s3://logs/a/b.csv", f(Trails.GET_OBJECT, "ct.info"));
        assertEquals("false", f(Trails.GET_OBJECT, "ct.managementevent"));
        assertEquals("root-user via 192.0.2.44 → PutBucketPublicAccessBlock BlockPublicAcls=true "
                + "BlockPublicPolicy=true IgnorePublicAcls=true RestrictPublicBuckets=false ",
                f(Trails.PUT_PUBLIC_ACCESS_BLOCK, "ct.info"));
    }
}
