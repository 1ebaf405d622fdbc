package io.vigil.runtime.internal;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a configuration file, where: the file, the line and column (0 when not
 * known) and the problem, for messages and for the internal alert of a failed config reload.
 *
 * @param file    the configuration file
 * @param line    1-based line, or 0
 * @param column  1-based column, or 0
 * @param problem what is wrong, naming the key where there is one
 */
public record ConfigProblem(Path file, int line, int column, String problem) {

    private static final Pattern KEY = Pattern.compile("^configuration key ([A-Za-z0-9_.\\[\\]]+):");

    /**
     * The problem a {@link ConfigException} from reading the values of {@code tree} describes,
     * placed on the line of the key it names ("configuration key priority: ...").
     */
    static ConfigProblem of(ConfigException e, Path file, ConfigTree tree) {
        String m = e.getMessage();
        Matcher k = KEY.matcher(m);
        int line = 0;
        if (k.find() && tree != null) {
            line = tree.lineOf(k.group(1));
        }
        return new ConfigProblem(file, line, line > 0 ? 1 : 0, m);
    }

    @Override
    public String toString() {
        return "config file " + file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + problem;
    }
}
