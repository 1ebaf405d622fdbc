package io.vigil.engine.internal.condition;

import java.util.ArrayList;
import java.util.List;

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

/**
 * Parses Falco conditions with libsinsp's grammar (and/or/not, checks, transformers, lists,
 * macro identifiers). Recursive descent with an explicit nesting limit, so that hostile
 * input fails with an error instead of exhausting the stack.
 */
public final class ConditionParser {

    /** Nesting levels (parentheses, {@code not(}, transformers) accepted in one condition. */
    public static final int MAX_DEPTH = 200;

    static final String[] NUM_OPS = {"<=", "<", ">=", ">"};
    static final String[] STR_OPS = {"==", "=", "!=", "glob ", "iglob ", "contains ", "icontains ",
        "bcontains ", "startswith ", "bstartswith ", "endswith ", "regex "};
    static final String[] MODIFIERS = {"oneof ", "anyof ", "allof "};
    static final String[] LIST_OPS = {"intersects", "in", "pmatch"};
    static final String[] TRANSFORMERS = {"tolower(", "toupper(", "b64(", "basename(", "len(", "join(",
        "concat(", "getopt("};

    private final String in;
    private int pos;
    private int depth;

    private ConditionParser(String input) {
        this.in = input;
    }

    /** Parses a whole condition. */
    public static Expr parse(String condition) throws ConditionSyntaxException {
        if (condition.isBlank()) {
            throw new ConditionSyntaxException("condition is empty", 0);
        }
        ConditionParser p = new ConditionParser(condition);
        Expr e = p.parseOr();
        p.blank();
        if (p.pos != p.in.length()) {
            throw new ConditionSyntaxException("unexpected token at '" + p.excerpt()
                    + "', expecting 'or', 'and'", p.pos);
        }
        return e;
    }

    private String excerpt() {
        int end = Math.min(in.length(), pos + 20);
        return in.substring(pos, end) + (end < in.length() ? "..." : "");
    }

    private void enter() throws ConditionSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw new ConditionSyntaxException("condition nested more than " + MAX_DEPTH
                    + " levels deep; simplify it or split it into macros", pos);
        }
    }

    private Expr parseOr() throws ConditionSyntaxException {
        enter();
        List<Expr> children = new ArrayList<>();
        blank();
        children.add(parseAnd());
        blank();
        while (keyword("or")) {
            if (!blank()) {
                if (literal("(")) {
                    children.add(parseEmbedded());
                } else {
                    throw new ConditionSyntaxException("expected blank or '(' after 'or'", pos);
                }
            } else {
                children.add(parseAnd());
            }
            blank();
        }
        depth--;
        return children.size() == 1 ? children.get(0) : new Or(children);
    }

    private Expr parseAnd() throws ConditionSyntaxException {
        List<Expr> children = new ArrayList<>();
        blank();
        children.add(parseNot());
        blank();
        while (keyword("and")) {
            if (!blank()) {
                if (literal("(")) {
                    children.add(parseEmbedded());
                } else {
                    throw new ConditionSyntaxException("expected blank or '(' after 'and'", pos);
                }
            } else {
                children.add(parseNot());
            }
            blank();
        }
        return children.size() == 1 ? children.get(0) : new And(children);
    }

    private boolean keyword(String kw) {
        if (in.startsWith(kw, pos)) {
            int after = pos + kw.length();
            if (after == in.length() || isBlank(in.charAt(after)) || in.charAt(after) == '(') {
                pos = after;
                return true;
            }
        }
        return false;
    }

    private Expr parseNot() throws ConditionSyntaxException {
        boolean negate = false;
        blank();
        while (notBlank()) {
            negate = !negate;
        }
        Expr child;
        if (literal("not(")) {
            negate = !negate;
            child = parseEmbedded();
        } else {
            child = parseCheck();
        }
        return negate ? new Not(child) : child;
    }

    private boolean notBlank() {
        if (in.startsWith("not", pos) && pos + 3 < in.length() && isBlank(in.charAt(pos + 3))) {
            pos += 3;
            blank();
            return true;
        }
        return false;
    }

    private Expr parseEmbedded() throws ConditionSyntaxException {
        enter();
        blank();
        Expr child = parseOr();
        blank();
        if (!literal(")")) {
            throw new ConditionSyntaxException("expected a ')' token", pos);
        }
        depth--;
        return child;
    }

    private Expr parseCheck() throws ConditionSyntaxException {
        blank();
        int start = pos;
        if (literal("(")) {
            return parseEmbedded();
        }
        String name = fieldName();
        if (name != null) {
            FieldOp left = new FieldOp(name, optionalFieldArg(), start);
            return parseCondition(left, start);
        }
        String tr = transformer();
        if (tr != null) {
            blank();
            Operand left = parseTransformerRest(tr, start);
            return parseCondition(left, start);
        }
        String id = identifier();
        if (id != null) {
            return new MacroRef(id, start);
        }
        if (pos >= in.length()) {
            throw new ConditionSyntaxException("unexpected end of condition, expected a '(' token, "
                    + "a field check, or an identifier", pos);
        }
        throw new ConditionSyntaxException("unexpected token at '" + excerpt()
                + "': expected a '(' token, a field check, or an identifier", pos);
    }

    private Expr parseCondition(Operand left, int start) throws ConditionSyntaxException {
        blank();
        if (operator("exists", false)) {
            return new Check(left, "exists", null, null, start);
        }
        blank();
        for (String op : NUM_OPS) {
            if (operator(op, false)) {
                return new Check(left, op, null, parseNumOrTransformer(), start);
            }
        }
        for (String op : STR_OPS) {
            boolean word = op.endsWith(" ");
            if (operator(op.trim(), word)) {
                boolean hadBlank = word || blank();
                int saved = pos;
                if (hadBlank) {
                    for (String mod : MODIFIERS) {
                        if (operator(mod.trim(), true) && listFollows() && !boolKeywordFollows()) {
                            return new Check(left, op.trim(), mod.trim(), parseListValue(), start);
                        }
                        pos = saved;
                    }
                }
                pos = saved;
                return new Check(left, op.trim(), null, parseStrOrTransformer(), start);
            }
        }
        for (String op : LIST_OPS) {
            if (operator(op, false)) {
                return new Check(left, op, null, parseListOrTransformer(), start);
            }
        }
        throw new ConditionSyntaxException("expected a valid check operator: one of 'exists', '<=', '<', "
                + "'>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', "
                + "'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch'"
                + (pos < in.length() ? " (found '" + excerpt() + "')" : ""), pos);
    }

    private boolean listFollows() {
        if (pos < in.length() && in.charAt(pos) == '(') {
            return true;
        }
        int saved = pos;
        boolean id = identifier() != null;
        pos = saved;
        return id;
    }

    private boolean boolKeywordFollows() {
        for (String kw : new String[] {"and", "or", "not"}) {
            if (in.startsWith(kw, pos)) {
                int after = pos + kw.length();
                if (after == in.length() || !Character.isLetterOrDigit(in.charAt(after))) {
                    return true;
                }
            }
        }
        return false;
    }

    private Value parseNumOrTransformer() throws ConditionSyntaxException {
        blank();
        Operand tr = tryTransformerOrVal();
        if (tr != null) {
            return new OperandValue(tr);
        }
        String n = number();
        if (n != null) {
            return new Scalar(n, true);
        }
        throw new ConditionSyntaxException("expected a number value or a field with a valid transformer", pos);
    }

    private Value parseStrOrTransformer() throws ConditionSyntaxException {
        blank();
        Operand tr = tryTransformerOrVal();
        if (tr != null) {
            return new OperandValue(tr);
        }
        Scalar s = strValue();
        if (s != null) {
            return s;
        }
        throw new ConditionSyntaxException("expected a string value or a field with a valid transformer", pos);
    }

    private Scalar strValue() throws ConditionSyntaxException {
        String q = quoted();
        if (q != null) {
            return new Scalar(q, false);
        }
        String b = bareStr();
        return b == null ? null : new Scalar(b, true);
    }

    private Value parseListValue() throws ConditionSyntaxException {
        blank();
        ListValue l = tryList();
        if (l != null) {
            return l;
        }
        String id = identifier();
        if (id != null) {
            return new Scalar(id, true);
        }
        throw new ConditionSyntaxException("expected a list or an identifier", pos);
    }

    private Value parseListOrTransformer() throws ConditionSyntaxException {
        blank();
        ListValue l = tryList();
        if (l != null) {
            return l;
        }
        Operand tr = tryTransformerOrVal();
        if (tr != null) {
            return new OperandValue(tr);
        }
        String id = identifier();
        if (id != null) {
            return new Scalar(id, true);
        }
        throw new ConditionSyntaxException("expected a list, an identifier, or a field with a valid transformer", pos);
    }

    private ListValue tryList() throws ConditionSyntaxException {
        if (!literal("(")) {
            return null;
        }
        List<Scalar> items = new ArrayList<>();
        blank();
        Scalar first = strValue();
        if (first != null) {
            items.add(first);
            blank();
            while (literal(",")) {
                blank();
                Scalar s = strValue();
                if (s == null) {
                    throw new ConditionSyntaxException("expected a string value in list", pos);
                }
                items.add(s);
                blank();
            }
        }
        if (!literal(")")) {
            throw new ConditionSyntaxException("expected a ')' token closing the list", pos);
        }
        return new ListValue(items);
    }

    private Operand tryTransformerOrVal() throws ConditionSyntaxException {
        blank();
        int start = pos;
        if (literal("val(")) {
            blank();
            int fieldStart = pos;
            String name = fieldName();
            if (name == null) {
                throw new ConditionSyntaxException("expected a field within 'val' transformer", pos);
            }
            FieldOp f = new FieldOp(name, optionalFieldArg(), fieldStart);
            blank();
            if (!literal(")")) {
                throw new ConditionSyntaxException("expected a ')' token closing the transformer", pos);
            }
            return new TransformOp("val", List.of(f), optionalFieldArg(), start);
        }
        String tr = transformer();
        if (tr != null) {
            blank();
            return parseTransformerRest(tr, start);
        }
        return null;
    }

    private Operand parseTransformerRest(String name, int start) throws ConditionSyntaxException {
        enter();
        blank();
        List<Operand> args = new ArrayList<>();
        do {
            blank();
            args.add(parseTransformerArg());
            blank();
        } while (literal(","));
        blank();
        if (!literal(")")) {
            throw new ConditionSyntaxException("expected a ')' token closing the transformer", pos);
        }
        depth--;
        return new TransformOp(name, args, optionalFieldArg(), start);
    }

    private Operand parseTransformerArg() throws ConditionSyntaxException {
        blank();
        int start = pos;
        String n = number();
        if (n != null) {
            return new LiteralOp(n);
        }
        String q = quoted();
        if (q != null) {
            return new LiteralOp(q);
        }
        if (literal("(")) {
            List<Operand> items = new ArrayList<>();
            blank();
            if (!literal(")")) {
                do {
                    blank();
                    items.add(parseTransformerArg());
                    blank();
                } while (literal(","));
                if (!literal(")")) {
                    throw new ConditionSyntaxException("expected ')'", pos);
                }
            }
            return new LiteralListOp(items);
        }
        String tr = transformer();
        if (tr != null) {
            return parseTransformerRest(tr, start);
        }
        String name = fieldName();
        if (name != null) {
            return new FieldOp(name, optionalFieldArg(), start);
        }
        throw new ConditionSyntaxException("expected field transformer argument: field, transformer, "
                + "quoted string, number, or transformer list", pos);
    }

    private String optionalFieldArg() throws ConditionSyntaxException {
        if (!literal("[")) {
            return null;
        }
        String arg = quoted();
        if (arg == null) {
            int s = pos;
            while (pos < in.length() && "[]\"' \b\t\n\r".indexOf(in.charAt(pos)) < 0) {
                pos++;
            }
            if (pos == s) {
                throw new ConditionSyntaxException("expected a valid field argument: a quoted string or a bare string", pos);
            }
            arg = in.substring(s, pos);
        }
        if (!literal("]")) {
            throw new ConditionSyntaxException("expected a ']' token", pos);
        }
        return arg;
    }

    // ---- lexing ----

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n';
    }

    private boolean blank() {
        int s = pos;
        while (pos < in.length() && isBlank(in.charAt(pos))) {
            pos++;
        }
        return pos > s;
    }

    private boolean literal(String s) {
        if (in.startsWith(s, pos)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    /** An operator; word operators must be followed by a blank, which is consumed. */
    private boolean operator(String op, boolean word) {
        if (!in.startsWith(op, pos)) {
            return false;
        }
        if (word) {
            int after = pos + op.length();
            if (after < in.length() && isBlank(in.charAt(after))) {
                pos = after;
                blank();
                return true;
            }
            return false;
        }
        pos += op.length();
        return true;
    }

    private String transformer() {
        for (String t : TRANSFORMERS) {
            if (in.startsWith(t, pos)) {
                pos += t.length();
                return t.substring(0, t.length() - 1);
            }
        }
        return null;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isWord(char c) {
        return isAlpha(c) || (c >= '0' && c <= '9') || c == '_';
    }

    /** {@code [a-zA-Z]+[a-zA-Z0-9_]*}. */
    private String identifier() {
        int s = pos;
        int p = pos;
        if (p >= in.length() || !isAlpha(in.charAt(p))) {
            return null;
        }
        while (p < in.length() && isWord(in.charAt(p))) {
            p++;
        }
        pos = p;
        return in.substring(s, p);
    }

    /** An identifier followed by one or more {@code .segment}s, each starting with a letter. */
    private String fieldName() {
        int s = pos;
        int p = pos;
        if (p >= in.length() || !isAlpha(in.charAt(p))) {
            return null;
        }
        while (p < in.length() && isWord(in.charAt(p))) {
            p++;
        }
        int segments = 0;
        while (p + 1 < in.length() && in.charAt(p) == '.' && isAlpha(in.charAt(p + 1))) {
            p++;
            while (p < in.length() && isWord(in.charAt(p))) {
                p++;
            }
            segments++;
        }
        if (segments == 0) {
            return null;
        }
        pos = p;
        return in.substring(s, p);
    }

    /** Hex {@code 0x..} or decimal numbers with optional sign, fraction and exponent. */
    private String number() {
        int s = pos;
        int p = pos;
        if (in.startsWith("0x", p) || in.startsWith("0X", p)) {
            int q = p + 2;
            while (q < in.length() && Character.isLetterOrDigit(in.charAt(q)) && in.charAt(q) < 128) {
                q++;
            }
            if (q > p + 2) {
                pos = q;
                return in.substring(s, q);
            }
        }
        if (p < in.length() && (in.charAt(p) == '+' || in.charAt(p) == '-')) {
            p++;
        }
        int digits = p;
        while (p < in.length() && Character.isDigit(in.charAt(p)) && in.charAt(p) < 128) {
            p++;
        }
        if (p == digits) {
            return null;
        }
        if (p < in.length() && in.charAt(p) == '.') {
            p++;
            while (p < in.length() && in.charAt(p) >= '0' && in.charAt(p) <= '9') {
                p++;
            }
        }
        if (p + 2 < in.length() && (in.charAt(p) == 'e' || in.charAt(p) == 'E')
                && (in.charAt(p + 1) == '+' || in.charAt(p + 1) == '-') && Character.isDigit(in.charAt(p + 2))) {
            p += 2;
            while (p < in.length() && in.charAt(p) >= '0' && in.charAt(p) <= '9') {
                p++;
            }
        }
        pos = p;
        return in.substring(s, p);
    }

    /** {@code [^ \b\t\n\r(),="']+}. */
    private String bareStr() {
        int s = pos;
        while (pos < in.length() && " \b\t\n\r(),=\"'".indexOf(in.charAt(pos)) < 0) {
            pos++;
        }
        return pos > s ? in.substring(s, pos) : null;
    }

    /** A single- or double-quoted string, unescaped. */
    private String quoted() throws ConditionSyntaxException {
        if (pos >= in.length()) {
            return null;
        }
        char delim = in.charAt(pos);
        if (delim != '"' && delim != '\'') {
            return null;
        }
        int p = pos + 1;
        char prev = 0;
        while (p < in.length()) {
            char c = in.charAt(p);
            if (c == delim && prev != '\\') {
                String raw = in.substring(pos, p + 1);
                int start = pos;
                pos = p + 1;
                try {
                    return Escaping.unescape(raw);
                } catch (IllegalArgumentException e) {
                    throw new ConditionSyntaxException(e.getMessage(), start);
                }
            }
            // a backslash escaped by a backslash does not escape the next character
            prev = (c == '\\' && prev == '\\') ? 0 : c;
            p++;
        }
        throw new ConditionSyntaxException("unterminated quoted string", pos);
    }
}
