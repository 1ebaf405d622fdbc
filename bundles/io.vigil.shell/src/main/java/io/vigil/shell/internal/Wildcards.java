package io.vigil.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Rule-name patterns with {@code *} wildcards, as in Falco's {@code rules:} config. */
final class Wildcards {

    private Wildcards() {
    }

    static boolean matches(String pattern, String name) {
        if (pattern == null || pattern.isEmpty()) {
            return true;
        }
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return Pattern.matches(String.join(".*", parts), name);
    }
}
