package io.vigil.engine.internal.eval;

import java.util.List;

import io.vigil.sdk.Event;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.FieldValue;

/**
 * Something that yields one value per event: a bound field, or a transformer over other
 * sources. The value lives in {@link #value()} until the next {@link #load}.
 */
public abstract class ValueSource {

    protected final FieldValue value = new FieldValue();
    private final FieldType type;
    private final boolean list;
    private final String text;

    protected ValueSource(FieldType type, boolean list, String text) {
        this.type = type;
        this.list = list;
        this.text = text;
    }

    /** Extracts the value for {@code e}; false if the event has none. */
    public abstract boolean load(Event e);

    public final FieldValue value() {
        return value;
    }

    public final FieldType type() {
        return type;
    }

    public final boolean isList() {
        return list;
    }

    /** The source as written in the rule. */
    public final String text() {
        return text;
    }

    /** The current value rendered as Falco prints it. */
    public String render() {
        if (!list && value.kind() == FieldValue.Kind.LIST) {
            return joined();
        }
        return ValueFormat.text(value, type);
    }

    /** The current value as a JSON-friendly object: String, Long, Boolean, List or null. */
    public Object toJsonValue() {
        if (!list && value.kind() == FieldValue.Kind.LIST) {
            return joined();
        }
        return ValueFormat.object(value, type);
    }

    /**
     * A field that is not a list but yields several values (proc.aname without an index) prints
     * as libsinsp prints it: the values separated by spaces.
     */
    private String joined() {
        StringBuilder sb = new StringBuilder();
        for (Object o : value.asList()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(o instanceof Number n ? ValueFormat.longText(n.longValue(), type) : String.valueOf(o));
        }
        return sb.toString();
    }

    /** A field bound to its accessor; extracted at most once per event. */
    public static final class FieldSource extends ValueSource {
        private final io.vigil.sdk.FieldAccessor accessor;
        private final EvalClock clock;
        private long seen = -1;
        private boolean present;

        public FieldSource(io.vigil.sdk.FieldAccessor accessor, FieldType type, boolean list, String text,
                EvalClock clock) {
            super(type, list, text);
            this.accessor = accessor;
            this.clock = clock;
        }

        @Override
        public boolean load(Event e) {
            long g = clock.generation;
            if (seen == g) {
                return present;
            }
            value.clear();
            present = accessor.extract(e, value) && value.kind() != FieldValue.Kind.NONE;
            seen = g;
            return present;
        }
    }

    /** Another source under another name, for an output field that libsinsp reads differently. */
    public static final class Alias extends ValueSource {
        private final ValueSource target;

        public Alias(ValueSource target, String text) {
            super(target.type(), target.isList(), text);
            this.target = target;
        }

        @Override
        public boolean load(Event e) {
            value.clear();
            if (!target.load(e)) {
                return false;
            }
            FieldValue v = target.value();
            switch (v.kind()) {
                case LONG -> value.setLong(v.asLong());
                case TEXT -> value.setText(v.asText());
                case BYTES -> value.setBytes(v.asBytes(), v.bytesLength());
                case LIST -> value.setList(v.asList());
                default -> {
                    return false;
                }
            }
            return true;
        }
    }

    /** A constant, used as a transformer argument. */
    public static final class ConstantSource extends ValueSource {
        private final String constant;

        public ConstantSource(String constant) {
            super(FieldType.STRING, false, "\"" + constant + "\"");
            this.constant = constant;
        }

        @Override
        public boolean load(Event e) {
            value.setText(constant);
            return true;
        }
    }

    /** Reads the current value as text, or null if it is not text. */
    static CharSequence textOf(FieldValue v) {
        return v.kind() == FieldValue.Kind.TEXT ? v.asText() : null;
    }

    static List<?> listOf(FieldValue v) {
        return v.kind() == FieldValue.Kind.LIST ? v.asList() : null;
    }
}
