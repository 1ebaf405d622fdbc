package io.vigil.engine.internal.eval;

/** String comparisons on any CharSequence, without allocating. */
public final class TextOps {

    private TextOps() {
    }

    public static boolean equals(CharSequence a, String b) {
        if (a instanceof String s) {
            return s.equals(b);
        }
        int n = b.length();
        if (a.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public static boolean equals(CharSequence a, CharSequence b) {
        int n = b.length();
        if (a.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** strcmp-like ordering by char values. */
    public static int compare(CharSequence a, CharSequence b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            int d = a.charAt(i) - b.charAt(i);
            if (d != 0) {
                return d;
            }
        }
        return a.length() - b.length();
    }

    public static boolean startsWith(CharSequence a, CharSequence p) {
        int n = p.length();
        if (a.length() < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != p.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public static boolean endsWith(CharSequence a, CharSequence p) {
        int n = p.length();
        int off = a.length() - n;
        if (off < 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (a.charAt(off + i) != p.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public static boolean contains(CharSequence a, CharSequence p) {
        if (a instanceof String s && p instanceof String ps) {
            return s.contains(ps);
        }
        return indexOf(a, p, false) >= 0;
    }

    /** ASCII case-insensitive containment, as strcasestr. */
    public static boolean containsIgnoreCase(CharSequence a, CharSequence p) {
        return indexOf(a, p, true) >= 0;
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static int indexOf(CharSequence a, CharSequence p, boolean ignoreCase) {
        int n = p.length();
        int last = a.length() - n;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < n; j++) {
                char x = a.charAt(i + j);
                char y = p.charAt(j);
                if (x != y && (!ignoreCase || lower(x) != lower(y))) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Hash compatible with {@link String#hashCode()}. */
    public static int hash(CharSequence s) {
        if (s instanceof String str) {
            return str.hashCode();
        }
        int h = 0;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    /**
     * fnmatch-style glob without FNM_PATHNAME, so {@code *} also matches {@code /}: {@code *},
     * {@code ?}, {@code [abc]}, {@code [a-z]}, {@code [!x]}, and {@code \} escapes. Greedy
     * matching with one backtrack point, so the cost is bounded by text times pattern length.
     */
    public static boolean glob(CharSequence pat, CharSequence s, boolean ignoreCase) {
        int p = 0;
        int i = 0;
        int starP = -1;
        int starI = -1;
        int pn = pat.length();
        int n = s.length();
        while (i < n) {
            if (p < pn) {
                char pc = pat.charAt(p);
                if (pc == '*') {
                    starP = ++p;
                    starI = i;
                    continue;
                }
                int adv = matchOne(pat, p, s.charAt(i), ignoreCase);
                if (adv > 0) {
                    p += adv;
                    i++;
                    continue;
                }
            }
            if (starP >= 0) {
                p = starP;
                i = ++starI;
                continue;
            }
            return false;
        }
        while (p < pn && pat.charAt(p) == '*') {
            p++;
        }
        return p == pn;
    }

    /** Matches one pattern element at {@code p} against {@code c}; returns its length, or 0. */
    private static int matchOne(CharSequence pat, int p, char c, boolean ic) {
        char pc = pat.charAt(p);
        if (pc == '?') {
            return 1;
        }
        if (pc == '\\' && p + 1 < pat.length()) {
            return same(pat.charAt(p + 1), c, ic) ? 2 : 0;
        }
        if (pc == '[') {
            int q = p + 1;
            boolean negate = q < pat.length() && (pat.charAt(q) == '!' || pat.charAt(q) == '^');
            if (negate) {
                q++;
            }
            boolean matched = false;
            boolean first = true;
            while (q < pat.length() && (first || pat.charAt(q) != ']')) {
                first = false;
                char lo = pat.charAt(q);
                if (q + 2 < pat.length() && pat.charAt(q + 1) == '-' && pat.charAt(q + 2) != ']') {
                    char hi = pat.charAt(q + 2);
                    char cc = ic ? lower(c) : c;
                    if ((cc >= (ic ? lower(lo) : lo) && cc <= (ic ? lower(hi) : hi)) || (c >= lo && c <= hi)) {
                        matched = true;
                    }
                    q += 3;
                } else {
                    if (same(lo, c, ic)) {
                        matched = true;
                    }
                    q++;
                }
            }
            if (q >= pat.length()) {
                // no closing bracket: '[' is an ordinary character
                return same('[', c, ic) ? 1 : 0;
            }
            return matched != negate ? q + 1 - p : 0;
        }
        return same(pc, c, ic) ? 1 : 0;
    }

    private static boolean same(char a, char b, boolean ic) {
        return a == b || (ic && lower(a) == lower(b));
    }
}
