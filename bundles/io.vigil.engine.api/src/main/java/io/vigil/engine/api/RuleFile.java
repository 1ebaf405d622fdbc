package io.vigil.engine.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The text of one rules file and the name diagnostics use for it (its path as given).
 *
 * @param name    the file name for messages
 * @param content the YAML text
 */
public record RuleFile(String name, String content) {

    public RuleFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }

    /** Reads a file as UTF-8. */
    public static RuleFile read(Path path) throws IOException {
        return new RuleFile(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }
}
