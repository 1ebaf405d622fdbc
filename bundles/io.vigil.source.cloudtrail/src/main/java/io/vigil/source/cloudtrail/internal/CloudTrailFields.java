package io.vigil.source.cloudtrail.internal;

import java.util.ArrayList;
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
 * The fields of Falco's cloudtrail plugin ({@code ct.* s3.* ec2.* ecr.* iam.*}), its json
 * companion ({@code json.*}) and the plugin-event {@code evt.*} fields, for
 * {@code aws_cloudtrail} events. As in the plugin, a value that is not a JSON string reads
 * as empty text, and a field whose key is absent has no value.
 */
@Component(service = FieldExtractor.class, property = FieldExtractor.NAME_PROPERTY + "=cloudtrail")
public final class CloudTrailFields implements FieldExtractor {

    /** The cloudtrail plugin version whose fields these are (rule files ask for at least 0.10.0). */
    static final String FALCO_VERSION = "0.17.1";

    private static final String AWS_SUFFIX = ".amazonaws.com";

    private final FieldTable table = new FieldTable(CloudTrailSource.NAME, "cloudtrail");

    public CloudTrailFields() {
        declare();
        JsonFields.addTo(table);
        PluginEventFields.addTo(table, "cloudtrail", CloudTrailFields::pluginInfo);
    }

    @Override
    public String name() {
        return "cloudtrail";
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
        return Map.of("cloudtrail", FALCO_VERSION, JsonFields.FALCO_PLUGIN, JsonFields.FALCO_VERSION);
    }

    private void declare() {
        key("ct.id", "The unique ID of the CloudTrail event (eventID).", "eventID");
        key("ct.error", "The error code of the event; no value if there was no error.", "errorCode");
        key("ct.errormessage", "The description of the error; no value if there was no error.", "errorMessage");
        key("ct.time", "The timestamp of the event (eventTime).", "eventTime");
        key("ct.src", "The AWS service of the event (eventSource).", "eventSource");
        str("ct.shortsrc", "The AWS service of the event without the .amazonaws.com suffix.", r -> {
            JsonNode v = r.get("eventSource");
            if (v == null) {
                return null;
            }
            String s = plain(v);
            return s.length() > AWS_SUFFIX.length() && s.endsWith(AWS_SUFFIX)
                    ? s.substring(0, s.length() - AWS_SUFFIX.length()) : s;
        });
        key("ct.name", "The name of the event (eventName).", "eventName");
        str("ct.user", "The user of the event: userIdentity.userName, the invoking service, or for AssumedRole "
                + "the role name from sessionContext.sessionIssuer.userName.", CloudTrailFields::user);
        str("ct.originaluser", "The user name as CloudTrail shows it: for AssumedRole the session name from "
                + "userIdentity.arn or principalId, else userIdentity.userName.", CloudTrailFields::originalUser);
        str("ct.user.accountid", "The account ID of the user (userIdentity.accountId, else recipientAccountId).", r -> {
            JsonNode v = Json.path(r, "userIdentity", "accountId");
            if (v == null) {
                v = r.get("recipientAccountId");
            }
            return v == null ? null : plain(v);
        });
        key("ct.user.identitytype", "The kind of user identity (Root, IAMUser, AWSService, AssumedRole, ...).",
                "userIdentity", "type");
        key("ct.user.principalid", "A unique identifier of the user that made the request.",
                "userIdentity", "principalId");
        key("ct.user.arn", "The ARN of the user that made the request.", "userIdentity", "arn");
        key("ct.region", "The region of the event (awsRegion).", "awsRegion");
        key("ct.response.subnetid", "The subnet ID in the response.", "responseElements", "subnetId");
        key("ct.response.reservationid", "The reservation ID in the response.", "responseElements", "reservationId");
        marshal("ct.response", "All response elements, as JSON.", "responseElements");
        key("ct.request.availabilityzone", "The availability zone in the request.",
                "requestParameters", "availabilityZone");
        key("ct.request.cluster", "The cluster in the request.", "requestParameters", "cluster");
        key("ct.request.functionname", "The function name in the request.", "requestParameters", "functionName");
        key("ct.request.groupname", "The group name in the request.", "requestParameters", "groupName");
        key("ct.request.host", "The host in the request.", "requestParameters", "Host");
        key("ct.request.name", "The name of the entity acted on in the request.", "requestParameters", "name");
        key("ct.request.policy", "The policy in the request.", "requestParameters", "policy");
        key("ct.request.reason", "The reason in the request.", "requestParameters", "reason");
        key("ct.request.target", "The target in the request.", "requestParameters", "target");
        key("ct.request.documentname", "The document name in the request.", "requestParameters", "documentName");
        key("ct.request.serialnumber", "The serial number in the request.", "requestParameters", "serialNumber");
        key("ct.request.servicename", "The service name in the request.", "requestParameters", "serviceName");
        key("ct.request.subnetid", "The subnet ID in the request.", "requestParameters", "subnetId");
        key("ct.request.taskdefinition", "The task definition in the request.", "requestParameters", "taskDefinition");
        key("ct.request.username", "The user name in the request.", "requestParameters", "userName");
        marshal("ct.request", "All request parameters, as JSON.", "requestParameters");
        key("ct.srcip", "The IP address the request came from (sourceIPAddress).", "sourceIPAddress");
        key("ct.useragent", "The user agent of the request (userAgent).", "userAgent");
        str("ct.info", "A summary of the event: who, from where, what, and event-specific details.",
                CloudTrailFields::info);
        bool("ct.managementevent", "'true' for management events, else 'false'.", "managementEvent");
        bool("ct.readonly", "'true' if the event only reads information, 'false' if it modifies state.", "readOnly");
        key("ct.requestid", "The ID of the request.", "requestID");
        key("ct.eventtype", "The type of event that generated the record.", "eventType");
        key("ct.apiversion", "The API version of an AwsApiCall event.", "apiVersion");
        str("ct.resources", "The resources accessed in the event, as comma-separated JSON objects.", r -> {
            JsonNode v = r.get("resources");
            if (v == null || !v.isArray() || v.isEmpty()) {
                return null;
            }
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(x.toString()));
            return String.join(",", parts);
        });
        key("ct.recipientaccountid", "The account ID that received the event.", "recipientAccountId");
        key("ct.serviceeventdetails", "The service event details.", "serviceEventDetails");
        key("ct.sharedeventid", "The GUID CloudTrail gives an event delivered to several accounts.", "sharedEventID");
        key("ct.vpcendpointid", "The VPC endpoint the request was made through.", "vpcEndpointId");
        key("ct.eventcategory", "The event category used in LookupEvents calls.", "eventCategory");
        key("ct.addendum.reason", "Why the event or some of its content was missing.", "addendum", "reason");
        key("ct.addendum.updatedfields", "The record fields the addendum updates.", "addendum", "updatedFields");
        key("ct.addendum.originalrequestid", "The original request ID.", "addendum", "originalRequestID");
        key("ct.addendum.originaleventid", "The original event ID.", "addendum", "originalEventID");
        bool("ct.sessioncredentialfromconsole", "'true' if the event came from an AWS Management Console session.",
                "sessionCredentialFromConsole");
        key("ct.edgedevicedetails", "The edge devices targeted by the request.", "edgeDeviceDetails");
        key("ct.tlsdetails.tlsversion", "The TLS version of the request.", "tlsDetails", "tlsVersion");
        key("ct.tlsdetails.ciphersuite", "The TLS cipher suite of the request.", "tlsDetails", "cipherSuite");
        key("ct.tlsdetails.clientprovidedhostheader", "The host name the client used in the API call.",
                "tlsDetails", "clientProvidedHostHeader");
        marshal("ct.additionaleventdata", "All additional event data, as JSON.", "additionalEventData");
        str("s3.uri", "The S3 URI (s3://<bucket>/<key>).", CloudTrailFields::s3Uri);
        key("s3.bucket", "The bucket name of S3 events.", "requestParameters", "bucketName");
        key("s3.key", "The S3 key name.", "requestParameters", "key");
        number("s3.bytes", "The size of an S3 download or upload, in bytes.", r -> bytes(r, true, true));
        number("s3.bytes.in", "The size of an S3 upload, in bytes.", r -> bytes(r, true, false));
        number("s3.bytes.out", "The size of an S3 download, in bytes.", r -> bytes(r, false, true));
        number("s3.cnt.get", "1 for GetObject events, else no value.",
                r -> "GetObject".equals(Json.stringOrNull(r.get("eventName"))) ? 1L : null);
        number("s3.cnt.put", "1 for PutObject events, else no value.",
                r -> "PutObject".equals(Json.stringOrNull(r.get("eventName"))) ? 1L : null);
        number("s3.cnt.other", "1 for events other than GetObject and PutObject, else no value.", r -> {
            String n = Json.stringOrNull(r.get("eventName"));
            return "GetObject".equals(n) || "PutObject".equals(n) ? null : 1L;
        });
        str("ec2.name", "The name of the EC2 instances, from the Name tag of the request's instance tags.",
                CloudTrailFields::ec2Name);
        str("ec2.imageid", "Deprecated by ec2.imageids[0]: the image ID of the first instance.", r -> {
            List<String> ids = imageIds(r, 0);
            return ids == null ? null : ids.get(0);
        });
        table.add("ec2.imageids", FieldType.STRING, true, FieldArg.INDEX, false,
                "The image IDs of the EC2 instances involved.", arg -> {
                    Integer index = FieldTable.index("ec2.imageids", arg);
                    return (e, out) -> {
                        JsonNode r = record(e);
                        List<String> ids = r == null ? null : imageIds(r, index);
                        return ids != null && out.setList(ids) != null;
                    };
                });
        key("ecr.repository", "The ECR repository named in the request.", "requestParameters", "repositoryName");
        key("ecr.imagetag", "The image tag named in the request.", "requestParameters", "imageTag");
        key("iam.role", "The IAM role named in the request.", "requestParameters", "roleName");
        key("iam.policy", "The IAM policy named in the request.", "requestParameters", "policyName");
    }

    // ---- declaration helpers ----

    private void key(String name, String description, String... keys) {
        str(name, description, r -> {
            JsonNode v = Json.path(r, keys);
            return v == null ? null : plain(v);
        });
    }

    private void marshal(String name, String description, String key) {
        str(name, description, r -> {
            JsonNode v = r.get(key);
            return v == null ? null : v.toString();
        });
    }

    private void bool(String name, String description, String key) {
        str(name, description, r -> {
            JsonNode v = r.get(key);
            return v == null ? null : v.isBoolean() && v.booleanValue() ? "true" : "false";
        });
    }

    private void str(String name, String description, Function<JsonNode, String> f) {
        table.add(name, FieldType.STRING, description, arg -> (e, out) -> {
            JsonNode r = record(e);
            String s = r == null ? null : f.apply(r);
            return s != null && out.setText(s) != null;
        });
    }

    private void number(String name, String description, Function<JsonNode, Long> f) {
        table.add(name, FieldType.UINT64, description, arg -> (e, out) -> {
            JsonNode r = record(e);
            Long n = r == null ? null : f.apply(r);
            return n != null && out.setLong(n) != null;
        });
    }

    private static JsonNode record(io.vigil.sdk.Event e) {
        return e instanceof JsonEvent j ? j.tree() : null;
    }

    /** A string's text; any other JSON value reads as empty text, as in the plugin. */
    private static String plain(JsonNode v) {
        return v.isTextual() ? v.textValue() : "";
    }

    // ---- value computations ----

    static String user(JsonNode r) {
        String type = Json.stringOrNull(Json.path(r, "userIdentity", "type"));
        if (type == null) {
            return null;
        }
        JsonNode name;
        switch (type) {
            case "Root", "IAMUser" -> name = Json.path(r, "userIdentity", "userName");
            case "AWSService" -> name = Json.path(r, "userIdentity", "invokedBy");
            case "AssumedRole" -> {
                JsonNode issuer = Json.path(r, "userIdentity", "sessionContext", "sessionIssuer", "userName");
                return issuer == null ? "AssumedRole" : plain(issuer);
            }
            case "AWSAccount" -> {
                return "AWSAccount";
            }
            case "FederatedUser" -> {
                return "FederatedUser";
            }
            default -> {
                return null;
            }
        }
        return name == null ? null : plain(name);
    }

    private static String originalUser(JsonNode r) {
        if ("AssumedRole".equals(Json.stringOrNull(Json.path(r, "userIdentity", "type")))) {
            JsonNode arn = Json.path(r, "userIdentity", "arn");
            if (arn != null) {
                String[] parts = plain(arn).split("/", -1);
                if (parts.length == 3) {
                    return parts[2];
                }
            }
            JsonNode principal = Json.path(r, "userIdentity", "principalId");
            if (principal != null) {
                String[] parts = plain(principal).split(":", -1);
                if (parts.length == 2) {
                    return parts[1];
                }
            }
            return null;
        }
        JsonNode v = Json.path(r, "userIdentity", "userName");
        return v == null ? null : plain(v);
    }

    private static String s3Uri(JsonNode r) {
        String bucket = Json.stringOrNull(Json.path(r, "requestParameters", "bucketName"));
        String key = Json.stringOrNull(Json.path(r, "requestParameters", "key"));
        return bucket == null || key == null ? null : "s3://" + bucket + "/" + key;
    }

    /** Bytes transferred (numbers may be written as decimals, e.g. 33.0); null if neither is given. */
    private static Long bytes(JsonNode r, boolean in, boolean out) {
        JsonNode i = in ? Json.path(r, "additionalEventData", "bytesTransferredIn") : null;
        JsonNode o = out ? Json.path(r, "additionalEventData", "bytesTransferredOut") : null;
        if (i == null && o == null) {
            return null;
        }
        return count(i) + count(o);
    }

    private static long count(JsonNode v) {
        return v != null && v.isNumber() && v.doubleValue() > 0 ? (long) v.doubleValue() : 0;
    }

    private static String ec2Name(JsonNode r) {
        JsonNode items = Json.path(r, "requestParameters", "tagSpecificationSet", "items");
        if (items == null || !items.isArray()) {
            return null;
        }
        String name = "";
        for (JsonNode item : items) {
            if (!"instance".equals(Json.stringOrNull(item.get("resourceType")))) {
                continue;
            }
            JsonNode tags = item.get("tags");
            if (tags != null && tags.isArray()) {
                for (JsonNode tag : tags) {
                    if ("Name".equals(Json.stringOrNull(tag.get("key")))) {
                        name = tag.has("value") ? plain(tag.get("value")) : "";
                        break;
                    }
                }
            }
        }
        return name.isEmpty() ? null : name;
    }

    /** The image IDs of the instances in the response, or the one in the request; null if none. */
    static List<String> imageIds(JsonNode r, Integer index) {
        JsonNode items = Json.path(r, "responseElements", "instancesSet", "items");
        if (items != null) {
            if (index == null) {
                List<String> ids = new ArrayList<>();
                if (items.isArray()) {
                    for (JsonNode item : items) {
                        String id = Json.stringOrNull(item.get("imageId"));
                        if (id != null && !id.isEmpty()) {
                            ids.add(id);
                        }
                    }
                }
                return ids.isEmpty() ? null : ids;
            }
            if (!items.isArray() || index >= items.size() || items.get(index).get("imageId") == null) {
                return null;
            }
            return List.of(plain(items.get(index).get("imageId")));
        }
        if (index != null && index != 0) {
            return null;
        }
        for (String[] path : new String[][] {{"requestParameters", "imageId"},
                {"requestParameters", "DescribeFastLaunchImagesRequest", "ImageId", "content"},
                {"requestParameters", "launchSpecification", "imageId"}}) {
            JsonNode v = Json.path(r, path);
            if (v != null) {
                return List.of(plain(v));
            }
        }
        return null;
    }

    /** The plugin's ct.info line: "user via ip !→ EventName" plus S3 size, URI, bucket, key or host. */
    static String info(JsonNode r) {
        String user = user(r);
        if (user == null) {
            return "<invalid cloudtrail event: userIdentity field missing>";
        }
        JsonNode ip = r.get("sourceIPAddress");
        if (ip == null) {
            return "<invalid cloudtrail event: eventSource field missing>";
        }
        String srcip = plain(ip);
        String err = r.has("errorCode") ? "!" : "";
        JsonNode ro = r.get("readOnly");
        String rw = ro != null && !(ro.isBoolean() && ro.booleanValue()) ? "→" : "←";
        JsonNode nameNode = r.get("eventName");
        if (nameNode == null) {
            return "<invalid cloudtrail event: eventName field missing>";
        }
        String name = plain(nameNode);
        StringBuilder info = new StringBuilder(user);
        if (!user.equals(srcip)) {
            info.append(" via ").append(srcip);
        }
        info.append(' ').append(err).append(rw).append(' ').append(name);
        if (name.equals("PutBucketPublicAccessBlock")) {
            JsonNode pac = Json.path(r, "requestParameters", "PublicAccessBlockConfiguration");
            if (pac != null && pac.isObject()) {
                info.append(" BlockPublicAcls=").append(flag(pac, "BlockPublicAcls"))
                        .append(" BlockPublicPolicy=").append(flag(pac, "BlockPublicPolicy"))
                        .append(" IgnorePublicAcls=").append(flag(pac, "IgnorePublicAcls"))
                        .append(" RestrictPublicBuckets=").append(flag(pac, "RestrictPublicBuckets")).append(' ');
            }
            return info.toString();
        }
        Long size = bytes(r, true, true);
        if (size != null) {
            info.append(" Size=").append(size);
        }
        String uri = s3Uri(r);
        if (uri != null) {
            return info.append(" URI=").append(uri).toString();
        }
        for (String[] f : new String[][] {{"bucketName", " Bucket="}, {"key", " Key="}, {"Host", " Host="}}) {
            JsonNode v = Json.path(r, "requestParameters", f[0]);
            if (v != null) {
                return info.append(f[1]).append(plain(v)).toString();
            }
        }
        return info.toString();
    }

    private static boolean flag(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v != null && v.isBoolean() && v.booleanValue();
    }

    /** The plugin's event summary ({@code evt.plugininfo}): region, user, short service, name, ct.info. */
    static String pluginInfo(JsonEvent e) {
        JsonNode r = e.tree();
        String src = Json.stringOrNull(r.get("eventSource"));
        String region = Json.stringOrNull(r.get("awsRegion"));
        String name = Json.stringOrNull(r.get("eventName"));
        if (src == null || region == null || name == null) {
            return null;
        }
        if (src.length() > AWS_SUFFIX.length() && src.endsWith(AWS_SUFFIX)) {
            src = src.substring(0, src.length() - AWS_SUFFIX.length());
        }
        String user = user(r);
        user = user == null || user.isEmpty() ? "" : " " + user;
        return region + user + " " + src + " " + name + " " + info(r);
    }
}
