package io.vigil.source.k8saudit.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSink;
import io.vigil.source.jsonkit.Json;
import io.vigil.source.jsonkit.JsonEvent;
import io.vigil.source.jsonkit.Tls;
import io.vigil.source.jsonkit.WebhookServer;

/**
 * A capture fed by the audit webhook: request threads parse and split payloads and put the
 * events on a bounded queue that {@link #poll} drains. A full queue rejects the request with
 * 503 (the apiserver retries) rather than blocking a request thread or the event thread.
 */
final class WebhookCapture implements EventCapture {

    private static final int BATCH = 1024;

    private final ArrayBlockingQueue<JsonEvent> queue;
    private final AuditPayloads payloads;
    private final WebhookServer server;
    private final Object enqueueLock = new Object();
    private final List<JsonEvent> batch = new ArrayList<>(BATCH);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unrecognized = new AtomicLong();
    private final AtomicLong oversize = new AtomicLong();
    private final AtomicLong untimed = new AtomicLong();
    private final AtomicLong queueFull = new AtomicLong();
    private long delivered;
    private volatile boolean closed;

    WebhookCapture(SourceSettings s) throws IOException {
        this.queue = new ArrayBlockingQueue<>(s.queueCapacity());
        this.payloads = new AuditPayloads(s.maxEventSize());
        SSLContext tls = s.tls() ? Tls.serverContext(Path.of(s.sslCertificate()), s.sslPassword()) : null;
        this.server = WebhookServer.start(new WebhookServer.Settings(s.bind(), s.port(), s.path(), s.webhookToken(),
                tls, s.webhookMaxBatchSize(), s.webhookThreads()), this::receive);
    }

    /** The port the endpoint listens on (the configured one, or the one picked for port 0). */
    int port() {
        return server.port();
    }

    private WebhookServer.Response receive(byte[] body, java.util.function.UnaryOperator<String> headers) {
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
            return new WebhookServer.Response(400, "empty body: POST an audit.k8s.io Event or EventList");
        }
        List<JsonEvent> events = new ArrayList<>();
        AuditPayloads.Counts c = payloads.split(doc, events::add);
        if (c == null) {
            unrecognized.incrementAndGet();
            return new WebhookServer.Response(400, "not an audit.k8s.io Event or EventList (no kind Event/EventList)");
        }
        oversize.addAndGet(c.oversize);
        untimed.addAndGet(c.untimed);
        synchronized (enqueueLock) {
            if (queue.remainingCapacity() < events.size()) {
                queueFull.addAndGet(events.size());
                return new WebhookServer.Response(503, "event queue full (" + queue.size()
                        + " events waiting); retry later");
            }
            queue.addAll(events);
        }
        received.addAndGet(events.size());
        return new WebhookServer.Response(200, "accepted " + events.size() + " events"
                + (c.oversize > 0 ? ", dropped " + c.oversize + " over maxEventSize" : "")
                + (c.untimed > 0 ? ", dropped " + c.untimed + " without a valid stageTimestamp" : ""));
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

    @Override
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events", delivered);
        m.put("queued", (long) queue.size());
        m.put("received", received.get());
        m.put("malformed_requests", malformed.get());
        m.put("unrecognized_requests", unrecognized.get());
        m.put("dropped_oversize", oversize.get());
        m.put("dropped_no_timestamp", untimed.get());
        m.put("dropped_queue_full", queueFull.get());
        m.putAll(server.stats());
        return m;
    }

    @Override
    public void close() {
        closed = true;
        server.close();
    }
}
