package io.vigil.engine.internal.compile;

/**
 * The checks RE2's POSIX mode adds to the syntax re2j accepts. libsinsp compiles {@code regex}
 * values with {@code RE2::POSIX} (egrep syntax): no Perl classes ({@code \d \s \w}), no word
 * boundaries ({@code \b}), no Perl extensions ({@code (?i)}, {@code (?:...)}, {@code \A \z \Q
 * \E \C}), no Unicode classes ({@code \p}), no non-greedy repetitions, no back references. re2j
 * has no such mode, so the pattern is checked here first, with RE2's own messages.
 */
final class PosixRegexSyntax {

    private PosixRegexSyntax() {
    }

    /** RE2's error for {@code pattern} in POSIX mode, or null if this check finds none. */
    static String error(String p) {
        boolean inClass = false;
        int n = p.length();
        for (int i = 0; i < n; i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    return null; // re2j reports the trailing backslash
                }
                char e = p.charAt(i + 1);
                String bad = badEscape(p, i + 1);
                if (bad != null) {
                    return "invalid escape sequence: " + bad;
                }
                i++;
                if (e == 'x' && i + 1 < n && p.charAt(i + 1) == '{') {
                    int close = p.indexOf('}', i);
                    i = close < 0 ? n : close;
                }
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
                // a ']' right after '[' or '[^' is a literal member
                if (i + 1 < n && p.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < n && p.charAt(i + 1) == ']') {
                    i++;
                }
                continue;
            }
            if (c == '(' && i + 1 < n && p.charAt(i + 1) == '?') {
                return "missing argument to repetition operator: ?";
            }
            if ((c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < n && p.charAt(i + 1) == '?') {
                if (c != '}' || closesRepeat(p, i)) {
                    return "bad repetition operator: " + (c == '}' ? p.substring(openBrace(p, i), i + 1) : String.valueOf(c))
                            + "?";
                }
            }
        }
        return null;
    }

    /** The escape starting at {@code at} (after the backslash) if POSIX mode rejects it. */
    private static String badEscape(String p, int at) {
        char e = p.charAt(at);
        if (e >= '1' && e <= '7') {
            // a lone digit is a back reference; two or more are an octal escape
            boolean octal = at + 1 < p.length() && p.charAt(at + 1) >= '0' && p.charAt(at + 1) <= '7';
            return octal ? null : "\\" + e;
        }
        if (e == '8' || e == '9') {
            return "\\" + e;
        }
        boolean letter = (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z');
        if (letter && "afnrtvx".indexOf(e) < 0) {
            return "\\" + e;
        }
        return null;
    }

    private static int openBrace(String p, int close) {
        int o = p.lastIndexOf('{', close);
        return o < 0 ? close : o;
    }

    /** True if the '}' at {@code close} ends a counted repetition such as {@code {2,3}}. */
    private static boolean closesRepeat(String p, int close) {
        int o = p.lastIndexOf('{', close);
        if (o < 0 || o + 1 == close) {
            return false;
        }
        for (int k = o + 1; k < close; k++) {
            char c = p.charAt(k);
            if (!(c >= '0' && c <= '9') && c != ',') {
                return false;
            }
        }
        return true;
    }
}
