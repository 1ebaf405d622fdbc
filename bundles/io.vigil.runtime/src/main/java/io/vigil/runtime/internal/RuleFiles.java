package io.vigil.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.vigil.engine.api.Diagnostic;
import io.vigil.engine.api.RuleFile;

/**
 * Reads the configured rules files and directories as Falco does: a directory contributes
 * its regular files in name order; a file that cannot be read is a {@code LOAD_ERR_FILE_READ}.
 */
final class RuleFiles {

    /** The files read and the read errors. */
    record Read(List<RuleFile> files, List<Diagnostic> errors) {
    }

    private RuleFiles() {
    }

    static Read read(List<Path> paths) {
        List<RuleFile> files = new ArrayList<>();
        List<Diagnostic> errors = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                        readOne(f, files, errors);
                    }
                } catch (IOException e) {
                    errors.add(error(p, "cannot list rules directory: " + e.getMessage()));
                }
            } else {
                readOne(p, files, errors);
            }
        }
        return new Read(files, errors);
    }

    /**
     * The files of {@code paths} for a report: each readable file with its text (for the
     * snippets under errors), an unreadable one with no text, so its read error is listed
     * under its name.
     */
    static List<RuleFile> forReport(List<Path> paths) {
        Read read = read(paths);
        List<RuleFile> out = new ArrayList<>(read.files());
        for (Diagnostic d : read.errors()) {
            out.add(new RuleFile(d.file(), ""));
        }
        return out;
    }

    private static void readOne(Path f, List<RuleFile> files, List<Diagnostic> errors) {
        if (!Files.exists(f)) {
            errors.add(error(f, "rules file not found"));
            return;
        }
        if (!Files.isReadable(f)) {
            errors.add(error(f, "rules file not readable (check its permissions)"));
            return;
        }
        try {
            files.add(RuleFile.read(f));
        } catch (IOException e) {
            errors.add(error(f, "cannot read rules file: " + e.getMessage()));
        }
    }

    private static Diagnostic error(Path p, String message) {
        return new Diagnostic(Diagnostic.Severity.ERROR, "LOAD_ERR_FILE_READ", p.toString(), 0, 0, null, null,
                message);
    }
}
