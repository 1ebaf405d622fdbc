package io.vigil.engine.internal.condition;

import java.util.List;

/** The syntax tree of a Falco condition, as libsinsp's grammar defines it. */
public final class Ast {

    private Ast() {
    }

    /** A boolean expression. */
    public sealed interface Expr permits And, Or, Not, MacroRef, Check {
    }

    /** Conjunction of two or more children. */
    public record And(List<Expr> children) implements Expr {
        public And {
            children = List.copyOf(children);
        }
    }

    /** Disjunction of two or more children. */
    public record Or(List<Expr> children) implements Expr {
        public Or {
            children = List.copyOf(children);
        }
    }

    /** Negation. */
    public record Not(Expr child) implements Expr {
    }

    /** A bare identifier: a macro reference, resolved before compilation. */
    public record MacroRef(String name, int offset) implements Expr {
    }

    /**
     * One comparison: {@code left op right}; {@code right} is null for {@code exists}.
     *
     * @param modifier {@code oneof}, {@code anyof}, {@code allof} or null
     */
    public record Check(Operand left, String op, String modifier, Value right, int offset) implements Expr {
    }

    /** The left side of a check, or a transformer argument. */
    public sealed interface Operand permits FieldOp, TransformOp, LiteralOp, LiteralListOp {
    }

    /** A field with an optional argument: {@code proc.aname[2]}. */
    public record FieldOp(String name, String arg, int offset) implements Operand {
        /** The field as written. */
        public String text() {
            return arg == null ? name : name + "[" + arg + "]";
        }
    }

    /** A transformer applied to operands: {@code tolower(proc.name)}, or {@code val(fd.name)}. */
    public record TransformOp(String name, List<Operand> args, String arg, int offset) implements Operand {
        public TransformOp {
            args = List.copyOf(args);
        }
    }

    /** A quoted string or number given as a transformer argument. */
    public record LiteralOp(String value) implements Operand {
    }

    /** A parenthesised list given as a transformer argument. */
    public record LiteralListOp(List<Operand> items) implements Operand {
        public LiteralListOp {
            items = List.copyOf(items);
        }
    }

    /** The right side of a check. */
    public sealed interface Value permits Scalar, ListValue, OperandValue {
    }

    /** One string or number. {@code bare} is true for an unquoted word (which may name a list). */
    public record Scalar(String value, boolean bare) implements Value {
    }

    /** A list of values; each may be a list name to expand. */
    public record ListValue(List<Scalar> items) implements Value {
        public ListValue {
            items = List.copyOf(items);
        }
    }

    /** Another field compared with the left side: {@code val(fd.name)} or a transformer. */
    public record OperandValue(Operand operand) implements Value {
    }
}
