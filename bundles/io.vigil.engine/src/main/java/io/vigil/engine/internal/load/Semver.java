package io.vigil.engine.internal.load;

/** Minimal semantic versions: {@code major.minor.patch}, pre-release and build parts ignored. */
public final class Semver {

    private Semver() {
    }

    /** Parses {@code 1.2.3} (or {@code 1.2}, {@code 1}); null if not a version. */
    public static int[] parse(String s) {
        if (s == null) {
            return null;
        }
        String core = s.trim();
        int cut = core.indexOf('-');
        if (cut < 0) {
            cut = core.indexOf('+');
        }
        if (cut >= 0) {
            core = core.substring(0, cut);
        }
        String[] parts = core.split("\\.");
        if (parts.length == 0 || parts.length > 3) {
            return null;
        }
        int[] v = new int[3];
        try {
            for (int i = 0; i < parts.length; i++) {
                v[i] = Integer.parseInt(parts[i]);
                if (v[i] < 0) {
                    return null;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return v;
    }

    public static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    /** Falco's plugin compatibility: same major version, and not older. */
    public static boolean compatible(int[] provided, int[] required) {
        return provided[0] == required[0] && compare(provided, required) >= 0;
    }

    public static String format(int[] v) {
        return v[0] + "." + v[1] + "." + v[2];
    }
}
