package io.vigil.engine.internal.load;

/**
 * Where something is in a rules file: 1-based line and column (0 if unknown).
 *
 * @param file   the file name as given
 * @param line   1-based line
 * @param column 1-based column
 */
public record Location(String file, int line, int column) {
}
