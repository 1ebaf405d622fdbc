package io.vigil.engine.api;

/**
 * One error or warning from loading rules, with Falco's code.
 *
 * @param severity error or warning
 * @param code     Falco's code, e.g. {@code LOAD_ERR_COMPILE_CONDITION}, {@code LOAD_NO_EVTTYPE}
 * @param file     the file name as given, or null
 * @param line     1-based line, 0 if unknown
 * @param column   1-based column, 0 if unknown
 * @param itemType {@code rule}, {@code macro}, {@code list}, ... or null
 * @param itemName the item's name, or null
 * @param message  what is wrong and, where possible, how to fix it
 */
public record Diagnostic(Severity severity, String code, String file, int line, int column,
        String itemType, String itemName, String message) {

    /** Whether a diagnostic stops the load. */
    public enum Severity { ERROR, WARNING }

    /** {@code file:line:col: error LOAD_ERR_...: rule 'x': message}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
                if (column > 0) {
                    sb.append(':').append(column);
                }
            }
            sb.append(": ");
        }
        sb.append(severity == Severity.ERROR ? "error " : "warning ").append(code).append(": ");
        if (itemType != null) {
            sb.append(itemType);
            if (itemName != null) {
                sb.append(" '").append(itemName).append('\'');
            }
            sb.append(": ");
        }
        return sb.append(message).toString();
    }
}
