package io.vigil.engine.internal.eval;

import java.util.Collection;

/** An immutable open-addressing set of strings that answers for any CharSequence without allocating. */
public final class CharSeqSet {

    private final String[] table;
    private final int mask;
    private final int size;

    public CharSeqSet(Collection<String> values) {
        int cap = 4;
        while (cap < values.size() * 2 + 2) {
            cap <<= 1;
        }
        table = new String[cap];
        mask = cap - 1;
        int n = 0;
        for (String v : values) {
            int i = mix(v.hashCode()) & mask;
            boolean dup = false;
            while (table[i] != null) {
                if (table[i].equals(v)) {
                    dup = true;
                    break;
                }
                i = (i + 1) & mask;
            }
            if (!dup) {
                table[i] = v;
                n++;
            }
        }
        size = n;
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }

    public boolean contains(CharSequence s) {
        int i = mix(TextOps.hash(s)) & mask;
        String t;
        while ((t = table[i]) != null) {
            if (TextOps.equals(s, t)) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    public int size() {
        return size;
    }
}
