package io.vigil.engine.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.sdk.AlertFormat;
import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;

/** {@code vigil --list [SOURCE]}: the field catalogue as text, markdown or JSON. */
public final class FieldReport {

    private FieldReport() {
    }

    public static String render(FieldCatalog catalog, String source, boolean namesOnly, String format) {
        Map<String, List<FieldDescriptor>> bySource = new LinkedHashMap<>();
        for (String s : catalog.sources()) {
            if (source == null || source.isEmpty() || source.equals(s)) {
                bySource.put(s, catalog.fields(s));
            }
        }
        StringBuilder sb = new StringBuilder();
        if (format.equals("json")) {
            sb.append('[');
            boolean first = true;
            for (var e : bySource.entrySet()) {
                for (FieldDescriptor d : e.getValue()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    sb.append("{\"name\":");
                    AlertFormat.quote(sb, d.name());
                    if (!namesOnly) {
                        sb.append(",\"type\":");
                        AlertFormat.quote(sb, typeName(d));
                        sb.append(",\"arg\":");
                        AlertFormat.quote(sb, d.arg() == FieldArg.NONE ? "none"
                                : (d.argRequired() ? "required " : "optional ") + d.arg().name().toLowerCase());
                        sb.append(",\"source\":");
                        AlertFormat.quote(sb, e.getKey());
                        sb.append(",\"class\":");
                        AlertFormat.quote(sb, d.group());
                        sb.append(",\"desc\":");
                        AlertFormat.quote(sb, d.description());
                    }
                    sb.append('}');
                }
            }
            return sb.append("]\n").toString();
        }
        if (namesOnly) {
            for (var e : bySource.entrySet()) {
                for (FieldDescriptor d : e.getValue()) {
                    sb.append(d.name()).append('\n');
                }
            }
            return sb.toString();
        }
        boolean md = format.equals("markdown");
        for (var e : bySource.entrySet()) {
            sb.append(md ? "## Source: " : "Event Source: ").append(e.getKey()).append("\n\n");
            if (md) {
                sb.append("| Name | Type | Description |\n|------|------|-------------|\n");
            }
            for (FieldDescriptor d : e.getValue()) {
                String name = d.name() + argSuffix(d);
                if (md) {
                    sb.append("| `").append(name).append("` | ").append(typeName(d)).append(" | ")
                            .append(d.description().replace("|", "\\|")).append(" |\n");
                } else {
                    sb.append(String.format("%-36s %-12s %s%n", name, typeName(d), d.description()));
                }
            }
            sb.append('\n');
        }
        if (bySource.isEmpty()) {
            sb.append(source == null ? "no fields: no plugin provides any\n"
                    : "no fields for source '" + source + "' (known sources: " + catalog.sources() + ")\n");
        }
        return sb.toString();
    }

    private static String argSuffix(FieldDescriptor d) {
        return switch (d.arg()) {
            case NONE -> "";
            case INDEX -> d.argRequired() ? "[N]" : "[N]?";
            case KEY -> d.argRequired() ? "[KEY]" : "[KEY]?";
            case INDEX_OR_KEY -> d.argRequired() ? "[ARG]" : "[ARG]?";
        };
    }

    private static String typeName(FieldDescriptor d) {
        return (d.list() ? "LIST(" : "") + d.type().name() + (d.list() ? ")" : "");
    }
}
