package io.vigil.source.cloudtrail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.testkit.Extractors;
import io.vigil.source.jsonkit.JsonEvent;

/** Reading CloudTrail logs: plain and gzip files, AWS's directory tree, following new files. */
class CloudTrailSourceTest {

    @Test
    void readsTheSampleDirectory() throws Exception {
        List<JsonEvent> events = Trails.events(Trails.samples());
        assertEquals(2, events.size());
        assertEquals(1394140974000000000L, events.get(0).timestamp(), "eventTime 2014-03-06T21:22:54Z");
        assertEquals(List.of(1L, 2L), events.stream().map(JsonEvent::number).toList());
    }

    @Test
    void readsAnAwsTreeOfGzipLogsInPathOrder(@TempDir Path dir) throws Exception {
        Trails.writeLog(dir, "us-east-1", "B", Trails.CREATE_USER, Trails.GET_OBJECT);
        Trails.writeLog(dir, "ap-south-1", "A", Trails.RUN_INSTANCES);
        Files.writeString(dir.resolve("README.txt"), "not a log");
        List<JsonEvent> events = Trails.events(dir);
        assertEquals(List.of("RunInstances", "CreateUser", "GetObject"),
                events.stream().map(e -> Extractors.extract(e, "ct.name", Trails.FIELDS)).toList());
    }

    @Test
    void digestFilesOfLogFileValidationAreNotRead(@TempDir Path dir) throws Exception {
        Trails.writeLog(dir, "us-east-1", "a", Trails.CREATE_USER);
        // A digest as AWS writes it next to the logs: hashes of the log files, no Records.
        Path digests = Files.createDirectories(dir.resolve("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01"));
        try (java.io.OutputStream o = new java.util.zip.GZIPOutputStream(Files.newOutputStream(digests.resolve(
                "111122223333_CloudTrail-Digest_us-east-1_main_us-east-1_20240501T110000Z.json.gz")))) {
            o.write(("{\"awsAccountId\":\"111122223333\",\"digestStartTime\":\"2024-05-01T10:00:00Z\","
                    + "\"digestEndTime\":\"2024-05-01T11:00:00Z\",\"digestS3Bucket\":\"trail-bucket\","
                    + "\"digestSignatureAlgorithm\":\"SHA256withRSA\",\"logFiles\":[{\"s3Bucket\":\"trail-bucket\","
                    + "\"s3Object\":\"AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/a.json.gz\","
                    + "\"hashValue\":\"9f86d081\",\"hashAlgorithm\":\"SHA-256\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try (EventCapture c = new CloudTrailSource().open(Map.of("openParams", dir.toString()))) {
            List<Object> names = new ArrayList<>();
            while (c.poll(e -> names.add(Extractors.extract(e, "ct.name", Trails.FIELDS)), 10) != EventCapture.END) {
                // read to the end
            }
            assertEquals(List.of("CreateUser"), names);
            assertEquals(1L, c.stats().get("files"));
            assertEquals(0L, c.stats().get("unrecognized_documents"));
        }
        assertTrue(CloudTrailCapture.isLogFile(Path.of("AWSLogs/1/CloudTrail/us-east-1/2024/05/01/1_CloudTrail_x.json.gz")));
        assertTrue(!CloudTrailCapture.isLogFile(Path.of("digests/1_CloudTrail-Digest_us-east-1_t_us-east-1_x.json.gz")));
    }

    @Test
    void followsADirectoryTheFirstSyncCreates(@TempDir Path dir) throws Exception {
        Path trail = dir.resolve("not-yet");
        List<String> names = new ArrayList<>();
        try (EventCapture c = new CloudTrailSource().open(Map.of("openParams", trail.toString(), "follow", "true",
                "pollIntervalMillis", "20"))) {
            assertEquals(0, c.poll(e -> names.add("unexpected"), 30), "nothing yet, and not the end");
            Trails.writeLog(trail, "us-east-1", "1", Trails.CREATE_USER);
            for (int i = 0; i < 500 && names.isEmpty(); i++) {
                assertTrue(c.poll(e -> names.add((String) Extractors.extract(e, "ct.name", Trails.FIELDS)), 20) >= 0,
                        "a followed directory never ends");
            }
            assertEquals(List.of("CreateUser"), names);
        }
    }

    @Test
    void aFileRemovedBeforeItIsReadIsSkippedAndCounted(@TempDir Path dir) throws Exception {
        Path gone = Trails.writeLog(dir, "us-east-1", "1", Trails.CREATE_USER);
        Trails.writeLog(dir, "us-east-1", "2", Trails.RUN_INSTANCES);
        List<Object> names = new ArrayList<>();
        try (EventCapture c = new CloudTrailSource().open(Map.of("openParams", dir.toString()))) {
            Files.delete(gone); // listed when the source opened, removed before it is read
            while (c.poll(e -> names.add(Extractors.extract(e, "ct.name", Trails.FIELDS)), 10) != EventCapture.END) {
                // read to the end
            }
            assertEquals(List.of("RunInstances"), names);
            assertEquals(1L, c.stats().get("files"));
            assertEquals(1L, c.stats().get("files_vanished"));
        }
    }

    @Test
    void followsNewFiles(@TempDir Path dir) throws Exception {
        Trails.writeLog(dir, "us-east-1", "1", Trails.CREATE_USER);
        List<String> names = new ArrayList<>();
        try (EventCapture c = new CloudTrailSource().open(Map.of("openParams", dir.toString(), "follow", "true",
                "pollIntervalMillis", "20"))) {
            assertEquals(1, c.poll(e -> names.add((String) Extractors.extract(e, "ct.name", Trails.FIELDS)), 10));
            assertEquals(0, c.poll(e -> names.add("unexpected"), 30), "no new file yet: no event, not the end");
            Trails.writeLog(dir, "us-east-1", "2", Trails.RUN_INSTANCES, Trails.GET_OBJECT);
            for (int i = 0; i < 200 && names.size() < 3; i++) {
                int n = c.poll(e -> names.add((String) Extractors.extract(e, "ct.name", Trails.FIELDS)), 20);
                assertTrue(n >= 0, "a followed directory never ends");
            }
            assertEquals(List.of("CreateUser", "RunInstances", "GetObject"), names);
            assertEquals(2L, c.stats().get("files"));
        }
    }

    @Test
    void malformedFilesAreCountedAndSkipped(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), "{\"Records\":[" + Trails.CREATE_USER + ",{oops]}");
        Trails.writeLog(dir, "us-east-1", "x", Trails.GET_OBJECT);
        try (EventCapture c = new CloudTrailSource().open(Map.of("openParams", dir.toString()))) {
            int total = 0;
            int n;
            while ((n = c.poll(e -> { }, 10)) != EventCapture.END) {
                total += n;
            }
            assertEquals(1, total);
            assertEquals(1L, c.stats().get("malformed_files"));
        }
    }

    @Test
    void unusableSettingsAreErrorsSayingWhatToDo(@TempDir Path dir) {
        IOException none = assertThrows(IOException.class, () -> new CloudTrailSource().open(Map.of()));
        assertTrue(none.getMessage().contains("io.vigil.source.cloudtrail"), none.getMessage());
        IOException s3 = assertThrows(IOException.class,
                () -> new CloudTrailSource().open(Map.of("openParams", "s3://bucket/AWSLogs")));
        assertTrue(s3.getMessage().contains("aws s3 sync"), s3.getMessage());
        IOException empty = assertThrows(IOException.class,
                () -> new CloudTrailSource().open(Map.of("openParams", dir.toString())));
        assertTrue(empty.getMessage().contains("no CloudTrail log files"), empty.getMessage());
    }
}
