package io.vigil.engine.internal.compile;

/** A condition or output that does not compile; {@code unknownField} marks Falco's skippable kind. */
public final class CompileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean unknownField;

    public CompileException(String message, boolean unknownField) {
        super(message);
        this.unknownField = unknownField;
    }

    public boolean unknownField() {
        return unknownField;
    }
}
