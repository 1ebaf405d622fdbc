package io.vigil.engine.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vigil.sdk.AlertFormat;

/**
 * Prints a rules load result the way {@code falco -V} does: per file, Ok or the errors and
 * warnings with Falco's codes and positions; as text or in the shape of Falco's validation
 * JSON ({@code falco_load_results}).
 */
public final class LoadReport {

    private static final Map<String, String> CODE_DESCRIPTIONS = Map.ofEntries(
            Map.entry("LOAD_ERR_FILE_READ", "File read error"),
            Map.entry("LOAD_ERR_YAML_PARSE", "YAML parse error"),
            Map.entry("LOAD_ERR_YAML_VALIDATE", "Error validating the structure of the YAML file"),
            Map.entry("LOAD_ERR_COMPILE_CONDITION", "Error compiling condition"),
            Map.entry("LOAD_ERR_COMPILE_OUTPUT", "Error compiling output"),
            Map.entry("LOAD_ERR_VALIDATE", "Error validating a rule, macro, list or exception"),
            Map.entry("LOAD_ERR_EXTENSION", "Extension error"),
            Map.entry("LOAD_UNKNOWN_SOURCE", "Unknown event source"),
            Map.entry("LOAD_UNSAFE_NA_CHECK", "Unsafe <NA> comparison in condition"),
            Map.entry("LOAD_NO_EVTTYPE", "Condition has no event-type restriction"),
            Map.entry("LOAD_UNKNOWN_FILTER", "Unknown field or event type in condition or output"),
            Map.entry("LOAD_UNUSED_MACRO", "Unused macro"),
            Map.entry("LOAD_UNUSED_LIST", "Unused list"),
            Map.entry("LOAD_UNKNOWN_ITEM", "Unknown rules file item"),
            Map.entry("LOAD_DEPRECATED_ITEM", "Deprecated item"),
            Map.entry("LOAD_WARNING_EXTENSION", "Extension warning"),
            Map.entry("LOAD_APPEND_NO_VALUES", "Appending or overriding with no values"),
            Map.entry("LOAD_EXCEPTION_NAME_NOT_UNIQUE", "Several exceptions with the same name"),
            Map.entry("LOAD_INVALID_MACRO_NAME", "Invalid macro name"),
            Map.entry("LOAD_INVALID_LIST_NAME", "Invalid list name"),
            Map.entry("LOAD_COMPILE_CONDITION", "Condition has issues"),
            Map.entry("LOAD_UNKNOWN_KEY", "Unknown key in item"));

    private LoadReport() {
    }

    public static String text(List<Path> files, LoadResult r) {
        StringBuilder sb = new StringBuilder();
        for (Path f : files) {
            List<Diagnostic> own = forFile(f, r);
            boolean errors = own.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
            boolean warnings = own.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.WARNING);
            sb.append(f).append(": ").append(errors ? "Invalid" : warnings ? "Ok, with warnings" : "Ok").append('\n');
            for (Diagnostic d : own) {
                sb.append("  ").append(d).append('\n');
            }
        }
        for (Diagnostic d : r.diagnostics()) {
            if (d.file() == null) {
                sb.append(d).append('\n');
            }
        }
        return sb.toString();
    }

    public static String json(List<Path> files, LoadResult r) {
        StringBuilder sb = new StringBuilder("{\"falco_load_results\":[");
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            List<Diagnostic> own = new ArrayList<>(forFile(f, r));
            if (i == 0) {
                r.diagnostics().stream().filter(d -> d.file() == null).forEach(own::add);
            }
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"errors\":");
            entries(sb, own, Diagnostic.Severity.ERROR);
            sb.append(",\"name\":");
            AlertFormat.quote(sb, f.toString());
            sb.append(",\"successful\":").append(own.stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR));
            sb.append(",\"warnings\":");
            entries(sb, own, Diagnostic.Severity.WARNING);
            sb.append('}');
        }
        return sb.append("]}\n").toString();
    }

    private static void entries(StringBuilder sb, List<Diagnostic> all, Diagnostic.Severity severity) {
        sb.append('[');
        boolean first = true;
        for (Diagnostic d : all) {
            if (d.severity() != severity) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"code\":");
            AlertFormat.quote(sb, d.code());
            sb.append(",\"codedesc\":");
            AlertFormat.quote(sb, CODE_DESCRIPTIONS.getOrDefault(d.code(), d.code()));
            sb.append(",\"context\":{\"locations\":[{\"item_name\":");
            AlertFormat.quote(sb, d.itemName() == null ? "" : d.itemName());
            sb.append(",\"item_type\":");
            AlertFormat.quote(sb, d.itemType() == null ? "" : d.itemType());
            sb.append(",\"position\":{\"column\":").append(d.column()).append(",\"line\":").append(d.line())
                    .append(",\"name\":");
            AlertFormat.quote(sb, d.file() == null ? "" : d.file());
            sb.append("}}]},\"message\":");
            AlertFormat.quote(sb, d.message());
            sb.append('}');
        }
        sb.append(']');
    }

    private static List<Diagnostic> forFile(Path f, LoadResult r) {
        String name = f.toString();
        return r.diagnostics().stream().filter(d -> name.equals(d.file())).toList();
    }
}
