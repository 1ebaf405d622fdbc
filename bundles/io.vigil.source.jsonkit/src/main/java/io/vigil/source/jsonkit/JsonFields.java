package io.vigil.source.jsonkit;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldType;

/**
 * The fields of Falco's {@code json} plugin (0.7): {@code json.value[<json pointer>]},
 * {@code json.obj}, {@code json.rawtime} and their {@code jevt.*} aliases, for any document
 * source. Rule files ask for the json plugin beside the source's own plugin.
 */
public final class JsonFields {

    /** The json plugin version these fields stand for. */
    public static final String FALCO_PLUGIN = "json";
    public static final String FALCO_VERSION = "0.7.4";

    private JsonFields() {
    }

    /** Declares the json fields in {@code table}. */
    public static void addTo(FieldTable table) {
        for (String prefix : new String[] {"json.", "jevt."}) {
            String alias = prefix.equals("jevt.") ? " Alias of json.value, kept for older rules." : "";
            table.add(prefix + "value", FieldType.STRING, false, FieldArg.KEY, true,
                    "A value of the event's JSON document selected by a JSON pointer (RFC 6901), e.g. "
                            + prefix + "value[/user/username]; strings as text, other values as compact JSON."
                            + alias,
                    arg -> value(prefix + "value", arg));
            table.add(prefix + "obj", FieldType.STRING,
                    "The event's whole JSON document, indented." + (alias.isEmpty() ? "" : " Alias of json.obj."),
                    arg -> (e, out) -> e instanceof JsonEvent j && out.setText(Json.indent(j.tree())) != null);
            table.add(prefix + "rawtime", FieldType.STRING,
                    "The event time in nanoseconds since the epoch, as text (as evt.rawtime)."
                            + (alias.isEmpty() ? "" : " Alias of json.rawtime."),
                    arg -> (e, out) -> out.setText(Long.toString(e.timestamp())) != null);
        }
    }

    private static io.vigil.sdk.FieldAccessor value(String field, String arg) {
        String p = arg.startsWith("/") ? arg : "/" + arg;
        JsonPointer pointer;
        try {
            pointer = JsonPointer.compile(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + "[" + arg + "]: not a JSON pointer (RFC 6901) like /user/username: "
                    + e.getMessage());
        }
        return (e, out) -> {
            if (!(e instanceof JsonEvent j)) {
                return false;
            }
            JsonNode v = j.tree().at(pointer);
            if (v.isMissingNode()) {
                return false;
            }
            out.setText(Json.text(v));
            return true;
        };
    }
}
