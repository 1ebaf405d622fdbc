package io.vigil.engine.internal.load;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.vigil.sdk.Priority;

/** The items of rule files as collected, before compilation; mutable while files are read. */
public final class Items {

    private Items() {
    }

    /** A {@code list} item. */
    public static final class ListDef {
        public final String name;
        public final List<String> items = new ArrayList<>();
        /** Where the items were written (the definition and every append), for diagnostics. */
        public final List<SourceSpan> itemSpans = new ArrayList<>();
        public Location location;
        public boolean used;

        public ListDef(String name, Location location) {
            this.name = name;
            this.location = location;
        }
    }

    /** A {@code macro} item. */
    public static final class MacroDef {
        public final String name;
        public String condition;
        public Location location;
        public Location conditionLocation;
        /** Where the condition was written (the definition and every append), for diagnostics. */
        public final List<SourceSpan> conditionSpans = new ArrayList<>();
        public boolean used;
        /** Position of the first definition among macros. */
        public int index;
        /**
         * Position of the last definition or append: as in Falco, the macro sees the macros whose
         * index is below it, so an append can use macros defined after the original macro.
         */
        public int visibility;

        public MacroDef(String name, Location location) {
            this.name = name;
            this.location = location;
        }
    }

    /**
     * One value of an exception tuple: a scalar, or a list of scalars.
     *
     * @param item  the scalar, or null for a list
     * @param items the list, or null for a scalar
     */
    public record ExceptionValue(String item, List<String> items) {
        public boolean isList() {
            return items != null;
        }
    }

    /** One entry of a rule's {@code exceptions}. */
    public static final class ExceptionDef {
        public final String name;
        public Location location;
        /** Field names; {@code fieldsIsList} tells whether {@code fields:} was a sequence. */
        public List<String> fields;
        public boolean fieldsIsList;
        public List<String> comps;
        public boolean compsIsList;
        /** Each value is a tuple (for list fields) or a one-element tuple holding a scalar. */
        public final List<List<ExceptionValue>> values = new ArrayList<>();

        public ExceptionDef(String name, Location location) {
            this.name = name;
            this.location = location;
        }
    }

    /** A {@code rule} item. */
    public static final class RuleDef {
        public final String name;
        public Location location;
        public Location conditionLocation;
        public Location outputLocation;
        /** Where the condition was written (the definition and every append), for diagnostics. */
        public final List<SourceSpan> conditionSpans = new ArrayList<>();
        public String condition;
        public String output;
        public String desc;
        public Priority priority;
        public String source = "syscall";
        public boolean enabled = true;
        public Set<String> tags = new LinkedHashSet<>();
        public List<ExceptionDef> exceptions = new ArrayList<>();
        public boolean warnEvttypes = true;
        public boolean skipIfUnknownFilter;
        public boolean capture;
        public long captureDuration;

        public RuleDef(String name, Location location) {
            this.name = name;
            this.location = location;
        }
    }

    /**
     * A {@code required_plugin_versions} entry with its alternatives.
     *
     * @param name         plugin name
     * @param version      minimum version
     * @param alternatives other plugins (name, version) that satisfy it as well
     */
    public record PluginRequirement(String name, String version, List<String[]> alternatives, Location location) {
    }
}
