package io.vigil.rules;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.sdk.EventTypes;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldReference;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.testkit.MapEvent;

/**
 * Reads a JSON fixture (field as written in rules, e.g. {@code evt.arg.flags} or
 * {@code proc.aname[2]}, to its value) into a {@link MapEvent} of the syscall source. Every key
 * must name a declared field, so a typo fails the test instead of silently reading as missing.
 */
final class FixtureEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<FieldDescriptor> fields;
    private final EventTypes types;

    FixtureEvents(List<FieldDescriptor> fields, EventTypes types) {
        this.fields = List.copyOf(fields);
        this.types = types;
    }

    MapEvent read(Path file) throws IOException {
        JsonNode root = JSON.readTree(Files.readString(file));
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object of field values");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldReference ref = FieldReference.resolve(fields, e.getKey()).orElseThrow(() ->
                    new IllegalArgumentException(file + ": '" + e.getKey() + "' is not a declared syscall field"));
            // MapFieldExtractor looks values up by the canonical form, evt.arg[flags] for evt.arg.flags
            values.put(ref.toString(), value(file, e.getKey(), ref.field(), e.getValue()));
        }
        Object type = values.get("evt.type");
        if (!(type instanceof String name) || types.codes(name).length == 0) {
            throw new IllegalArgumentException(file + ": 'evt.type' must name a syscall event type, got " + type);
        }
        long number = values.get("evt.num") instanceof Long n ? n : 1L;
        return new MapEvent("syscall", types.codes(name)[0], 1_764_556_800_000_000_000L, number, values);
    }

    private static Object value(Path file, String key, FieldDescriptor field, JsonNode v) throws IOException {
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode item : v) {
                list.add(scalar(file, key, field.type(), item));
            }
            return list;
        }
        return scalar(file, key, field.type(), v);
    }

    private static Object scalar(Path file, String key, FieldType type, JsonNode v) throws IOException {
        if (type == FieldType.IPADDR || type == FieldType.IPNET) {
            // IP fields carry network-order address bytes; fixtures write them as literals
            String text = v.asText();
            if (!text.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException(file + ": '" + key + "' must be an IP literal, got " + text);
            }
            return InetAddress.getByName(text).getAddress();
        }
        if (type == FieldType.BOOL) {
            if (!v.isBoolean()) {
                throw new IllegalArgumentException(file + ": '" + key + "' is a boolean field, got " + v);
            }
            return v.booleanValue();
        }
        if (type.isNumeric()) {
            if (!v.isIntegralNumber()) {
                throw new IllegalArgumentException(file + ": '" + key + "' is a numeric field, got " + v);
            }
            return v.longValue();
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be a scalar or a list of scalars");
        }
        return v.asText();
    }
}
