package io.vigil.source.jsonkit;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.Event;

/**
 * One event whose content is a JSON document (an audit event, a CloudTrail record, ...): its
 * compact JSON bytes as the payload, and the parsed tree the field accessors read.
 * Immutable, so a queue may hold it between the thread that received it and the event thread.
 */
public final class JsonEvent implements Event {

    private final String source;
    private final long number;
    private final long timestamp;
    private final byte[] payload;
    private final JsonNode tree;
    private final Object attachment;

    /**
     * @param source    the source name
     * @param number    the event number in its capture, from 1
     * @param timestamp nanoseconds since the epoch
     * @param payload   the document as compact JSON bytes
     * @param tree      the parsed document
     */
    public JsonEvent(String source, long number, long timestamp, byte[] payload, JsonNode tree) {
        this(source, number, timestamp, payload, tree, null);
    }

    /**
     * An event with source-specific data computed when it was read (state a field needs that
     * the document alone does not hold, e.g. counts over earlier events).
     */
    public JsonEvent(String source, long number, long timestamp, byte[] payload, JsonNode tree, Object attachment) {
        this.source = source;
        this.number = number;
        this.timestamp = timestamp;
        this.payload = payload;
        this.tree = tree;
        this.attachment = attachment;
    }

    /** The same document numbered for a capture (numbers are assigned when events are delivered). */
    public JsonEvent withNumber(long n) {
        return new JsonEvent(source, n, timestamp, payload, tree, attachment);
    }

    /** The same document with source-specific data attached. */
    public JsonEvent withAttachment(Object a) {
        return new JsonEvent(source, number, timestamp, payload, tree, a);
    }

    /** The source-specific data, or null. */
    public Object attachment() {
        return attachment;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public int type() {
        return 0;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public long number() {
        return number;
    }

    /** The document's compact JSON bytes (not a copy: do not modify). */
    @Override
    public byte[] payload() {
        return payload;
    }

    /** The parsed document (do not modify). */
    public JsonNode tree() {
        return tree;
    }
}
