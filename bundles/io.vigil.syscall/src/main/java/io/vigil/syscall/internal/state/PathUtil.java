package io.vigil.syscall.internal.state;

/** Joins and normalizes paths the way Falco does before it stores or prints them. */
public final class PathUtil {

    private PathUtil() {
    }

    /**
     * {@code path} if absolute, else {@code base/path}; then ".", ".." and repeated slashes
     * are removed. An empty path stays empty.
     */
    public static String resolve(String base, String path) {
        if (path == null || path.isEmpty()) {
            return path == null ? "" : path;
        }
        String joined;
        if (path.charAt(0) == '/') {
            joined = path;
        } else if (base == null || base.isEmpty()) {
            joined = "/" + path;
        } else {
            joined = base.endsWith("/") ? base + path : base + "/" + path;
        }
        return normalize(joined);
    }

    /** Removes ".", ".." and empty components of an absolute path. */
    public static String normalize(String p) {
        if (p.indexOf("/.") < 0 && p.indexOf("//") < 0 && (p.length() == 1 || p.charAt(p.length() - 1) != '/')) {
            return p;
        }
        String[] parts = p.split("/");
        String[] stack = new String[parts.length];
        int n = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (n > 0) {
                    n--;
                }
                continue;
            }
            stack[n++] = part;
        }
        if (n == 0) {
            return "/";
        }
        StringBuilder sb = new StringBuilder(p.length());
        for (int i = 0; i < n; i++) {
            sb.append('/').append(stack[i]);
        }
        return sb.toString();
    }
}
