package io.vigil.engine.internal.condition;

/** A condition that does not parse, with the offset in the condition text where it fails. */
public final class ConditionSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;

    public ConditionSyntaxException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** Zero-based character offset into the condition text. */
    public int offset() {
        return offset;
    }
}
