package io.vigil.engine.internal.eval;

import java.util.Collection;

/** An immutable open-addressing set of strings that answers for any CharSequence without allocating. */
public final class CharSeqSet {

    private final String[] table;
    private final int mask;
    private final int shift;
    private final int size;

    public CharSeqSet(Collection<String> values) {
        // at most a quarter full, so that misses (the common case) end after a probe or two
        int bits = 3;
        while ((1 << bits) < values.size() * 4 + 4) {
            bits++;
        }
        table = new String[1 << bits];
        mask = table.length - 1;
        shift = 32 - bits;
        int n = 0;
        for (String v : values) {
            int i = slot(v.hashCode());
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

    /** Fibonacci hashing: String hashes of similar names differ in few low bits. */
    private int slot(int h) {
        return (h * 0x9E3779B9) >>> shift;
    }

    public boolean contains(CharSequence s) {
        int i = slot(TextOps.hash(s));
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
