package io.vigil.engine.internal.condition;

import io.vigil.engine.internal.condition.Ast.And;
import io.vigil.engine.internal.condition.Ast.Check;
import io.vigil.engine.internal.condition.Ast.Expr;
import io.vigil.engine.internal.condition.Ast.FieldOp;
import io.vigil.engine.internal.condition.Ast.ListValue;
import io.vigil.engine.internal.condition.Ast.LiteralListOp;
import io.vigil.engine.internal.condition.Ast.LiteralOp;
import io.vigil.engine.internal.condition.Ast.MacroRef;
import io.vigil.engine.internal.condition.Ast.Not;
import io.vigil.engine.internal.condition.Ast.Operand;
import io.vigil.engine.internal.condition.Ast.OperandValue;
import io.vigil.engine.internal.condition.Ast.Or;
import io.vigil.engine.internal.condition.Ast.Scalar;
import io.vigil.engine.internal.condition.Ast.TransformOp;
import io.vigil.engine.internal.condition.Ast.Value;

/** Renders a condition tree back to condition text that parses to the same tree. */
public final class AstPrinter {

    private AstPrinter() {
    }

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        print(e, sb);
        return sb.toString();
    }

    private static void print(Expr e, StringBuilder sb) {
        if (e instanceof And a) {
            sb.append('(');
            for (int i = 0; i < a.children().size(); i++) {
                if (i > 0) {
                    sb.append(" and ");
                }
                print(a.children().get(i), sb);
            }
            sb.append(')');
        } else if (e instanceof Or o) {
            sb.append('(');
            for (int i = 0; i < o.children().size(); i++) {
                if (i > 0) {
                    sb.append(" or ");
                }
                print(o.children().get(i), sb);
            }
            sb.append(')');
        } else if (e instanceof Not n) {
            sb.append("not ");
            print(n.child(), sb);
        } else if (e instanceof MacroRef m) {
            sb.append(m.name());
        } else if (e instanceof Check c) {
            printCheck(c, sb);
        }
    }

    /** One check as text. */
    public static String printCheck(Check c) {
        StringBuilder sb = new StringBuilder();
        printCheck(c, sb);
        return sb.toString();
    }

    private static void printCheck(Check c, StringBuilder sb) {
        operand(c.left(), sb);
        sb.append(' ').append(c.op());
        if (c.modifier() != null) {
            sb.append(' ').append(c.modifier());
        }
        if (c.right() != null) {
            sb.append(' ');
            value(c.right(), sb);
        }
    }

    public static String operand(Operand o) {
        StringBuilder sb = new StringBuilder();
        operand(o, sb);
        return sb.toString();
    }

    private static void operand(Operand o, StringBuilder sb) {
        if (o instanceof FieldOp f) {
            sb.append(f.name());
            if (f.arg() != null) {
                sb.append('[').append(f.arg()).append(']');
            }
        } else if (o instanceof TransformOp t) {
            sb.append(t.name()).append('(');
            for (int i = 0; i < t.args().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                operand(t.args().get(i), sb);
            }
            sb.append(')');
            if (t.arg() != null) {
                sb.append('[').append(t.arg()).append(']');
            }
        } else if (o instanceof LiteralOp l) {
            sb.append(quoteAlways(l.value()));
        } else if (o instanceof LiteralListOp l) {
            sb.append('(');
            for (int i = 0; i < l.items().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                operand(l.items().get(i), sb);
            }
            sb.append(')');
        }
    }

    private static String quoteAlways(String v) {
        String e = Escaping.escape(v);
        return e.startsWith("\"") ? e : "\"" + e + "\"";
    }

    private static void value(Value v, StringBuilder sb) {
        if (v instanceof Scalar s) {
            sb.append(Escaping.escape(s.value()));
        } else if (v instanceof ListValue l) {
            sb.append('(');
            for (int i = 0; i < l.items().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(Escaping.escape(l.items().get(i).value()));
            }
            sb.append(')');
        } else if (v instanceof OperandValue ov) {
            operand(ov.operand(), sb);
        }
    }
}
