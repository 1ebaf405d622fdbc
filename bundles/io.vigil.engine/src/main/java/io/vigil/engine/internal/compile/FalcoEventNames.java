package io.vigil.engine.internal.compile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

import io.vigil.sdk.EventTypes;

/**
 * The event type names Falco accepts in {@code evt.type} comparisons. libsinsp rejects any other
 * name when the condition is compiled ("unknown event type"), even where a rule could never see
 * such an event; a name Falco knows but no Vigil source produces is valid and simply never
 * matches.
 */
public final class FalcoEventNames {

    private static final Set<String> NAMES = load();

    /** Falco's names as an event table (one code per name), to count what a condition can match. */
    public static final EventTypes TABLE = table();

    private FalcoEventNames() {
    }

    private static Set<String> load() {
        Set<String> names = new TreeSet<>();
        try (InputStream in = FalcoEventNames.class.getResourceAsStream("falco-event-names.txt")) {
            if (in == null) {
                throw new IllegalStateException("falco-event-names.txt is missing from the engine bundle");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.startsWith("#")) {
                    for (String n : line.trim().split("\\s+")) {
                        if (!n.isEmpty()) {
                            names.add(n);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(names);
    }

    private static EventTypes table() {
        String[] names = NAMES.stream().sorted().toArray(String[]::new);
        java.util.Map<String, Integer> codes = new java.util.HashMap<>();
        for (int i = 0; i < names.length; i++) {
            codes.put(names[i], i);
        }
        return new EventTypes() {
            @Override
            public String source() {
                return "syscall";
            }

            @Override
            public int[] codes(String name) {
                Integer c = codes.get(name);
                return c == null ? new int[0] : new int[] {c};
            }

            @Override
            public String name(int code) {
                return code >= 0 && code < names.length ? names[code] : null;
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }

    /** True if Falco or the source's own event table knows {@code name}. */
    public static boolean known(String name, EventTypes source) {
        return NAMES.contains(name) || (source != null && source.codes(name).length > 0);
    }

    /** The known name closest to {@code name}, for "did you mean" hints; null if none is close. */
    public static String suggest(String name) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String n : NAMES) {
            int d = FieldResolver.distance(name, n);
            if (d < bestD) {
                bestD = d;
                best = n;
            }
        }
        return bestD <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Number of names, for tests. */
    static int size() {
        return NAMES.size();
    }
}
