package io.vigil.engine.internal.load;

/**
 * The characters of one YAML value in its file, so that an error about a word inside a
 * condition or a list can point at the word's own line and column rather than at the start of
 * the value.
 *
 * @param file    the file name as given
 * @param content the whole file
 * @param start   index of the value's first character in {@code content}
 * @param end     index just after the value's last character
 * @param line    1-based line of {@code start}
 * @param column  1-based column of {@code start}
 */
public record SourceSpan(String file, String content, int start, int end, int line, int column) {

    /** The place of the first whole-word occurrence of {@code word} in this value, or null. */
    public Location find(String word) {
        if (word == null || word.isEmpty() || start < 0 || end > content.length() || start > end) {
            return null;
        }
        int from = start;
        while (true) {
            int i = content.indexOf(word, from);
            if (i < 0 || i + word.length() > end) {
                return null;
            }
            if (boundary(i - 1, false) && boundary(i + word.length(), true)) {
                return at(i);
            }
            from = i + 1;
        }
    }

    private boolean boundary(int i, boolean after) {
        if (i < start || i >= end) {
            return true;
        }
        char c = content.charAt(i);
        // characters that continue a field name, a list item or a macro name; '[' after a word
        // starts a field argument (proc.aname[2] is not proc.aname)
        return !(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == '*'
                || (after && c == '['));
    }

    private Location at(int index) {
        int l = line;
        int lineStart = -1;
        for (int i = start; i < index; i++) {
            if (content.charAt(i) == '\n') {
                l++;
                lineStart = i;
            }
        }
        int col = lineStart < 0 ? column + (index - start) : index - lineStart;
        return new Location(file, l, col);
    }
}
