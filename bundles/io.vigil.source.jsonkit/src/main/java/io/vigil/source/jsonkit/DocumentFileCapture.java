package io.vigil.source.jsonkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSink;

/**
 * A capture over document files (a file or a directory tree; JSON, JSON lines, gzip), read
 * once in path order and ended with {@link EventCapture#END}. A malformed document stops its
 * file, not the capture; it is counted and logged with file, line and column.
 */
public final class DocumentFileCapture implements EventCapture {

    private static final System.Logger LOG = System.getLogger(DocumentFileCapture.class.getName());
    private static final int BATCH = 1024;

    private final Iterator<Path> files;
    private final DocumentSplitter splitter;
    private final ArrayDeque<JsonEvent> pending = new ArrayDeque<>();
    private DocumentFiles.Reader reader;
    private long delivered;
    private long filesRead;
    private long malformed;
    private long unrecognized;
    private volatile boolean closed;
    private java.util.function.Supplier<Map<String, Long>> extraStats = Map::of;

    /**
     * @throws IOException naming the path if it does not exist
     */
    public DocumentFileCapture(Path root, Predicate<Path> filter, DocumentSplitter splitter) throws IOException {
        this.files = DocumentFiles.list(root, filter).iterator();
        this.splitter = splitter;
    }

    @Override
    public int poll(EventSink sink, long timeoutMillis) throws IOException {
        if (closed) {
            return END;
        }
        while (pending.size() < BATCH && fill()) {
            // read documents until a batch is ready or the files are done
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
                if (splitter.split(doc, pending::add) < 0) {
                    unrecognized++;
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

    /** Adds the source's own counters (events it dropped while splitting, say) to {@link #stats()}. */
    public DocumentFileCapture withStats(java.util.function.Supplier<Map<String, Long>> stats) {
        this.extraStats = stats;
        return this;
    }

    @Override
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events", delivered);
        m.put("files", filesRead);
        m.put("malformed_documents", malformed);
        m.put("unrecognized_documents", unrecognized);
        m.putAll(extraStats.get());
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
