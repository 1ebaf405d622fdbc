package io.vigil.engine.internal.compile;

/**
 * A condition or output that does not compile; {@code unknownField} marks Falco's skippable kind
 * (an unknown field or event type), {@code word} the text in the rule the error is about, so the
 * loader can point at it.
 */
public final class CompileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean unknownField;
    private final String word;

    public CompileException(String message, boolean unknownField) {
        this(message, unknownField, null);
    }

    public CompileException(String message, boolean unknownField, String word) {
        super(message);
        this.unknownField = unknownField;
        this.word = word;
    }

    public boolean unknownField() {
        return unknownField;
    }

    /** The word of the condition the error is about (a field, an event type name), or null. */
    public String word() {
        return word;
    }
}
