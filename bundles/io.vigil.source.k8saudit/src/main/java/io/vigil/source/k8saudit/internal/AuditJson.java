package io.vigil.source.k8saudit.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.source.jsonkit.Json;

/**
 * Walks audit event documents the way Falco's k8saudit plugin does: along a key path that
 * fans out over every array met on the way (or picks one element when an index is given),
 * keeping a null per element that lacks the rest of the path.
 */
final class AuditJson {

    private AuditJson() {
    }

    /**
     * The values at {@code keys} below {@code node}; an empty key stands for the node itself.
     *
     * @param index the element to pick from arrays on the way, or null for all
     * @return the values (elements may be null), or null if the path does not exist
     */
    static List<JsonNode> values(JsonNode node, Integer index, String... keys) {
        return values(node, index, keys, 0);
    }

    private static List<JsonNode> values(JsonNode node, Integer index, String[] keys, int from) {
        JsonNode v = node;
        for (int i = from; i < keys.length; i++) {
            if (v.isArray()) {
                if (index == null) {
                    List<JsonNode> out = new ArrayList<>();
                    for (JsonNode element : v) {
                        List<JsonNode> sub = values(element, null, keys, i);
                        if (sub == null) {
                            out.add(null);
                        } else {
                            out.addAll(sub);
                        }
                    }
                    return out;
                }
                if (index >= v.size()) {
                    return null;
                }
                v = v.get(index);
            }
            if (!keys[i].isEmpty()) {
                v = v.get(keys[i]);
            }
            if (v == null) {
                return null;
            }
        }
        List<JsonNode> one = new ArrayList<>(1);
        one.add(v);
        return one;
    }

    /** The text of each non-null value; strings as text, others as compact JSON. */
    static List<String> textsSkipNull(List<JsonNode> values) {
        List<String> out = new ArrayList<>(values.size());
        for (JsonNode v : values) {
            if (v != null) {
                out.add(Json.text(v));
            }
        }
        return out;
    }

    /** The text of each value, or null if any is missing (the plugin's strict conversion). */
    static List<String> textsStrict(List<JsonNode> values) {
        List<String> out = new ArrayList<>(values.size());
        for (JsonNode v : values) {
            if (v == null) {
                return null;
            }
            out.add(Json.text(v));
        }
        return out;
    }
}
