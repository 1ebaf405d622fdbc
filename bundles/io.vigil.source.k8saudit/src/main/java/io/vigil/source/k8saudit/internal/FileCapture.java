package io.vigil.source.k8saudit.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSink;
import io.vigil.source.jsonkit.DocumentFiles;
import io.vigil.source.jsonkit.JsonEvent;

/**
 * A capture over audit log files, for offline analysis: a file or a directory tree of files
 * holding JSON lines or Event/EventList documents, plain or gzip-compressed. Ends with
 * {@link EventCapture#END} after the last file. A malformed document stops its file, not the
 * capture; it is counted and logged with file, line and column.
 */
final class FileCapture implements EventCapture {

    private static final System.Logger LOG = System.getLogger(FileCapture.class.getName());
    private static final int BATCH = 1024;

    private final Iterator<Path> files;
    private final AuditPayloads payloads;
    private final ArrayDeque<JsonEvent> pending = new ArrayDeque<>();
    private DocumentFiles.Reader reader;
    private long delivered;
    private long filesRead;
    private long malformed;
    private long unrecognized;
    private long oversize;
    private long untimed;
    private volatile boolean closed;

    FileCapture(SourceSettings s) throws IOException {
        List<Path> list = DocumentFiles.list(Path.of(s.path()), p -> true);
        this.files = list.iterator();
        this.payloads = new AuditPayloads(s.maxEventSize());
    }

    @Override
    public int poll(EventSink sink, long timeoutMillis) throws IOException {
        if (closed) {
            return END;
        }
        while (pending.size() < BATCH && fill()) {
            // keep reading documents until a batch is ready or the files are exhausted
        }
        if (pending.isEmpty()) {
            return END;
        }
        int n = 0;
        while (n < BATCH && !pending.isEmpty()) {
            sink.accept(pending.poll().withNumber(++delivered));
            n++;
        }
        return n;
    }

    /** Reads one more document into {@link #pending}; false when every file is done. */
    private boolean fill() throws IOException {
        while (true) {
            if (reader == null) {
                if (!files.hasNext()) {
                    return false;
                }
                reader = new DocumentFiles.Reader(files.next());
                filesRead++;
            }
            JsonNode doc = reader.next();
            if (doc != null) {
                AuditPayloads.Counts c = payloads.split(doc, pending::add);
                if (c == null) {
                    unrecognized++;
                } else {
                    oversize += c.oversize;
                    untimed += c.untimed;
                }
                return true;
            }
            if (reader.error() != null) {
                malformed++;
                LOG.log(System.Logger.Level.WARNING, reader.error());
            }
            reader.close();
            reader = null;
        }
    }

    @Override
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events", delivered);
        m.put("files", filesRead);
        m.put("malformed_documents", malformed);
        m.put("unrecognized_documents", unrecognized);
        m.put("dropped_oversize", oversize);
        m.put("dropped_no_timestamp", untimed);
        return m;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
