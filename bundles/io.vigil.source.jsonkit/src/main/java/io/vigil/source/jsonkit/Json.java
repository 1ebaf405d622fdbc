package io.vigil.source.jsonkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of the document sources, and the text forms fields use: a string
 * value as itself, anything else as compact JSON (as Falco's plugins marshal values).
 */
public final class Json {

    /**
     * Parses documents with a bounded nesting depth, so that a hostile payload cannot exhaust
     * the stack, and keeps decimal numbers as written (33.0 stays 33.0 when marshalled).
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(new com.fasterxml.jackson.core.JsonFactory()
                    .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(500).build()))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private Json() {
    }

    /** The compact JSON bytes of a node. */
    public static byte[] compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize a parsed JSON tree", e);
        }
    }

    /** A string node's text, any other node as compact JSON ({@code true}, {@code 0}, {@code {...}}). */
    public static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.toString();
    }

    /** The text of a string node, or null for other nodes (fastjson's GetStringBytes). */
    public static String stringOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** {@code node.get(k1).get(k2)...}, or null when a key is missing. */
    public static JsonNode path(JsonNode node, String... keys) {
        JsonNode v = node;
        for (String k : keys) {
            if (v == null) {
                return null;
            }
            v = v.get(k);
        }
        return v;
    }

    /**
     * Indents a node the way Go's {@code json.Indent} does with a two-space indent (the form of
     * Falco's {@code json.obj}): one member per line, {@code "key": value}, empty containers as
     * {@code {}} and {@code []}.
     */
    public static String indent(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        indent(node, sb, 0);
        return sb.toString();
    }

    private static void indent(JsonNode node, StringBuilder sb, int depth) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                newline(sb, depth + 1);
                sb.append(MAPPER.getNodeFactory().textNode(e.getKey()).toString()).append(": ");
                indent(e.getValue(), sb, depth + 1);
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
            newline(sb, depth);
            sb.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                newline(sb, depth + 1);
                indent(node.get(i), sb, depth + 1);
                if (i + 1 < node.size()) {
                    sb.append(',');
                }
            }
            newline(sb, depth);
            sb.append(']');
        } else {
            sb.append(node.toString());
        }
    }

    private static void newline(StringBuilder sb, int depth) {
        sb.append('\n');
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }
}
