package io.vigil.engine.internal.compile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

import io.vigil.engine.internal.condition.Ast;
import io.vigil.engine.internal.condition.Ast.And;
import io.vigil.engine.internal.condition.Ast.Check;
import io.vigil.engine.internal.condition.Ast.Expr;
import io.vigil.engine.internal.condition.Ast.FieldOp;
import io.vigil.engine.internal.condition.Ast.ListValue;
import io.vigil.engine.internal.condition.Ast.LiteralListOp;
import io.vigil.engine.internal.condition.Ast.LiteralOp;
import io.vigil.engine.internal.condition.Ast.Not;
import io.vigil.engine.internal.condition.Ast.Operand;
import io.vigil.engine.internal.condition.Ast.OperandValue;
import io.vigil.engine.internal.condition.Ast.Or;
import io.vigil.engine.internal.condition.Ast.Scalar;
import io.vigil.engine.internal.condition.Ast.TransformOp;
import io.vigil.engine.internal.condition.AstPrinter;
import io.vigil.engine.internal.eval.CharSeqSet;
import io.vigil.engine.internal.eval.Checks;
import io.vigil.engine.internal.eval.Filter;
import io.vigil.engine.internal.eval.IpAddresses;
import io.vigil.engine.internal.eval.IpAddresses.Net;
import io.vigil.engine.internal.eval.Logic;
import io.vigil.engine.internal.eval.Op;
import io.vigil.engine.internal.eval.Op.Modifier;
import io.vigil.engine.internal.eval.Transformers;
import io.vigil.engine.internal.eval.ValueSource;
import io.vigil.sdk.EventTypes;
import io.vigil.sdk.FieldReference;
import io.vigil.sdk.FieldType;

/**
 * Compiles an expanded condition tree (no macro references left) into evaluator objects,
 * binding every field once and checking each operator against the field's type as libsinsp
 * does. Also computes the event types a condition can match.
 */
public final class ConditionCompiler {

    private final FieldResolver fields;
    private final EventTypes eventTypes;
    private final Consumer<String> warnings;

    /**
     * @param eventTypes the source's event types, or null if it has none
     * @param warnings   receives non-fatal findings (Falco's LOAD_UNSAFE_NA_CHECK and the like)
     */
    public ConditionCompiler(FieldResolver fields, EventTypes eventTypes, Consumer<String> warnings) {
        this.fields = fields;
        this.eventTypes = eventTypes;
        this.warnings = warnings;
    }

    public Filter compile(Expr e) throws CompileException {
        if (e instanceof And a) {
            // macros nest conjunctions; one flat level evaluates in the same order with fewer calls
            List<Filter> c = new ArrayList<>();
            for (Expr x : flatten(a.children(), true, new ArrayList<>())) {
                c.add(compile(x));
            }
            return c.size() == 1 ? c.get(0) : new Logic.AndFilter(c.toArray(new Filter[0]));
        }
        if (e instanceof Or o) {
            List<Filter> c = new ArrayList<>();
            for (Expr x : flatten(o.children(), false, new ArrayList<>())) {
                c.add(compile(x));
            }
            return c.size() == 1 ? c.get(0) : new Logic.OrFilter(c.toArray(new Filter[0]));
        }
        if (e instanceof Not n) {
            return new Logic.NotFilter(compile(n.child()));
        }
        if (e instanceof Check c) {
            return check(c);
        }
        if (e instanceof Ast.MacroRef m) {
            throw new CompileException("Undefined macro '" + m.name() + "' used in filter.", false);
        }
        throw new CompileException("unsupported expression", false);
    }

    /** Fields Falco deprecates: still compiled, but reported as Falco does (LOAD_DEPRECATED_ITEM). */
    private static final java.util.Set<String> DEPRECATED = java.util.Set.of("evt.dir", "evt.latency", "evt.latency.s",
            "evt.latency.ns", "evt.latency.human", "evt.wait_latency", "evt.around");

    /**
     * Fields libsinsp marks EPF_NO_RHS: they compare in their own way (any ancestor, client or
     * server side), so they can be neither side of a field-to-field comparison.
     */
    private static final java.util.Set<String> NO_RHS = java.util.Set.of("proc.aexe", "proc.aexepath", "proc.aname",
            "proc.acmdline", "proc.aenv", "proc.apid", "fd.ip", "fd.port", "fd.proto", "fd.net", "fd.cnet", "fd.snet",
            "fd.lnet", "fd.rnet", "fd.cip.name", "fd.sip.name", "fd.lip.name", "fd.rip.name", "fd.types", "evt.rawarg",
            "evt.around");

    /** Fields libsinsp marks EPF_NO_TRANSFORMER: the same, except fd.types. */
    private static boolean noTransformer(String field) {
        return NO_RHS.contains(field) && !field.equals("fd.types");
    }

    /** The field an operand names directly or through {@code val(...)}, or null. */
    private static FieldOp fieldOf(Operand o) {
        if (o instanceof FieldOp f) {
            return f;
        }
        if (o instanceof TransformOp t && t.name().equals("val") && t.args().size() == 1) {
            return fieldOf(t.args().get(0));
        }
        return null;
    }

    private static List<Expr> flatten(List<Expr> children, boolean and, List<Expr> out) {
        for (Expr x : children) {
            if (and && x instanceof And a) {
                flatten(a.children(), true, out);
            } else if (!and && x instanceof Or o) {
                flatten(o.children(), false, out);
            } else {
                out.add(x);
            }
        }
        return out;
    }

    /** Resolves and binds a field or transformer as a value source. */
    public ValueSource source(Operand o) throws CompileException {
        if (o instanceof FieldOp f) {
            String text = f.text();
            if (DEPRECATED.contains(f.name())) {
                warnings.accept("LOAD_DEPRECATED_ITEM:usage of deprecated field '" + f.name()
                        + "' has been detected; remove it from the rule");
            }
            FieldReference ref = fields.resolve(text).orElse(null);
            if (ref == null) {
                String hint = fields.suggest(f.name());
                throw new CompileException("filter_check called with nonexistent field " + text
                        + " (no extractor declares it for source '" + fields.source() + "'"
                        + (hint != null ? "; did you mean '" + hint + "'?" : "; is the plugin that provides it installed?")
                        + ")", true, text);
            }
            try {
                return fields.boundSource(text, ref);
            } catch (IllegalArgumentException ex) {
                throw new CompileException("field '" + text + "': " + ex.getMessage(), false);
            }
        }
        if (o instanceof LiteralOp l) {
            return new ValueSource.ConstantSource(l.value());
        }
        if (o instanceof TransformOp t) {
            String text = AstPrinter.operand(t);
            List<ValueSource> args = new ArrayList<>();
            for (Operand a : t.args()) {
                if (!t.name().equals("val") && a instanceof FieldOp af && noTransformer(af.name())) {
                    throw new CompileException("field '" + af.name() + "' does not support transformers", false,
                            af.text());
                }
                if (a instanceof LiteralListOp) {
                    throw new CompileException("transformer '" + t.name() + "' does not take a list argument", false);
                }
                args.add(source(a));
            }
            switch (t.name()) {
                case "val":
                    return args.get(0);
                case "tolower", "toupper", "b64", "basename": {
                    one(t, args);
                    ValueSource in = args.get(0);
                    if (in.isList() || !(in.type().isText() || (t.name().equals("b64") && in.type() == FieldType.BYTES))) {
                        throw new CompileException("field '" + in.text() + "' of type " + in.type()
                                + " is not supported by '" + t.name() + "' transformer", false);
                    }
                    return new Transformers.TextTransform(t.name(), in, text);
                }
                case "len":
                    one(t, args);
                    return new Transformers.LenTransform(args.get(0), text);
                case "concat":
                    return new Transformers.ConcatTransform(args.toArray(new ValueSource[0]), text);
                case "join":
                    if (args.size() != 2 || !(t.args().get(0) instanceof LiteralOp sep)) {
                        throw new CompileException("'join' takes a separator string and a list field: "
                                + "join(\",\", field)", false);
                    }
                    return new Transformers.JoinTransform(sep.value(), args.get(1), text);
                default:
                    throw new CompileException("unsupported transformer '" + t.name() + "'", false);
            }
        }
        throw new CompileException("expected a field or a transformer", false);
    }

    private static void one(TransformOp t, List<ValueSource> args) throws CompileException {
        if (args.size() != 1) {
            throw new CompileException("transformer '" + t.name() + "' takes exactly one argument", false);
        }
    }

    private static String typeClass(ValueSource s) {
        if (s.isList()) {
            return "list";
        }
        FieldType t = s.type();
        if (t.isNumeric() || t == FieldType.DOUBLE) {
            return "numeric";
        }
        return switch (t) {
            case BOOL -> "numeric";
            case IPADDR, IPNET -> "ip address and network";
            case BYTES -> "buffer";
            default -> "string";
        };
    }

    private static boolean allowed(ValueSource s, Op op) {
        if (op == Op.EXISTS) {
            return true;
        }
        if (s.isList()) {
            return op == Op.IN || op == Op.INTERSECTS;
        }
        FieldType t = s.type();
        if (t == FieldType.BOOL) {
            return op == Op.EQ || op == Op.NE || op == Op.IN || op == Op.INTERSECTS;
        }
        if (t.isNumeric() || t == FieldType.DOUBLE) {
            return switch (op) {
                case EQ, NE, LT, LE, GT, GE, IN, INTERSECTS -> true;
                default -> false;
            };
        }
        return switch (t) {
            case IPADDR, IPNET -> op == Op.EQ || op == Op.NE || op == Op.IN || op == Op.INTERSECTS;
            case BYTES -> switch (op) {
                case EQ, NE, CONTAINS, IN, STARTSWITH, ENDSWITH, INTERSECTS, BCONTAINS, BSTARTSWITH -> true;
                default -> false;
            };
            default -> op != Op.BCONTAINS && op != Op.BSTARTSWITH;
        };
    }

    private Filter check(Check c) throws CompileException {
        String text = AstPrinter.printCheck(c);
        Op op = Op.parse(c.op());
        Modifier mod = c.modifier() == null ? null : Modifier.valueOf(c.modifier().toUpperCase(java.util.Locale.ROOT));
        ValueSource src = source(c.left());
        if (!allowed(src, op)) {
            throw new CompileException("'" + c.op() + (mod != null ? " " + c.modifier() : "")
                    + "' operator not supported for " + typeClass(src) + " filters (field '" + src.text()
                    + "' is of type " + src.type() + (src.isList() ? " list" : "") + ")", false);
        }
        if (op == Op.EXISTS) {
            return new Checks.Exists(src, text);
        }
        if (c.right() instanceof OperandValue ov) {
            FieldOp lf = fieldOf(c.left());
            if (lf != null && NO_RHS.contains(lf.name())) {
                throw new CompileException("field '" + lf.name() + "' doesn't support right-hand side fields", false,
                        lf.text());
            }
            FieldOp rf = fieldOf(ov.operand());
            if (rf != null && NO_RHS.contains(rf.name())) {
                throw new CompileException("field '" + rf.name() + "' can't be used as a right-hand side field", false,
                        rf.text());
            }
            if (op == Op.PMATCH || op == Op.REGEX) {
                throw new CompileException("operator '" + c.op() + "' doesn't support right-hand side fields", false);
            }
            if (src.type() == FieldType.IPNET) {
                throw new CompileException("field type 'IPNET' doesn't support right-hand side fields", false);
            }
            return new Checks.FieldCompare(src, op, source(ov.operand()), text);
        }
        List<String> values = new ArrayList<>();
        if (c.right() instanceof Scalar s) {
            values.add(s.value());
        } else if (c.right() instanceof ListValue l) {
            for (Scalar s : l.items()) {
                values.add(s.value());
            }
        }
        // Falco warns where <NA> is a real value: the JSON fields of k8s audit events
        if (c.left() instanceof FieldOp lf && (lf.name().startsWith("ka.") || lf.name().startsWith("jevt."))
                && (op == Op.EQ || op == Op.NE || op == Op.IN || op == Op.INTERSECTS || op == Op.PMATCH)
                && values.contains("<NA>")) {
            warnings.accept("LOAD_UNSAFE_NA_CHECK:condition compares '" + src.text() + "' with <NA>, which is "
                    + "unpredictable; to check whether the field is set use '" + src.text() + " exists'");
        }
        if (src.type() != FieldType.BYTES || op == Op.BCONTAINS || op == Op.BSTARTSWITH) {
            for (String v : values) {
                if (v.indexOf('\0') >= 0) {
                    // libsinsp's value parser: only byte buffers may hold NUL
                    throw new CompileException("filter error: filter value cannot contain a NUL byte (\\x00)", false);
                }
            }
        }
        boolean listOp = op == Op.IN || op == Op.INTERSECTS || op == Op.PMATCH;
        if (!listOp && mod == null && values.size() != 1) {
            throw new CompileException("operator '" + c.op() + "' takes a single value", false);
        }
        if (c.left() instanceof FieldOp f && f.name().equals("evt.type") && f.arg() == null && eventTypes != null) {
            // libsinsp validates every value compared with evt.type, whatever the operator, and
            // fails the compilation on a name it does not know
            for (String v : values) {
                if (!FalcoEventNames.known(v, eventTypes)) {
                    String hint = FalcoEventNames.suggest(v);
                    throw new CompileException("unknown event type " + v
                            + (hint != null ? " (did you mean '" + hint + "'?)" : " (not a Falco event or system call name)"),
                            true, v);
                }
            }
            if (mod == null && (op == Op.EQ || op == Op.NE || op == Op.IN || op == Op.INTERSECTS)) {
                for (String v : values) {
                    if (eventTypes.codes(v).length == 0) {
                        warnings.accept("LOAD_COMPILE_CONDITION:event type '" + v + "' is valid in Falco but no "
                                + "installed Vigil source of '" + fields.source() + "' events produces it; "
                                + "the comparison never matches it");
                    }
                }
                return new Checks.EventType(src, codes(values).toLongArray(), op == Op.NE, text);
            }
        }
        if (src.isList()) {
            return listCheck(src, op, values, text);
        }
        FieldType t = src.type();
        if (t == FieldType.BOOL || t.isNumeric() || t == FieldType.DOUBLE) {
            long[] nums = new long[values.size()];
            for (int i = 0; i < nums.length; i++) {
                nums[i] = number(values.get(i), src);
            }
            return new Checks.Num(src, op, mod, nums, text);
        }
        if (t == FieldType.IPADDR || t == FieldType.IPNET) {
            return new Checks.Ip(src, op, nets(values, src), text);
        }
        if (t == FieldType.BYTES) {
            byte[][] bs = new byte[values.size()][];
            for (int i = 0; i < bs.length; i++) {
                bs[i] = (op == Op.BCONTAINS || op == Op.BSTARTSWITH) ? hex(values.get(i)) : values.get(i).getBytes(StandardCharsets.UTF_8);
            }
            return new Checks.Bytes(src, op, bs, text);
        }
        if (op == Op.REGEX) {
            for (String v : values) {
                String err = PosixRegexSyntax.error(v);
                if (err != null) {
                    throw new CompileException("invalid regex pattern: " + err + " (Falco's regex is RE2 in POSIX "
                            + "mode: use [0-9] for \\d, [[:space:]] for \\s, no (?...) groups or lazy repetitions)", false);
                }
            }
        }
        try {
            return new Checks.Text(src, op, mod, values, text);
        } catch (com.google.re2j.PatternSyntaxException ex) {
            throw new CompileException("invalid regex pattern: " + ex.getMessage(), false);
        }
    }

    private Filter listCheck(ValueSource src, Op op, List<String> values, String text) throws CompileException {
        FieldType t = src.type();
        boolean all = op == Op.IN;
        if (t == FieldType.BOOL || t.isNumeric()) {
            long[] nums = new long[values.size()];
            for (int i = 0; i < nums.length; i++) {
                nums[i] = number(values.get(i), src);
            }
            return new Checks.ListMembership(src, all, null, nums, null, text);
        }
        if (t == FieldType.IPADDR || t == FieldType.IPNET) {
            return new Checks.ListMembership(src, all, null, null, nets(values, src), text);
        }
        return new Checks.ListMembership(src, all, new CharSeqSet(values), null, null, text);
    }

    private BitSet codes(List<String> names) {
        BitSet b = new BitSet(eventTypes.size());
        for (String n : names) {
            for (int code : eventTypes.codes(n)) {
                b.set(code);
            }
        }
        return b;
    }

    private static Net[] nets(List<String> values, ValueSource src) throws CompileException {
        Net[] nets = new Net[values.size()];
        for (int i = 0; i < nets.length; i++) {
            nets[i] = IpAddresses.parse(values.get(i));
            if (nets[i] == null) {
                throw new CompileException("'" + values.get(i) + "' is not a valid IP address or network for field '"
                        + src.text() + "' (expected e.g. 10.0.0.1, 10.0.0.0/8, ::1)", false);
            }
        }
        return nets;
    }

    private static byte[] hex(String s) throws CompileException {
        if (s.length() % 2 != 0) {
            throw new CompileException("'" + s + "' is not a hexadecimal byte string (bcontains/bstartswith "
                    + "take hex digits, two per byte, e.g. 0a0b)", false);
        }
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new CompileException("'" + s + "' is not a hexadecimal byte string", false);
            }
            b[i] = (byte) (hi << 4 | lo);
        }
        return b;
    }

    static long number(String v, ValueSource src) throws CompileException {
        FieldType t = src.type();
        try {
            return io.vigil.engine.internal.eval.ConditionNumbers.parse(v, t);
        } catch (NumberFormatException e) {
            throw new CompileException("'" + v + "' is not a valid " + (t == FieldType.BOOL ? "boolean (true or false)"
                    : "number") + " for field '" + src.text() + "' of type " + t, false);
        }
    }

    /**
     * The event types {@code e} can match, as Falco's evttype resolver computes them: checks
     * on {@code evt.type} narrow the set, every other check matches all types.
     */
    public static BitSet eventTypes(Expr e, EventTypes types, boolean negated) {
        int n = types.size();
        if (e instanceof And a) {
            BitSet r = null;
            for (Expr c : a.children()) {
                BitSet s = eventTypes(c, types, negated);
                if (r == null) {
                    r = s;
                } else if (negated) {
                    r.or(s);
                } else {
                    r.and(s);
                }
            }
            return r;
        }
        if (e instanceof Or o) {
            BitSet r = null;
            for (Expr c : o.children()) {
                BitSet s = eventTypes(c, types, negated);
                if (r == null) {
                    r = s;
                } else if (negated) {
                    r.and(s);
                } else {
                    r.or(s);
                }
            }
            return r;
        }
        if (e instanceof Not x) {
            return eventTypes(x.child(), types, !negated);
        }
        BitSet all = new BitSet(n);
        all.set(0, n);
        if (e instanceof Check c && c.left() instanceof FieldOp f && f.name().equals("evt.type") && f.arg() == null
                && c.modifier() == null) {
            Op op = Op.parse(c.op());
            if (op == Op.EQ || op == Op.NE || op == Op.IN || op == Op.INTERSECTS) {
                BitSet s = new BitSet(n);
                List<String> names = new ArrayList<>();
                if (c.right() instanceof Scalar sc) {
                    names.add(sc.value());
                } else if (c.right() instanceof ListValue l) {
                    l.items().forEach(i -> names.add(i.value()));
                } else {
                    return all;
                }
                for (String name : names) {
                    for (int code : types.codes(name)) {
                        s.set(code);
                    }
                }
                boolean invert = (op == Op.NE) != negated;
                if (invert) {
                    all.andNot(s);
                    return all;
                }
                return s;
            }
        }
        return all;
    }
}
