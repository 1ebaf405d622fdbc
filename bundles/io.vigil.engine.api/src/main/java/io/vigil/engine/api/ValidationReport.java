package io.vigil.engine.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Formats a load result the way {@code falco -V} prints it: per file, text or Falco's
 * validation JSON ({@code {"falco_load_results":[...]}}).
 */
public final class ValidationReport {

    private static final Map<String, String[]> CODES = new LinkedHashMap<>();

    static {
        code("LOAD_ERR_FILE_READ", "File read error",
                "The rules file could not be read: check that it exists and that Vigil may read it.");
        code("LOAD_ERR_YAML_PARSE", "YAML parse error", "The rules file is not valid YAML.");
        code("LOAD_ERR_YAML_VALIDATE", "Error validating internal structure of YAML file",
                "The YAML is valid but its shape is not a rules file: items must be maps in a top-level list, "
                        + "with their required keys and values of the right type.");
        code("LOAD_ERR_COMPILE_CONDITION", "Error compiling condition",
                "A condition does not parse or names something that does not exist.");
        code("LOAD_ERR_COMPILE_OUTPUT", "Error compiling output",
                "An output format names a field that does not exist or is malformed.");
        code("LOAD_ERR_VALIDATE", "Error validating rule/macro/list/exception objects",
                "An item is inconsistent: a version requirement is not met, something is appended to an item "
                        + "that does not exist, or an exception's fields, comps and values do not line up.");
        code("LOAD_ERR_EXTENSION", "Error in extension item", "An extension item is invalid.");
        code("LOAD_UNKNOWN_SOURCE", "Unknown event source",
                "No installed plugin provides the rule's source, so the rule is left out.");
        code("LOAD_UNSAFE_NA_CHECK", "Unsafe <NA> comparison in condition",
                "A comparison with <NA> never holds for a missing value; test with 'exists' instead.");
        code("LOAD_NO_EVTTYPE", "Condition has no event-type restriction",
                "The rule is evaluated for every event type, which is slow; restrict it with evt.type.");
        code("LOAD_UNKNOWN_FILTER", "Unknown field or event-type in condition or output",
                "A field or event type is not known; with skip-if-unknown-filter the rule is left out.");
        code("LOAD_UNUSED_MACRO", "Unused macro", "No rule or macro refers to this macro.");
        code("LOAD_UNUSED_LIST", "Unused list", "No rule, macro or list refers to this list.");
        code("LOAD_UNKNOWN_ITEM", "Unknown rules file item", "An item of an unknown kind is ignored.");
        code("LOAD_DEPRECATED_ITEM", "Used deprecated item", "An item uses a form that is deprecated.");
        code("LOAD_WARNING_EXTENSION", "Warning in extension item", "An extension item has a warning.");
        code("LOAD_APPEND_NO_VALUES", "Overriding/appending with no values",
                "An exception is appended to or overridden with no values.");
        code("LOAD_EXCEPTION_NAME_NOT_UNIQUE", "Multiple exceptions defined with the same name",
                "Two exceptions of one rule have the same name.");
        code("LOAD_INVALID_MACRO_NAME", "Invalid macro name", "The macro's name is not a valid identifier.");
        code("LOAD_INVALID_LIST_NAME", "Invalid list name", "The list's name is not a valid identifier.");
        code("LOAD_COMPILE_CONDITION", "Warning in rule condition",
                "The condition compiled, with something worth a look.");
        code("LOAD_UNKNOWN_KEY", "Unknown key in item definition",
                "An item has a key Vigil does not know; it is ignored, and may be a typo.");
    }

    private ValidationReport() {
    }

    private static void code(String code, String title, String description) {
        CODES.put(code, new String[] {title, description});
    }

    /** Falco's short title of a code, e.g. {@code Error compiling condition}. */
    public static String title(String code) {
        String[] t = CODES.get(code);
        return t == null ? code : t[0];
    }

    /** Falco's longer description of a code. */
    public static String description(String code) {
        String[] t = CODES.get(code);
        return t == null ? "" : t[1];
    }

    /** Falco's {@code -V} text: {@code file: Ok}, {@code Ok, with warnings} or {@code Invalid} and details. */
    public static String text(List<RuleFile> files, LoadResult result) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<RuleFile, List<Diagnostic>> e : byFile(files, result).entrySet()) {
            List<Diagnostic> errors = filter(e.getValue(), Diagnostic.Severity.ERROR);
            List<Diagnostic> warnings = filter(e.getValue(), Diagnostic.Severity.WARNING);
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(e.getKey().name()).append(": ")
                    .append(errors.isEmpty() ? (warnings.isEmpty() ? "Ok" : "Ok, with warnings") : "Invalid").append('\n');
            section(sb, e.getKey(), errors, "Errors");
            section(sb, e.getKey(), warnings, "Warnings");
        }
        return sb.toString();
    }

    private static void section(StringBuilder sb, RuleFile file, List<Diagnostic> list, String title) {
        if (list.isEmpty()) {
            return;
        }
        sb.append('\n').append(list.size()).append(' ').append(title).append(":\n");
        for (Diagnostic d : list) {
            sb.append("In rules content: (").append(file.name()).append(":0:0)\n");
            if (d.itemType() != null) {
                sb.append("    ").append(d.itemType());
                if (d.itemName() != null) {
                    sb.append(" '").append(d.itemName()).append('\'');
                }
                sb.append(": (").append(file.name()).append(':').append(d.line()).append(':').append(d.column())
                        .append(")\n");
            }
            sb.append("------\n").append(snippet(file, d)).append("------\n");
            sb.append(d.code()).append(" (").append(title(d.code())).append("): ").append(d.message()).append('\n');
        }
    }

    /** The line a diagnostic points at, with a caret under its column. */
    static String snippet(RuleFile file, Diagnostic d) {
        if (d.line() <= 0) {
            return "";
        }
        String content = file.content();
        int start = 0;
        for (int l = 1; l < d.line() && start >= 0; l++) {
            start = content.indexOf('\n', start);
            start = start < 0 ? -1 : start + 1;
        }
        if (start < 0 || start > content.length()) {
            return "";
        }
        int end = content.indexOf('\n', start);
        String line = content.substring(start, end < 0 ? content.length() : end);
        if (line.length() > 200) {
            line = line.substring(0, 200) + "...";
        }
        return line + "\n" + " ".repeat(Math.max(0, Math.min(d.column() - 1, 200))) + "^\n";
    }

    /** Falco's validation JSON: {@code {"falco_load_results":[{"errors":[...],"name":...,...}]}}. */
    public static String json(List<RuleFile> files, LoadResult result) {
        StringBuilder sb = new StringBuilder("{\"falco_load_results\":[");
        boolean firstFile = true;
        for (Map.Entry<RuleFile, List<Diagnostic>> e : byFile(files, result).entrySet()) {
            if (!firstFile) {
                sb.append(',');
            }
            firstFile = false;
            List<Diagnostic> errors = filter(e.getValue(), Diagnostic.Severity.ERROR);
            List<Diagnostic> warnings = filter(e.getValue(), Diagnostic.Severity.WARNING);
            sb.append("{\"errors\":");
            jsonList(sb, e.getKey(), errors);
            sb.append(",\"name\":");
            quote(sb, e.getKey().name());
            sb.append(",\"successful\":").append(errors.isEmpty());
            sb.append(",\"warnings\":");
            jsonList(sb, e.getKey(), warnings);
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private static void jsonList(StringBuilder sb, RuleFile file, List<Diagnostic> list) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            Diagnostic d = list.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"code\":");
            quote(sb, d.code());
            sb.append(",\"codedesc\":");
            quote(sb, description(d.code()));
            sb.append(",\"context\":{\"locations\":[{\"item_name\":");
            quote(sb, d.itemName() == null ? "" : d.itemName());
            sb.append(",\"item_type\":");
            quote(sb, d.itemType() == null ? "rules content" : d.itemType());
            sb.append(",\"position\":{\"column\":").append(d.column()).append(",\"line\":").append(d.line())
                    .append(",\"name\":");
            quote(sb, d.file() == null ? file.name() : d.file());
            sb.append(",\"offset\":0}}],\"snippet\":");
            quote(sb, snippet(file, d));
            sb.append("},\"message\":");
            quote(sb, d.message());
            sb.append('}');
        }
        sb.append(']');
    }

    private static List<Diagnostic> filter(List<Diagnostic> in, Diagnostic.Severity s) {
        return in.stream().filter(d -> d.severity() == s).toList();
    }

    /** Groups diagnostics by the file they name; those naming no given file go to the last file. */
    private static Map<RuleFile, List<Diagnostic>> byFile(List<RuleFile> files, LoadResult result) {
        Map<RuleFile, List<Diagnostic>> out = new LinkedHashMap<>();
        for (RuleFile f : files) {
            out.put(f, new ArrayList<>());
        }
        for (Diagnostic d : result.diagnostics()) {
            RuleFile owner = null;
            for (RuleFile f : files) {
                if (f.name().equals(d.file())) {
                    owner = f;
                }
            }
            if (owner == null && !files.isEmpty()) {
                owner = files.get(files.size() - 1);
            }
            if (owner != null) {
                out.get(owner).add(d);
            }
        }
        return out;
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
