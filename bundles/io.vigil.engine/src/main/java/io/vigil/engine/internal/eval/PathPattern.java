package io.vigil.engine.internal.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code pmatch} value, matched as libsinsp's path prefix search does: the value and the
 * path are compared component by component (runs of '/' separate components, so
 * {@code //etc/} is {@code /etc}), a component with glob characters ({@code * ? [}) matches by
 * glob, and the path matches when all of the value's components match its leading components.
 * {@code /} matches every path.
 */
final class PathPattern {

    private final String[] components;
    private final boolean[] glob;

    PathPattern(String value) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            int slash = value.indexOf('/', i);
            int end = slash < 0 ? n : slash;
            if (end > i) {
                parts.add(value.substring(i, end));
            }
            i = end + 1;
        }
        components = parts.toArray(new String[0]);
        glob = new boolean[components.length];
        for (int k = 0; k < components.length; k++) {
            String c = components[k];
            glob[k] = c.indexOf('*') >= 0 || c.indexOf('?') >= 0 || c.indexOf('[') >= 0;
        }
    }

    /** True if {@code path} is this value or lies below it; {@code scratch} is reused to avoid allocation. */
    boolean matches(CharSequence path, Transformers.Slice scratch) {
        int i = 0;
        int n = path.length();
        for (int k = 0; k < components.length; k++) {
            while (i < n && path.charAt(i) == '/') {
                i++;
            }
            if (i >= n) {
                return false;
            }
            int end = i;
            while (end < n && path.charAt(end) != '/') {
                end++;
            }
            String c = components[k];
            if (glob[k]) {
                scratch.set(path, i, end);
                if (!TextOps.glob(c, scratch, false)) {
                    return false;
                }
            } else if (!sameRange(path, i, end, c)) {
                return false;
            }
            i = end;
        }
        return true;
    }

    private static boolean sameRange(CharSequence s, int from, int to, String c) {
        if (to - from != c.length()) {
            return false;
        }
        for (int k = 0; k < c.length(); k++) {
            if (s.charAt(from + k) != c.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
