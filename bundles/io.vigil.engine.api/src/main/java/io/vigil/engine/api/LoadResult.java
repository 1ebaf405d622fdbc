package io.vigil.engine.api;

import java.util.List;

/**
 * The outcome of loading rule files.
 *
 * @param diagnostics errors and warnings in file order
 * @param ruleset     the compiled rules, or null if any diagnostic is an error
 */
public record LoadResult(List<Diagnostic> diagnostics, Ruleset ruleset) {

    public LoadResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** True if there is no error. */
    public boolean ok() {
        return diagnostics.stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).toList();
    }
}
