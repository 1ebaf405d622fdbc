package io.vigil.engine.internal.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.engine.internal.compile.CompileException;
import io.vigil.engine.internal.compile.ConditionCompiler;
import io.vigil.engine.internal.condition.Ast.FieldOp;
import io.vigil.engine.internal.condition.Ast.Operand;
import io.vigil.engine.internal.condition.Ast.TransformOp;
import io.vigil.engine.internal.eval.ValueSource;
import io.vigil.sdk.Event;

/**
 * A compiled output format: literal text and {@code %field} / {@code %transformer(field)}
 * tokens, rendered as Falco does ({@code <NA>} for missing values).
 */
public final class OutputFormat {

    private final String format;
    private final Object[] parts; // String or ValueSource
    private final List<ValueSource> fields;

    private OutputFormat(String format, Object[] parts, List<ValueSource> fields) {
        this.format = format;
        this.parts = parts;
        this.fields = fields;
    }

    public String format() {
        return format;
    }

    /** Compiles {@code fmt}; fields are bound through {@code compiler}. */
    public static OutputFormat compile(String fmt, ConditionCompiler compiler) throws CompileException {
        List<Object> parts = new ArrayList<>();
        List<ValueSource> fields = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        int n = fmt.length();
        while (i < n) {
            char c = fmt.charAt(i);
            if (c != '%') {
                lit.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && fmt.charAt(i + 1) == '%') {
                lit.append('%');
                i += 2;
                continue;
            }
            int start = i + 1;
            int end = tokenEnd(fmt, start);
            if (end == start) {
                lit.append('%');
                i++;
                continue;
            }
            String token = fmt.substring(start, end);
            Operand op = operand(token);
            ValueSource src;
            try {
                if (op instanceof FieldOp f && f.arg() == null && f.name().equals("proc.apid")) {
                    // libsinsp: in outputs, proc.apid without an index is proc.apid[0], the
                    // process's own pid (in conditions it means any ancestor)
                    src = new ValueSource.Alias(compiler.source(new FieldOp("proc.apid", "0", 0)), "proc.apid");
                } else {
                    src = compiler.source(op);
                }
            } catch (CompileException e) {
                throw new CompileException("invalid formatting token %" + token + ": " + e.getMessage(), e.unknownField());
            }
            if (lit.length() > 0) {
                parts.add(lit.toString());
                lit.setLength(0);
            }
            parts.add(src);
            fields.add(src);
            i = end;
        }
        if (lit.length() > 0) {
            parts.add(lit.toString());
        }
        return new OutputFormat(fmt, parts.toArray(), fields);
    }

    private static boolean fieldChar(char c) {
        return Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.';
    }

    private static int tokenEnd(String s, int i) {
        int n = s.length();
        int p = i;
        while (p < n && Character.isLetter(s.charAt(p)) && s.charAt(p) < 128) {
            p++;
        }
        if (p > i && p < n && s.charAt(p) == '(') {
            // a transformer: up to the matching parenthesis
            int depth = 0;
            for (int q = p; q < n; q++) {
                if (s.charAt(q) == '(') {
                    depth++;
                } else if (s.charAt(q) == ')' && --depth == 0) {
                    return q + 1;
                }
            }
            return i;
        }
        p = i;
        while (p < n && fieldChar(s.charAt(p))) {
            p++;
        }
        while (p > i && s.charAt(p - 1) == '.') {
            p--;
        }
        if (p < n && s.charAt(p) == '[') {
            int close = s.indexOf(']', p);
            if (close > 0) {
                p = close + 1;
            }
        }
        return p;
    }

    private static Operand operand(String token) {
        int paren = token.indexOf('(');
        if (paren > 0 && token.endsWith(")")) {
            String inner = token.substring(paren + 1, token.length() - 1).trim();
            List<Operand> args = new ArrayList<>();
            for (String a : inner.split(",")) {
                args.add(operand(a.trim()));
            }
            return new TransformOp(token.substring(0, paren), args, null, 0);
        }
        int br = token.indexOf('[');
        if (br > 0 && token.endsWith("]")) {
            return new FieldOp(token.substring(0, br), token.substring(br + 1, token.length() - 1), 0);
        }
        return new FieldOp(token, null, 0);
    }

    /** Renders the output line for {@code e}. */
    public String render(Event e) {
        StringBuilder sb = new StringBuilder(format.length() + 64);
        for (Object p : parts) {
            if (p instanceof String s) {
                sb.append(s);
            } else {
                ValueSource src = (ValueSource) p;
                sb.append(src.load(e) ? src.render() : "<NA>");
            }
        }
        return sb.toString();
    }

    /** Adds the values of the output's fields to {@code out}, keyed as written. */
    public void fields(Event e, Map<String, Object> out) {
        for (ValueSource src : fields) {
            out.put(src.text(), src.load(e) ? src.toJsonValue() : null);
        }
    }

    /** The output values as a map, for alerts. */
    public Map<String, Object> fields(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        fields(e, m);
        return m;
    }
}
