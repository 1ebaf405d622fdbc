package io.vigil.engine.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.internal.CompiledRule.ExtraOutput;
import io.vigil.engine.internal.compile.CompileException;
import io.vigil.engine.internal.compile.ConditionCompiler;
import io.vigil.engine.internal.compile.FalcoEventNames;
import io.vigil.engine.internal.compile.FieldResolver;
import io.vigil.engine.internal.condition.Ast;
import io.vigil.engine.internal.condition.Ast.And;
import io.vigil.engine.internal.condition.Ast.Check;
import io.vigil.engine.internal.condition.Ast.Expr;
import io.vigil.engine.internal.condition.Ast.FieldOp;
import io.vigil.engine.internal.condition.Ast.ListValue;
import io.vigil.engine.internal.condition.Ast.MacroRef;
import io.vigil.engine.internal.condition.Ast.Not;
import io.vigil.engine.internal.condition.Ast.Or;
import io.vigil.engine.internal.condition.Ast.Scalar;
import io.vigil.engine.internal.condition.AstPrinter;
import io.vigil.engine.internal.condition.ConditionParser;
import io.vigil.engine.internal.condition.ConditionSyntaxException;
import io.vigil.engine.internal.condition.Escaping;
import io.vigil.engine.internal.eval.Filter;
import io.vigil.engine.internal.load.Diagnostics;
import io.vigil.engine.internal.load.Items.ExceptionDef;
import io.vigil.engine.internal.load.Items.ExceptionValue;
import io.vigil.engine.internal.load.Items.ListDef;
import io.vigil.engine.internal.load.Items.MacroDef;
import io.vigil.engine.internal.load.Items.PluginRequirement;
import io.vigil.engine.internal.load.Items.RuleDef;
import io.vigil.engine.internal.load.Location;
import io.vigil.engine.internal.load.RuleCollector;
import io.vigil.engine.internal.load.Semver;
import io.vigil.engine.internal.load.SourceSpan;
import io.vigil.engine.internal.output.OutputFormat;
import io.vigil.sdk.EventTypes;
import io.vigil.sdk.FieldExtractor;

/**
 * Turns collected items into compiled rules as Falco's rule compiler does: lists are expanded
 * (a list sees earlier lists) and substituted into condition text, macros are parsed and
 * resolved (a macro sees earlier macros, a rule sees all), exceptions become
 * {@code and not (...)}, and each rule is compiled against the fields of its source.
 */
public final class RuleCompiler {

    /** Depth of a condition after macro expansion beyond which we refuse to compile it. */
    static final int MAX_EXPANDED_DEPTH = 1000;

    private final FieldCatalog catalog;
    private final EngineConfig config;
    private final Diagnostics diag;
    private final Map<String, FieldResolver> resolvers = new HashMap<>();
    private final Map<String, io.vigil.engine.internal.eval.EvalClock> clocks = new HashMap<>();
    private final Map<String, List<String>> lists = new LinkedHashMap<>();
    private final Map<String, Integer> listIndex = new HashMap<>();
    private final Map<String, Boolean> listUsed = new HashMap<>();
    private final Map<String, Expr> macros = new LinkedHashMap<>();
    private final Map<String, Boolean> macroUsed = new HashMap<>();
    private final Map<String, Integer> macroDepth = new HashMap<>();
    private RuleCollector collected;

    public RuleCompiler(FieldCatalog catalog, EngineConfig config, Diagnostics diag) {
        this.catalog = catalog;
        this.config = config;
        this.diag = diag;
    }

    /** Compiles everything; returns the ruleset, or null if there were errors. */
    public RulesetImpl compile(RuleCollector col) {
        this.collected = col;
        checkPlugins(col.pluginRequirements());
        compileLists(col);
        compileMacros(col);
        List<CompiledRule> out = new ArrayList<>();
        for (RuleDef r : col.rules().values()) {
            CompiledRule c = compileRule(r, out.size());
            if (c != null) {
                out.add(c);
            }
        }
        for (MacroDef m : col.macros().values()) {
            if (!macroUsed.getOrDefault(m.name, false)) {
                diag.warning("LOAD_UNUSED_MACRO", m.location, "macro", m.name,
                        "Macro not referred to by any other rule/macro");
            }
        }
        for (ListDef l : col.lists().values()) {
            if (!listUsed.getOrDefault(l.name, false)) {
                diag.warning("LOAD_UNUSED_LIST", l.location, "list", l.name,
                        "List not referred to by any other rule/macro");
            }
        }
        if (diag.hasErrors()) {
            return null;
        }
        boolean[] enabled = new boolean[out.size()];
        for (CompiledRule r : out) {
            enabled[r.index()] = r.enabledInFile() && r.priority().isAtLeast(config.minPriority());
        }
        enabled = RulesetImpl.applySelections(out, enabled, config.selections(), config);
        Map<String, Integer> typeCounts = new HashMap<>();
        for (String s : catalog.sources()) {
            catalog.eventTypes(s).ifPresent(t -> typeCounts.put(s, t.size()));
        }
        return new RulesetImpl(out, enabled, config, typeCounts);
    }

    private void checkPlugins(List<PluginRequirement> reqs) {
        for (PluginRequirement req : reqs) {
            List<String[]> options = new ArrayList<>();
            options.add(new String[] {req.name(), req.version()});
            options.addAll(req.alternatives());
            boolean ok = false;
            List<String> found = new ArrayList<>();
            for (String[] o : options) {
                for (FieldExtractor x : catalog.extractors()) {
                    String have = x.falcoPlugins().get(o[0]);
                    if (have != null) {
                        int[] hv = Semver.parse(have);
                        if (hv != null && Semver.compatible(hv, Semver.parse(o[1]))) {
                            ok = true;
                        } else {
                            found.add(o[0] + " " + have + " (from extractor '" + x.name() + "')");
                        }
                    }
                }
            }
            if (!ok) {
                StringBuilder msg = new StringBuilder("Plugin '" + req.name() + "' version " + req.version());
                if (!req.alternatives().isEmpty()) {
                    msg.append(" (or an alternative:");
                    for (String[] a : req.alternatives()) {
                        msg.append(' ').append(a[0]).append(' ').append(a[1]);
                    }
                    msg.append(')');
                }
                msg.append(" is required by this rules file, but ");
                msg.append(found.isEmpty() ? "no installed Vigil bundle provides it"
                        : "only incompatible versions are installed: " + String.join(", ", found));
                msg.append("; install the bundle that provides its fields");
                if (config.missingFieldsDisable()) {
                    diag.warning("LOAD_UNKNOWN_FILTER", req.location(), "required_plugin_versions", req.name(), msg.toString());
                } else {
                    diag.error("LOAD_ERR_VALIDATE", req.location(), "required_plugin_versions", req.name(), msg.toString());
                }
            }
        }
    }

    private void compileLists(RuleCollector col) {
        for (ListDef l : col.lists().values()) {
            List<String> items = new ArrayList<>();
            for (String item : l.items) {
                List<String> ref = lists.get(item);
                if (ref != null) {
                    listUsed.put(item, true);
                    items.addAll(ref);
                } else {
                    items.add(item);
                }
            }
            lists.put(l.name, items);
            listIndex.put(l.name, listIndex.size());
        }
    }

    private static boolean isDelim(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' || c == ',' || c == '=';
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static String quoteItem(String e) {
        if (e.indexOf(' ') >= 0 && !e.isEmpty() && e.charAt(0) != '"' && e.charAt(0) != '\'') {
            return '"' + e + '"';
        }
        return e;
    }

    /**
     * Falco substitutes lists into the condition text before parsing, wherever a list name
     * stands as a whole word (between blanks, parentheses, commas or '='), processing lists in
     * definition order. This does the same in one pass over the words of the condition; an item
     * that names a list defined later is expanded too, as Falco's later passes would. As an
     * extension, {@code in my_list} without parentheses gets them.
     */
    String substituteLists(String cond) {
        if (lists.isEmpty()) {
            return cond;
        }
        StringBuilder out = new StringBuilder(cond.length() + 16);
        int n = cond.length();
        int i = 0;
        while (i < n) {
            char c = cond.charAt(i);
            if (isDelim(c)) {
                out.append(c);
                i++;
                continue;
            }
            int j = i;
            while (j < n && !isDelim(cond.charAt(j))) {
                j++;
            }
            String tok = cond.substring(i, j);
            Integer idx = listIndex.get(tok);
            if (idx == null) {
                out.append(tok);
                i = j;
                continue;
            }
            StringBuilder sub = new StringBuilder();
            appendItems(tok, idx, sub, 0);
            int len = out.length();
            while (len > 0 && isBlank(out.charAt(len - 1))) {
                len--;
            }
            out.setLength(len);
            int k = j;
            while (k < n && isBlank(cond.charAt(k))) {
                k++;
            }
            if (sub.length() == 0) {
                if (len > 0 && out.charAt(len - 1) == ',') {
                    out.setLength(len - 1);
                } else if (k < n && cond.charAt(k) == ',') {
                    k++;
                }
            }
            String before = out.toString();
            boolean bareListOp = before.endsWith(" in") || before.endsWith(" intersects") || before.endsWith(" pmatch")
                    || before.endsWith(" oneof") || before.endsWith(" anyof") || before.endsWith(" allof");
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(bareListOp ? "(" + sub + ")" : sub).append(' ');
            i = k;
        }
        return out.toString();
    }

    private void appendItems(String list, int index, StringBuilder sub, int depth) {
        listUsed.put(list, true);
        for (String v : lists.get(list)) {
            Integer later = listIndex.get(v);
            if (later != null && later > index && depth < 64) {
                appendItems(v, later, sub, depth + 1);
                continue;
            }
            if (sub.length() > 0) {
                sub.append(", ");
            }
            sub.append(quoteItem(v));
        }
    }

    private void compileMacros(RuleCollector col) {
        Map<String, Expr> parsed = new LinkedHashMap<>();
        for (MacroDef m : col.macros().values()) {
            try {
                parsed.put(m.name, ConditionParser.parse(substituteLists(m.condition)));
            } catch (ConditionSyntaxException e) {
                diag.error("LOAD_ERR_COMPILE_CONDITION", m.conditionLocation, "macro", m.name,
                        syntaxMessage(e, m.condition));
            }
        }
        for (MacroDef m : col.macros().values()) {
            Expr e = parsed.get(m.name);
            if (e == null) {
                continue;
            }
            try {
                // a macro sees the macros defined before its last definition or append
                java.util.Set<String> visible = new java.util.HashSet<>();
                for (MacroDef x : col.macros().values()) {
                    if (x.index < m.visibility) {
                        visible.add(x.name);
                    }
                }
                java.util.ArrayDeque<String> path = new java.util.ArrayDeque<>();
                path.push(m.name);
                Expr expanded = expandMacro(e, visible, parsed, path, 0);
                macros.put(m.name, expanded);
                macroDepth.put(m.name, depth(expanded));
            } catch (CompileException ex) {
                diag.error("LOAD_ERR_COMPILE_CONDITION", locate(ex.word(), m.conditionSpans, m.conditionLocation),
                        "macro", m.name, ex.getMessage());
            }
        }
    }

    /**
     * Expands the macro references of a macro's condition as Falco's macro resolver does: a
     * visible macro processed earlier contributes its expanded condition, one not processed yet
     * (visible through an append) its parsed condition, expanded in turn with the same visible
     * set; meeting a macro already being expanded is a reference loop.
     */
    private Expr expandMacro(Expr e, java.util.Set<String> visible, Map<String, Expr> parsed,
            java.util.ArrayDeque<String> path, int depth) throws CompileException {
        if (depth > MAX_EXPANDED_DEPTH) {
            throw new CompileException("condition nested more than " + MAX_EXPANDED_DEPTH
                    + " levels deep after macro expansion", false);
        }
        if (e instanceof MacroRef m) {
            if (!visible.contains(m.name()) || !parsed.containsKey(m.name())) {
                throw new CompileException("Undefined macro '" + m.name() + "' used in filter.", false, m.name());
            }
            if (path.contains(m.name())) {
                throw new CompileException("reference loop in macro '" + m.name() + "'", false, m.name());
            }
            macroUsed.put(m.name(), true);
            Expr done = macros.get(m.name());
            if (done != null) {
                if (depth + macroDepth.getOrDefault(m.name(), 0) > MAX_EXPANDED_DEPTH) {
                    throw new CompileException("condition nested more than " + MAX_EXPANDED_DEPTH
                            + " levels deep after macro expansion (through macro '" + m.name() + "')", false);
                }
                return done;
            }
            path.push(m.name());
            try {
                return expandMacro(parsed.get(m.name()), visible, parsed, path, depth + 1);
            } finally {
                path.pop();
            }
        }
        if (e instanceof And a) {
            List<Expr> c = new ArrayList<>();
            for (Expr x : a.children()) {
                c.add(expandMacro(x, visible, parsed, path, depth + 1));
            }
            return new And(c);
        }
        if (e instanceof Or o) {
            List<Expr> c = new ArrayList<>();
            for (Expr x : o.children()) {
                c.add(expandMacro(x, visible, parsed, path, depth + 1));
            }
            return new Or(c);
        }
        if (e instanceof Not n) {
            return new Not(expandMacro(n.child(), visible, parsed, path, depth + 1));
        }
        return e;
    }

    private static String syntaxMessage(ConditionSyntaxException e, String cond) {
        int at = Math.min(Math.max(e.offset(), 0), cond.length());
        int from = Math.max(0, at - 20);
        int to = Math.min(cond.length(), at + 20);
        return e.getMessage() + " (at character " + (at + 1) + " of the condition: '"
                + cond.substring(from, to).replace('\n', ' ') + "')";
    }

    private Expr expand(Expr e, Map<String, Expr> visible, int depth) throws CompileException {
        if (depth > MAX_EXPANDED_DEPTH) {
            throw new CompileException("condition nested more than " + MAX_EXPANDED_DEPTH
                    + " levels deep after macro expansion", false);
        }
        if (e instanceof MacroRef m) {
            Expr body = visible.get(m.name());
            if (body == null) {
                throw new CompileException("Undefined macro '" + m.name() + "' used in filter.", false, m.name());
            }
            if (depth + macroDepth.getOrDefault(m.name(), 0) > MAX_EXPANDED_DEPTH) {
                throw new CompileException("condition nested more than " + MAX_EXPANDED_DEPTH
                        + " levels deep after macro expansion (through macro '" + m.name() + "')", false);
            }
            macroUsed.put(m.name(), true);
            return body;
        }
        if (e instanceof And a) {
            List<Expr> c = new ArrayList<>();
            for (Expr x : a.children()) {
                c.add(expand(x, visible, depth + 1));
            }
            return new And(c);
        }
        if (e instanceof Or o) {
            List<Expr> c = new ArrayList<>();
            for (Expr x : o.children()) {
                c.add(expand(x, visible, depth + 1));
            }
            return new Or(c);
        }
        if (e instanceof Not n) {
            return new Not(expand(n.child(), visible, depth + 1));
        }
        return e;
    }

    /** Tree depth, computed without recursion so that it is safe on any tree the expander built. */
    private static int depth(Expr root) {
        int max = 0;
        java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
        stack.push(new Object[] {root, 1});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Expr e = (Expr) top[0];
            int d = (Integer) top[1];
            max = Math.max(max, d);
            if (e instanceof And a) {
                a.children().forEach(c -> stack.push(new Object[] {c, d + 1}));
            } else if (e instanceof Or o) {
                o.children().forEach(c -> stack.push(new Object[] {c, d + 1}));
            } else if (e instanceof Not n) {
                stack.push(new Object[] {n.child(), d + 1});
            }
        }
        return max;
    }

    private FieldResolver resolver(String source) {
        // one clock per source: sources may be evaluated on different threads
        return resolvers.computeIfAbsent(source, s -> new FieldResolver(catalog, s,
                clocks.computeIfAbsent(s, k -> new io.vigil.engine.internal.eval.EvalClock())));
    }

    private CompiledRule compileRule(RuleDef r, int index) {
        if (!catalog.sources().contains(r.source)) {
            diag.warning("LOAD_UNKNOWN_SOURCE", r.location, "rule", r.name, "Unknown source " + r.source
                    + ", skipping (no installed Vigil bundle provides events or fields of this source)");
            return null;
        }
        Location condAt = r.conditionLocation != null ? r.conditionLocation : r.location;
        Expr ast;
        try {
            ast = ConditionParser.parse(substituteLists(r.condition));
        } catch (ConditionSyntaxException e) {
            diag.error("LOAD_ERR_COMPILE_CONDITION", condAt, "rule", r.name, syntaxMessage(e, r.condition));
            return null;
        }
        FieldResolver fields = resolver(r.source);
        EventTypes types = catalog.eventTypes(r.source).orElse(null);
        List<String> warnings = new ArrayList<>();
        ConditionCompiler cc = new ConditionCompiler(fields, types, warnings::add);
        Filter filter;
        OutputFormat output;
        Expr expanded;
        try {
            expanded = expand(ast, macros, 0);
            expanded = withExceptions(expanded, r);
            filter = cc.compile(expanded);
        } catch (CompileException e) {
            unknownOr(e, r, locate(e.word(), r, condAt), "LOAD_ERR_COMPILE_CONDITION");
            return null;
        } catch (LoadFailure f) {
            diag.error("LOAD_ERR_VALIDATE", f.at, "rule", r.name, f.getMessage());
            return null;
        }
        try {
            output = OutputFormat.compile(r.output, cc);
        } catch (CompileException e) {
            unknownOr(e, r, r.outputLocation != null ? r.outputLocation : r.location, "LOAD_ERR_COMPILE_OUTPUT");
            return null;
        }
        java.util.Set<String> warned = new java.util.HashSet<>();
        for (String w : warnings) {
            int colon = w.indexOf(':');
            // like Falco, one warning of each kind per rule
            if (warned.add(w.substring(0, colon))) {
                diag.warning(w.substring(0, colon), condAt, "rule", r.name, w.substring(colon + 1));
            }
        }
        BitSet evttypes = null;
        List<String> typeNames = List.of();
        if (types != null) {
            BitSet b = ConditionCompiler.eventTypes(expanded, types, false);
            BitSet all = new BitSet(types.size());
            all.set(0, types.size());
            if (!b.equals(all)) {
                evttypes = b;
                java.util.TreeSet<String> names = new java.util.TreeSet<>();
                for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
                    String n = types.name(i);
                    if (n != null) {
                        names.add(n);
                    }
                }
                typeNames = List.copyOf(names);
            }
        }
        if (r.warnEvttypes && "syscall".equals(r.source) && tooManyEventTypes(expanded)) {
            diag.warning("LOAD_NO_EVTTYPE", condAt, "rule", r.name, "Rule matches too many evt.type values. "
                    + "This has a significant performance penalty; add an evt.type restriction such as "
                    + "'evt.type in (open, openat)' to the condition");
        }
        List<ExtraOutput> extras = new ArrayList<>();
        for (EngineConfig.AppendOutput ao : config.appendOutputs()) {
            if ((ao.source() == null || ao.source().equals(r.source)) && (ao.tag() == null || r.tags.contains(ao.tag()))
                    && (ao.rule() == null || ao.rule().equals(r.name))) {
                try {
                    OutputFormat text = ao.extraOutput() == null || ao.extraOutput().isEmpty() ? null
                            : OutputFormat.compile(ao.extraOutput(), cc);
                    Map<String, Object> extraFields = new LinkedHashMap<>();
                    for (Map.Entry<String, String> f : ao.extraFields().entrySet()) {
                        String v = f.getValue();
                        extraFields.put(f.getKey(), v != null && v.contains("%") ? OutputFormat.compile(v, cc) : v);
                    }
                    extras.add(new ExtraOutput(text, extraFields));
                } catch (CompileException e) {
                    diag.error("LOAD_ERR_COMPILE_OUTPUT", r.location, "rule", r.name,
                            "append_output: " + e.getMessage());
                }
            }
        }
        return new CompiledRule(index, r.name, r.source, r.priority, r.enabled, List.copyOf(r.tags), r.desc,
                AstPrinter.print(expanded), filter, output, evttypes, typeNames, extras, clocks.get(r.source));
    }

    /**
     * Where {@code word} is written: in the rule's condition, else in a macro or list it came
     * from through expansion; {@code fallback} (the condition's start) if it is not found.
     */
    private Location locate(String word, RuleDef r, Location fallback) {
        return locate(word, r.conditionSpans, fallback);
    }

    /** Where {@code word} is written: in {@code own} first, else in any macro or list. */
    private Location locate(String word, List<SourceSpan> own, Location fallback) {
        if (word == null) {
            return fallback;
        }
        List<SourceSpan> spans = new ArrayList<>(own);
        if (collected != null) {
            collected.macros().values().forEach(m -> spans.addAll(m.conditionSpans));
            collected.lists().values().forEach(l -> spans.addAll(l.itemSpans));
        }
        for (SourceSpan s : spans) {
            Location at = s.find(word);
            if (at != null) {
                return at;
            }
        }
        return fallback;
    }

    /**
     * Falco's test for LOAD_NO_EVTTYPE, on syscall rules only: the condition can match more than
     * 100 of libsinsp's event codes. Counted over Falco's event names, two codes (enter and exit)
     * per name, so that the answer does not depend on which syscalls Vigil's probe captures:
     * a rule without evt.type, or with only evt.type != x, warns; 'evt.type in (open, openat)'
     * does not; a condition that can match nothing does not either.
     */
    private static boolean tooManyEventTypes(Expr condition) {
        return ConditionCompiler.eventTypes(condition, FalcoEventNames.TABLE, false).cardinality() * 2 > 100;
    }

    private void unknownOr(CompileException e, RuleDef r, Location at, String code) {
        if (e.unknownField() && r.skipIfUnknownFilter) {
            diag.warning("LOAD_UNKNOWN_FILTER", at, "rule", r.name, e.getMessage()
                    + "; the rule is skipped (skip-if-unknown-filter: true)");
        } else if (e.unknownField() && config.missingFieldsDisable()
                && !e.getMessage().startsWith("unknown event type")) {
            // a missing plugin may bring a field later; an event type name Falco does not know is a typo
            diag.warning("LOAD_UNKNOWN_FILTER", at, "rule", r.name, e.getMessage() + "; the rule is disabled until "
                    + "a plugin provides the field");
        } else {
            diag.error(code, at, "rule", r.name, e.getMessage());
        }
    }

    /** A structural problem in a rule's exceptions. */
    private static final class LoadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Location at;

        LoadFailure(String msg, Location at) {
            super(msg);
            this.at = at;
        }
    }

    private static final java.util.Set<String> OPERATORS = java.util.Set.of("=", "==", "!=", "<", "<=", ">", ">=",
            "contains", "icontains", "bcontains", "startswith", "bstartswith", "endswith", "glob", "iglob", "regex",
            "in", "intersects", "pmatch", "exists");

    /** String operators that take a oneof/anyof/allof modifier in libsinsp's grammar. */
    private static final java.util.Set<String> MODIFIABLE = java.util.Set.of("=", "==", "!=", "contains", "icontains",
            "bcontains", "startswith", "bstartswith", "endswith", "glob", "iglob", "regex");

    /** True for a comp such as {@code startswith oneof}: Falco's is_str_operator_with_modifier. */
    private static boolean withModifier(String comp) {
        String[] p = comp.trim().split("\\s+");
        return p.length == 2 && MODIFIABLE.contains(p[0]) && List.of("oneof", "anyof", "allof").contains(p[1]);
    }

    /** Exceptions as Falco builds them: {@code (cond) and not (f in (v...)) and not ((a = x and b = y) or ...)}. */
    private Expr withExceptions(Expr cond, RuleDef r) {
        List<Expr> parts = new ArrayList<>();
        parts.add(cond);
        for (ExceptionDef ex : r.exceptions) {
            List<String> comps = ex.comps;
            if (ex.fieldsIsList) {
                if (comps == null) {
                    comps = new ArrayList<>();
                    for (int i = 0; i < ex.fields.size(); i++) {
                        comps.add("=");
                    }
                } else if (!ex.compsIsList) {
                    throw new LoadFailure("Rule exception '" + ex.name + "': fields and comps must both be lists", ex.location);
                }
                if (comps.size() != ex.fields.size()) {
                    throw new LoadFailure("Rule exception '" + ex.name + "': fields and comps lists must have equal length",
                            ex.location);
                }
            } else {
                if (comps == null) {
                    comps = List.of("in");
                } else if (ex.compsIsList) {
                    throw new LoadFailure("Rule exception '" + ex.name + "': fields and comps must both be strings", ex.location);
                }
                String c0 = comps.get(0).trim();
                if (!c0.equals("in") && !c0.equals("pmatch") && !c0.equals("intersects") && !withModifier(c0)) {
                    throw new LoadFailure("Rule exception '" + ex.name + "': when fields is a single value, comps "
                            + "must be one of (in, pmatch, intersects) or a modifier operator (e.g. startswith oneof)",
                            ex.location);
                }
            }
            for (String c : comps) {
                String[] parts2 = c.trim().split("\\s+");
                if (parts2.length > 1 ? !withModifier(c.trim()) : !OPERATORS.contains(parts2[0])) {
                    throw new LoadFailure("Rule exception '" + ex.name + "': comp '" + c + "' is not a supported "
                            + "operator", ex.location);
                }
            }
            for (String f : ex.fields) {
                exceptionField(f, ex, r); // Falco validates the fields even of an exception without values
            }
            if (ex.values.isEmpty()) {
                continue;
            }
            if (!ex.fieldsIsList) {
                List<Scalar> items = new ArrayList<>();
                for (List<ExceptionValue> tuple : ex.values) {
                    if (tuple.size() != 1 || tuple.get(0).isList()) {
                        throw new LoadFailure("Rule exception '" + ex.name + "': expected values array to contain a "
                                + "list of strings", ex.location);
                    }
                    items.addAll(expandItem(tuple.get(0).item()));
                }
                parts.add(new Not(check(exceptionField(ex.fields.get(0), ex, r), comps.get(0), new ListValue(items))));
            } else {
                List<Expr> ors = new ArrayList<>();
                for (List<ExceptionValue> tuple : ex.values) {
                    if (tuple.size() != ex.fields.size()) {
                        throw new LoadFailure("Rule exception '" + ex.name + "': fields and values lists must have "
                                + "equal length", ex.location);
                    }
                    List<Expr> ands = new ArrayList<>();
                    for (int k = 0; k < tuple.size(); k++) {
                        String comp = comps.get(k);
                        ExceptionValue v = tuple.get(k);
                        boolean listComp = List.of("in", "intersects", "pmatch").contains(comp) || comp.contains(" ");
                        Ast.Value value;
                        if (v.isList()) {
                            List<Scalar> items = new ArrayList<>();
                            for (String s : v.items()) {
                                items.addAll(expandItem(s));
                            }
                            value = new ListValue(items);
                        } else if (listComp) {
                            value = new ListValue(expandItem(v.item()));
                        } else {
                            value = new Scalar(unquote(v.item()), false);
                        }
                        ands.add(check(exceptionField(ex.fields.get(k), ex, r), comp, value));
                    }
                    ors.add(ands.size() == 1 ? ands.get(0) : new And(ands));
                }
                parts.add(new Not(ors.size() == 1 ? ors.get(0) : new Or(ors)));
            }
        }
        return parts.size() == 1 ? cond : new And(parts);
    }

    /** An exception value naming a list stands for the list's items. */
    private List<Scalar> expandItem(String v) {
        List<String> l = lists.get(v);
        List<Scalar> out = new ArrayList<>();
        if (l != null) {
            listUsed.put(v, true);
            for (String s : l) {
                out.add(new Scalar(unquote(s), false));
            }
        } else {
            out.add(new Scalar(unquote(v), false));
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            try {
                return Escaping.unescape(v);
            } catch (IllegalArgumentException e) {
                return v;
            }
        }
        return v;
    }

    /**
     * An exception field as Falco's collector validates it: a field, possibly inside
     * transformers (tolower(proc.name)), that parses as the left side of a check and, if plain,
     * is known to the rule's source; otherwise "'x' is not a supported filter field".
     */
    private Ast.Operand exceptionField(String field, ExceptionDef ex, RuleDef r) {
        Ast.Operand left = null;
        try {
            if (ConditionParser.parse(field.trim() + " exists") instanceof Check c) {
                left = c.left();
            }
        } catch (ConditionSyntaxException e) {
            left = null;
        }
        boolean unknown = left instanceof FieldOp f && resolver(r.source).resolve(f.text()).isEmpty();
        // Vigil's missing-fields mode leaves unknown fields to the compiler, which disables the rule
        if (left == null || (unknown && !config.missingFieldsDisable())) {
            String hint = left instanceof FieldOp f ? resolver(r.source).suggest(f.name()) : null;
            throw new LoadFailure("Rule exception '" + ex.name + "': '" + field + "' is not a supported filter field"
                    + (hint != null ? " (did you mean '" + hint + "'?)" : ""), ex.location);
        }
        return left;
    }

    private static Check check(Ast.Operand left, String comp, Ast.Value value) {
        String[] p = comp.trim().split("\\s+");
        if (!(value instanceof ListValue) || p.length > 1 || List.of("in", "intersects", "pmatch").contains(p[0])) {
            return new Check(left, p[0], p.length > 1 ? p[1] : null, value, 0);
        }
        return new Check(left, p[0], null, value, 0);
    }

    Optional<Expr> macro(String name) {
        return Optional.ofNullable(macros.get(name));
    }
}
