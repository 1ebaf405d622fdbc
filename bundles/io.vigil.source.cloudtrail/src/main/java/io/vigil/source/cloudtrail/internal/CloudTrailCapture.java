package io.vigil.source.cloudtrail.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSink;
import io.vigil.source.jsonkit.DocumentFiles;
import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;

/**
 * Reads CloudTrail log files in path order, one record per event, timed by its
 * {@code eventTime}. Following a directory, it rescans it every interval and reads the files
 * not seen before once their size has stayed the same for one scan (so a file still being
 * copied in is not read half-way).
 */
final class CloudTrailCapture implements EventCapture {

    private static final System.Logger LOG = System.getLogger(CloudTrailCapture.class.getName());
    private static final int BATCH = 1024;

    private final Path root;
    private final boolean follow;
    private final long intervalMillis;
    private final Set<Path> seen = new HashSet<>();
    private final Map<Path, Long> growing = new HashMap<>();
    private final ArrayDeque<Path> files = new ArrayDeque<>();
    private final ArrayDeque<JsonEvent> pending = new ArrayDeque<>();
    private long nextScan;
    private long delivered;
    private long filesRead;
    private long malformed;
    private long unrecognized;
    private long untimed;
    private long vanished;
    private volatile boolean closed;

    CloudTrailCapture(Path root, boolean follow, long intervalMillis) throws IOException {
        this.root = root;
        this.follow = follow;
        this.intervalMillis = intervalMillis;
        // A followed directory may not exist yet (the first sync creates it).
        List<Path> first = follow && !Files.exists(root) ? List.of() : DocumentFiles.list(root, CloudTrailCapture::isLogFile);
        if (first.isEmpty() && !follow) {
            throw new IOException(root + ": no CloudTrail log files (.json or .json.gz) found");
        }
        files.addAll(first);
        seen.addAll(first);
        nextScan = System.nanoTime() + intervalMillis * 1_000_000L;
    }

    /**
     * A log file, not one of the digest files AWS writes beside the logs when log file
     * validation is on ({@code AWSLogs/<account>/CloudTrail-Digest/...}): those hold hashes
     * of the log files, no records, and a synced trail bucket is full of them.
     */
    static boolean isLogFile(Path p) {
        String n = p.getFileName().toString();
        if (!n.endsWith(".json") && !n.endsWith(".json.gz")) {
            return false;
        }
        if (n.contains("_CloudTrail-Digest_")) {
            return false;
        }
        for (Path part : p) {
            if (part.toString().equals("CloudTrail-Digest")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int poll(EventSink sink, long timeoutMillis) throws IOException, InterruptedException {
        if (closed) {
            return END;
        }
        while (pending.size() < BATCH && !files.isEmpty()) {
            read(files.poll());
        }
        if (pending.isEmpty()) {
            if (!follow) {
                return END;
            }
            waitForFiles(timeoutMillis);
            while (pending.size() < BATCH && !files.isEmpty()) {
                read(files.poll());
            }
            if (pending.isEmpty()) {
                return closed ? END : 0;
            }
        }
        int n = 0;
        while (n < BATCH && !pending.isEmpty()) {
            sink.accept(pending.poll().withNumber(++delivered));
            n++;
        }
        return n;
    }

    /** Sleeps until the next scan or the timeout, and scans if it is due. */
    private void waitForFiles(long timeoutMillis) throws IOException, InterruptedException {
        long waitNanos = nextScan - System.nanoTime();
        if (waitNanos > 0) {
            // rounded up, so that a wait under a millisecond does not become a busy loop
            Thread.sleep(Math.min((waitNanos + 999_999L) / 1_000_000L, timeoutMillis));
        }
        if (System.nanoTime() - nextScan >= 0) {
            scan();
            nextScan = System.nanoTime() + intervalMillis * 1_000_000L;
        }
    }

    private void scan() throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> now;
        try {
            now = DocumentFiles.list(root, CloudTrailCapture::isLogFile);
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            // A directory went away during the walk (a cleanup job): try again at the next scan.
            return;
        }
        for (Path p : now) {
            if (seen.contains(p)) {
                continue;
            }
            long size;
            try {
                size = Files.size(p);
            } catch (java.nio.file.NoSuchFileException gone) {
                growing.remove(p);
                continue;
            }
            Long before = growing.put(p, size);
            if (before != null && before == size) {
                growing.remove(p);
                seen.add(p);
                files.add(p);
            }
        }
    }

    private void read(Path file) throws IOException {
        if (!Files.exists(file)) {
            // Removed between listing and reading (retention, a moved sync): nothing to read.
            vanished++;
            return;
        }
        filesRead++;
        try (DocumentFiles.Reader reader = new DocumentFiles.Reader(file)) {
            JsonNode doc;
            while ((doc = reader.next()) != null) {
                records(doc);
            }
            if (reader.error() != null) {
                malformed++;
                LOG.log(System.Logger.Level.WARNING, reader.error());
            }
        }
    }

    /** A log file's {"Records": [...]}, an array of records, or one record. */
    private void records(JsonNode doc) {
        JsonNode records = doc.isObject() && doc.has("Records") ? doc.get("Records") : doc;
        if (records.isArray()) {
            for (JsonNode r : records) {
                record(r);
            }
        } else if (records.isObject() && records.has("eventTime")) {
            record(records);
        } else {
            unrecognized++;
        }
    }

    private void record(JsonNode r) {
        String time = Json.stringOrNull(r.get("eventTime"));
        if (time == null) {
            untimed++;
            return;
        }
        long nanos;
        try {
            Instant t = Instant.parse(time);
            nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            untimed++;
            return;
        }
        pending.add(new JsonEvent(CloudTrailSource.NAME, 0, nanos, Json.compact(r), r));
    }

    @Override
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events", delivered);
        m.put("files", filesRead);
        m.put("malformed_files", malformed);
        m.put("unrecognized_documents", unrecognized);
        m.put("dropped_no_event_time", untimed);
        m.put("files_vanished", vanished);
        return m;
    }

    @Override
    public void close() {
        closed = true;
    }
}
