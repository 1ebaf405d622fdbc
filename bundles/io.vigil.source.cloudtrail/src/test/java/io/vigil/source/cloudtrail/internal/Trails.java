package io.vigil.source.cloudtrail.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import io.vigil.sdk.testkit.Sources;
import io.vigil.source.jsonkit.JsonEvent;

/** CloudTrail samples and records written here in the documented CloudTrail record format. */
final class Trails {

    static final CloudTrailFields FIELDS = new CloudTrailFields();

    /** Console sign-in of an IAM user without MFA (CloudTrail's ConsoleLogin record). */
    static final String CONSOLE_LOGIN_NO_MFA = """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE",
            "arn":"arn:aws:iam::111122223333:user/Mary","accountId":"111122223333","userName":"Mary"},
            "eventTime":"2024-05-01T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
            "awsRegion":"us-east-1","sourceIPAddress":"192.0.2.10","userAgent":"Mozilla/5.0",
            "requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},
            "additionalEventData":{"LoginTo":"https://console.aws.amazon.com/","MobileVersion":"No","MFAUsed":"No"},
            "eventID":"3fcfb586-6b8c-4b8c-a7a4-0d1f5ab0a1a1","readOnly":false,"eventType":"AwsConsoleSignIn",
            "managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}""";

    /** Console sign-in through an assumed role. */
    static final String CONSOLE_LOGIN_ASSUMED_ROLE = """
            {"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:jane",
            "arn":"arn:aws:sts::111122223333:assumed-role/Admin/jane","accountId":"111122223333",
            "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE",
            "arn":"arn:aws:iam::111122223333:role/Admin","accountId":"111122223333","userName":"Admin"}}},
            "eventTime":"2024-05-01T10:05:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
            "awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.7","userAgent":"Mozilla/5.0",
            "requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},
            "additionalEventData":{"MFAUsed":"Yes"},"eventID":"e2f1c6a0-0000-4000-8000-000000000002",
            "eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}""";

    /** An IAM user creating another user. */
    static final String CREATE_USER = """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE",
            "arn":"arn:aws:iam::111122223333:user/Admin","accountId":"111122223333","userName":"Admin"},
            "eventTime":"2024-05-01T11:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser",
            "awsRegion":"us-east-1","sourceIPAddress":"203.0.113.5","userAgent":"aws-cli/2.15.0",
            "requestParameters":{"userName":"backdoor"},"responseElements":{"user":{"userName":"backdoor",
            "userId":"AIDAEXAMPLE2","arn":"arn:aws:iam::111122223333:user/backdoor"}},
            "eventID":"e2f1c6a0-0000-4000-8000-000000000003","readOnly":false,"eventType":"AwsApiCall"}""";

    /** An EC2 RunInstances call with its response. */
    static final String RUN_INSTANCES = """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE",
            "arn":"arn:aws:iam::111122223333:user/Alice","accountId":"111122223333","userName":"Alice"},
            "eventTime":"2024-05-01T12:00:00.123Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances",
            "awsRegion":"ap-south-1","sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2.15.0",
            "requestParameters":{"instancesSet":{"items":[{"imageId":"ami-0abc","minCount":1,"maxCount":1}]},
            "availabilityZone":"ap-south-1a","subnetId":"subnet-11",
            "tagSpecificationSet":{"items":[{"resourceType":"instance","tags":[{"key":"Name","value":"miner"}]}]}},
            "responseElements":{"reservationId":"r-0123","subnetId":"subnet-11","instancesSet":{"items":[
            {"instanceId":"i-0aaa","imageId":"ami-0abc"},{"instanceId":"i-0bbb","imageId":"ami-0def"}]}},
            "eventID":"e2f1c6a0-0000-4000-8000-000000000004","readOnly":false,"eventType":"AwsApiCall",
            "resources":[{"type":"AWS::EC2::Instance","ARN":"arn:aws:ec2:ap-south-1:111122223333:instance/i-0aaa"}]}""";

    /** An S3 download with an error-free response (a data event). */
    static final String GET_OBJECT = """
            {"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"athena.amazonaws.com"},
            "eventTime":"2024-05-01T13:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject",
            "awsRegion":"us-east-1","sourceIPAddress":"athena.amazonaws.com","userAgent":"athena.amazonaws.com",
            "requestParameters":{"bucketName":"logs","key":"a/b.csv","Host":"logs.s3.amazonaws.com"},
            "responseElements":null,"additionalEventData":{"bytesTransferredIn":0,"bytesTransferredOut":33.0},
            "eventID":"e2f1c6a0-0000-4000-8000-000000000005","readOnly":true,"eventType":"AwsApiCall",
            "managementEvent":false}""";

    /** A bucket's public access block relaxed (PutBucketPublicAccessBlock with false flags). */
    static final String PUT_PUBLIC_ACCESS_BLOCK = """
            {"eventVersion":"1.08","userIdentity":{"type":"Root","principalId":"111122223333",
            "arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","userName":"root-user"},
            "eventTime":"2024-05-01T14:00:00Z","eventSource":"s3.amazonaws.com",
            "eventName":"PutBucketPublicAccessBlock","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.44",
            "userAgent":"[S3Console/0.4]","requestParameters":{"publicAccessBlock":"","bucketName":"secret-bucket",
            "PublicAccessBlockConfiguration":{"xmlns":"http://s3.amazonaws.com/doc/2006-03-01/",
            "RestrictPublicBuckets":false,"BlockPublicPolicy":true,"BlockPublicAcls":true,"IgnorePublicAcls":true},
            "Host":"s3.amazonaws.com"},"responseElements":null,
            "eventID":"e2f1c6a0-0000-4000-8000-000000000006","readOnly":false,"eventType":"AwsApiCall"}""";

    /** A failed CreateUser (AccessDenied): rules that require no error must not fire. */
    static final String CREATE_USER_DENIED = CREATE_USER.replace("\"eventID\":\"e2f1c6a0-0000-4000-8000-000000000003\"",
            "\"errorCode\":\"AccessDenied\",\"errorMessage\":\"not authorized\","
                    + "\"eventID\":\"e2f1c6a0-0000-4000-8000-000000000007\"");

    private Trails() {
    }

    static Path samples() {
        Path p = Path.of(System.getProperty("vigil.samples", "../../../shared/samples")).resolve("cloudtrail");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("samples not found at " + p.toAbsolutePath());
        }
        return p;
    }

    /** Writes records as one gzip log file where AWS puts it under {@code root}. */
    static Path writeLog(Path root, String region, String name, String... records) throws IOException {
        Path dir = root.resolve("AWSLogs/111122223333/CloudTrail").resolve(region).resolve("2024/05/01");
        Files.createDirectories(dir);
        Path file = dir.resolve("111122223333_CloudTrail_" + region + "_20240501T1000Z_" + name + ".json.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
            o.write(("{\"Records\":[" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    static List<JsonEvent> events(Path path) throws Exception {
        return Sources.collect(new CloudTrailSource(), Map.of("openParams", path.toString()), 100_000, 60_000,
                e -> (JsonEvent) e);
    }
}
