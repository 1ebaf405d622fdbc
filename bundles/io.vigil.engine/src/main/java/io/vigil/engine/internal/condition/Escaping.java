package io.vigil.engine.internal.condition;

/** Falco's string escaping rules for quoted condition values. */
public final class Escaping {

    private Escaping() {
    }

    /** Removes the quotes of {@code quoted} (including them) and resolves its escapes. */
    public static String unescape(String quoted) {
        char q = quoted.charAt(0);
        StringBuilder sb = new StringBuilder(quoted.length());
        int end = quoted.length() - 1;
        for (int i = 1; i < end; i++) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= end) {
                throw new IllegalArgumentException("dangling '\\' at the end of a quoted string");
            }
            char e = quoted.charAt(i);
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case ' ', '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case '"', '\'' -> {
                    if (e != q) {
                        throw new IllegalArgumentException("invalid \\" + e + " escape in " + q + "-quoted string");
                    }
                    sb.append(e);
                }
                case 'x' -> {
                    if (i + 2 >= end + 1 || i + 2 > end) {
                        throw new IllegalArgumentException("truncated hex char escape sequence");
                    }
                    String hex = quoted.substring(i + 1, i + 3);
                    try {
                        sb.append((char) Integer.parseInt(hex, 16));
                    } catch (NumberFormatException x) {
                        throw new IllegalArgumentException("invalid hex char escape sequence: " + hex);
                    }
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unsupported string escape sequence: \\" + e);
            }
        }
        return sb.toString();
    }

    /** Quotes {@code s} if it could not be read back as a bare word. */
    public static String escape(String s) {
        boolean quote = s.isEmpty();
        StringBuilder sb = new StringBuilder(s.length() + 2);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\b' -> { quote = true; sb.append("\\b"); }
                case '\f' -> { quote = true; sb.append("\\f"); }
                case '\n' -> { quote = true; sb.append("\\n"); }
                case '\r' -> { quote = true; sb.append("\\r"); }
                case '\t' -> { quote = true; sb.append("\\t"); }
                case '\\' -> { quote = true; sb.append("\\\\"); }
                case '"' -> { quote = true; sb.append("\\\""); }
                case ' ', '=', '\'', '(', ')', ',' -> { quote = true; sb.append(c); }
                default -> sb.append(c);
            }
        }
        return quote ? "\"" + sb + "\"" : sb.toString();
    }
}
