package io.vigil.sdk.testkit;

import java.util.List;

import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.FieldValue;

/**
 * Extracts values from {@link MapEvent}s for a given set of field declarations: the value of
 * {@code proc.aname[2]} is the map entry {@code "proc.aname[2]"}. Numbers map to numbers,
 * strings to text, booleans to 0/1, lists to lists.
 */
public final class MapFieldExtractor implements FieldExtractor {

    private final String name;
    private final List<FieldDescriptor> fields;

    public MapFieldExtractor(String name, List<FieldDescriptor> fields) {
        this.name = name;
        this.fields = List.copyOf(fields);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<FieldDescriptor> fields() {
        return fields;
    }

    @Override
    public FieldAccessor bind(FieldDescriptor field, String argument) {
        String key = argument == null ? field.name() : field.name() + "[" + argument + "]";
        return (event, out) -> {
            if (!(event instanceof MapEvent m)) {
                return false;
            }
            Object v = m.values().get(key);
            if (v == null) {
                return false;
            }
            store(v, out);
            return true;
        };
    }

    private static void store(Object v, FieldValue out) {
        if (v instanceof Boolean b) {
            out.setBool(b);
        } else if (v instanceof Number n) {
            out.setLong(n.longValue());
        } else if (v instanceof byte[] bytes) {
            out.setBytes(bytes);
        } else if (v instanceof List<?> list) {
            out.setList(list);
        } else {
            out.setText(v.toString());
        }
    }
}
