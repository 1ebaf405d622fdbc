package io.vigil.engine;

import java.util.Map;

import io.vigil.engine.api.FieldCatalog;
import io.vigil.sdk.EventTypes;
import io.vigil.sdk.testkit.MapEvent;

/**
 * Builds hand-written events (for {@code vigil eval --event} and rule unit tests): a map of field
 * values as written in rules, with the event type code taken from {@code evt.type}.
 */
public final class MapEvents {

    private MapEvents() {
    }

    /**
     * @param source the event source, e.g. {@code syscall}
     * @param values field values by field text ({@code "proc.aname[2]" -> "bash"})
     * @param catalog gives the source's event type codes, so rules indexed by type see the event
     */
    public static MapEvent of(String source, Map<String, Object> values, FieldCatalog catalog) {
        int type = 0;
        Object t = values.get("evt.type");
        EventTypes types = catalog.eventTypes(source).orElse(null);
        if (t != null && types != null) {
            int[] codes = types.codes(t.toString());
            if (codes.length > 0) {
                // Falco's rules see exit events; libscap numbers them after the enter event
                type = codes[codes.length - 1];
            }
        }
        long time = values.get("evt.rawtime") instanceof Number n ? n.longValue() : 0L;
        long num = values.get("evt.num") instanceof Number n ? n.longValue() : 0L;
        return new MapEvent(source, type, time, num, values);
    }
}
