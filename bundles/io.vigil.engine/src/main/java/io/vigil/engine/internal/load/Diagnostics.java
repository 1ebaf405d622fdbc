package io.vigil.engine.internal.load;

import java.util.ArrayList;
import java.util.List;

import io.vigil.engine.api.Diagnostic;
import io.vigil.engine.api.Diagnostic.Severity;

/** Collects errors and warnings while loading. */
public final class Diagnostics {

    private final List<Diagnostic> list = new ArrayList<>();

    public void error(String code, Location at, String itemType, String itemName, String message) {
        add(Severity.ERROR, code, at, itemType, itemName, message);
    }

    public void warning(String code, Location at, String itemType, String itemName, String message) {
        add(Severity.WARNING, code, at, itemType, itemName, message);
    }

    public void error(LoadException e) {
        error(e.code(), e.location(), e.itemType(), e.itemName(), e.getMessage());
    }

    private void add(Severity s, String code, Location at, String itemType, String itemName, String message) {
        list.add(new Diagnostic(s, code, at == null ? null : at.file(), at == null ? 0 : at.line(),
                at == null ? 0 : at.column(), itemType, itemName, message));
    }

    public boolean hasErrors() {
        return list.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    public List<Diagnostic> list() {
        return list;
    }
}
