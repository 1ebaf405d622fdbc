package io.vigil.source.jsonkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSink;

/**
 * A capture fed by a webhook: request threads check, parse and split each body into events
 * on a bounded queue that {@link #poll} drains; a full queue answers 503 (senders retry)
 * instead of blocking anyone. Malformed JSON gets 400 and is counted.
 */
public final class WebhookCapture implements EventCapture {

    /** Checks a request before its body is parsed (a signature, say). */
    @FunctionalInterface
    public interface Check {
        /** @return null to accept, or the response that rejects the request */
        WebhookServer.Response check(byte[] body, UnaryOperator<String> headers);
    }

    /** Splits a request's document, which may depend on its headers (an event type header, say). */
    @FunctionalInterface
    public interface RequestSplitter {
        int split(JsonNode doc, UnaryOperator<String> headers, java.util.function.Consumer<JsonEvent> out);
    }

    private static final int BATCH = 1024;

    private final ArrayBlockingQueue<JsonEvent> queue;
    private final WebhookServer server;
    private final Check check;
    private final RequestSplitter splitter;
    private final String formField;
    private final Object enqueueLock = new Object();
    private final List<JsonEvent> batch = new ArrayList<>(BATCH);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unrecognized = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong queueFull = new AtomicLong();
    private long delivered;
    private volatile boolean closed;
    private java.util.function.Supplier<Map<String, Long>> extraStats = Map::of;

    /**
     * Starts the endpoint.
     *
     * @param check    a check before parsing, or null
     * @throws IOException naming the address if it cannot listen there
     */
    public WebhookCapture(WebhookServer.Settings settings, int queueCapacity, Check check, RequestSplitter splitter)
            throws IOException {
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.check = check;
        this.splitter = splitter;
        this.formField = settings.formField();
        this.server = WebhookServer.start(settings, this::receive);
    }

    /** The port the endpoint listens on. */
    public int port() {
        return server.port();
    }

    private WebhookServer.Response receive(byte[] body, UnaryOperator<String> headers) {
        if (check != null) {
            WebhookServer.Response no = check.check(body, headers);
            if (no != null) {
                rejected.incrementAndGet();
                return no;
            }
        }
        String type = headers.apply("Content-Type");
        if (type != null && type.contains("application/x-www-form-urlencoded")) {
            // The check above saw the body as sent (a signature covers it); the document is one field of it.
            body = FormBody.field(body, formField);
            if (body == null) {
                malformed.incrementAndGet();
                return new WebhookServer.Response(400, "form body without a '" + formField + "' field");
            }
        }
        JsonNode doc;
        try {
            doc = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (JsonProcessingException e) {
            malformed.incrementAndGet();
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return new WebhookServer.Response(400, "malformed JSON" + at + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            malformed.incrementAndGet();
            return new WebhookServer.Response(400, "unreadable body: " + e.getMessage());
        }
        if (doc == null || doc.isMissingNode()) {
            malformed.incrementAndGet();
            return new WebhookServer.Response(400, "empty body");
        }
        List<JsonEvent> events = new ArrayList<>();
        if (splitter.split(doc, headers, events::add) < 0) {
            unrecognized.incrementAndGet();
            return new WebhookServer.Response(400, "not a document this source understands");
        }
        synchronized (enqueueLock) {
            if (queue.remainingCapacity() < events.size()) {
                queueFull.addAndGet(events.size());
                return new WebhookServer.Response(503, "event queue full; retry later");
            }
            queue.addAll(events);
        }
        received.addAndGet(events.size());
        return new WebhookServer.Response(200, "accepted " + events.size() + " events");
    }

    @Override
    public int poll(EventSink sink, long timeoutMillis) throws InterruptedException {
        if (closed) {
            return END;
        }
        JsonEvent first = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return closed ? END : 0;
        }
        batch.clear();
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        for (JsonEvent e : batch) {
            sink.accept(e.withNumber(++delivered));
        }
        int n = batch.size();
        batch.clear();
        return n;
    }

    /** Adds the source's own counters (events it dropped while splitting, say) to {@link #stats()}. */
    public WebhookCapture withStats(java.util.function.Supplier<Map<String, Long>> stats) {
        this.extraStats = stats;
        return this;
    }

    @Override
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events", delivered);
        m.put("queued", (long) queue.size());
        m.put("received", received.get());
        m.put("malformed_requests", malformed.get());
        m.put("unrecognized_requests", unrecognized.get());
        m.put("rejected_requests", rejected.get());
        m.put("dropped_queue_full", queueFull.get());
        m.putAll(server.stats());
        m.putAll(extraStats.get());
        return m;
    }

    @Override
    public void close() {
        closed = true;
        server.close();
    }
}
