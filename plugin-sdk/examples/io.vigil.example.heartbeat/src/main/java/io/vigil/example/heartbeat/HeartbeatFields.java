package io.vigil.example.heartbeat;

import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.FieldType;

/**
 * The fields of heartbeat events: a number, a text, and a field taking an index argument,
 * each bound once to an accessor that extracts without allocating.
 */
@Component
public final class HeartbeatFields implements FieldExtractor {

    static final FieldDescriptor COUNTER = FieldDescriptor.of("heartbeat.counter", FieldType.UINT64,
            "The tick number, from 1.", HeartbeatEvent.SOURCE, "heartbeat");
    static final FieldDescriptor MESSAGE = FieldDescriptor.of("heartbeat.message", FieldType.STRING,
            "The message configured for the source.", HeartbeatEvent.SOURCE, "heartbeat");
    static final FieldDescriptor DIGIT = new FieldDescriptor("heartbeat.digit", FieldType.UINT64, false,
            FieldArg.INDEX, true, "The N-th decimal digit of the tick number, counted from the right (0).",
            Set.of(HeartbeatEvent.SOURCE), "heartbeat");

    private static final List<FieldDescriptor> FIELDS = List.of(COUNTER, MESSAGE, DIGIT);

    @Override
    public String name() {
        return "heartbeat";
    }

    @Override
    public List<FieldDescriptor> fields() {
        return FIELDS;
    }

    @Override
    public FieldAccessor bind(FieldDescriptor field, String argument) {
        if (field.equals(COUNTER)) {
            return (e, out) -> e instanceof HeartbeatEvent h && out.setLong(h.number()) != null;
        }
        if (field.equals(MESSAGE)) {
            return (e, out) -> e instanceof HeartbeatEvent h && out.setText(h.message()) != null;
        }
        if (field.equals(DIGIT)) {
            int index;
            try {
                index = Integer.parseInt(argument);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("heartbeat.digit needs a digit index like [0], got [" + argument + "]");
            }
            if (index < 0 || index > 18) {
                throw new IllegalArgumentException("heartbeat.digit index must be 0..18, got " + index);
            }
            long divisor = (long) Math.pow(10, index);
            return (e, out) -> e instanceof HeartbeatEvent h && out.setLong((h.number() / divisor) % 10) != null;
        }
        throw new IllegalArgumentException("not a heartbeat field: " + field.name());
    }
}
