package io.vigil.engine.internal.load;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import io.vigil.engine.api.RuleFile;
import io.vigil.engine.internal.load.Items.ExceptionDef;
import io.vigil.engine.internal.load.Items.ExceptionValue;
import io.vigil.engine.internal.load.Items.ListDef;
import io.vigil.engine.internal.load.Items.MacroDef;
import io.vigil.engine.internal.load.Items.PluginRequirement;
import io.vigil.engine.internal.load.Items.RuleDef;
import io.vigil.engine.internal.load.YamlNodes.Ctx;
import io.vigil.sdk.Priority;

/**
 * Reads one rules file into the collector, item by item, as Falco's rule reader does: the
 * first error stops the file; unknown keys and deprecated forms are warnings.
 */
public final class RuleFileReader {

    /** The version of Falco's rule language implemented; a file requiring more is rejected. */
    public static final String ENGINE_VERSION = "0.63.0";

    private static final Pattern BARESTR = Pattern.compile("[^ \b\t\n\r(),=\"']+");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z]+[a-zA-Z0-9_]*");
    private static final Set<String> RULE_APPEND_KEYS = Set.of("condition", "output", "desc", "tags", "exceptions");
    private static final Set<String> RULE_REPLACE_KEYS = Set.of("condition", "output", "desc", "priority", "capture",
            "capture_duration", "tags", "exceptions", "enabled", "warn_evttypes", "skip-if-unknown-filter");
    private static final List<String> RULE_KEYS = List.of("rule", "condition", "output", "desc", "priority", "source",
            "enabled", "capture", "capture_duration", "warn_evttypes", "skip-if-unknown-filter", "tags", "exceptions",
            "override", "append");

    static final String WARNING_APPEND = "'append' key is deprecated. Add an 'append' entry (e.g. "
            + "'condition: append') under 'override' instead.";
    static final String WARNING_ENABLED = "The standalone 'enabled' key usage is deprecated. The correct approach "
            + "requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').";
    static final String ERROR_OVERRIDE_APPEND = "Keys 'override' and 'append: true' cannot be used together. "
            + "Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";

    private final RuleCollector collector;
    private final Diagnostics diag;
    private YamlNodes y;
    private int[] budget;

    public RuleFileReader(RuleCollector collector, Diagnostics diagnostics) {
        this.collector = collector;
        this.diag = diagnostics;
    }

    /** Reads {@code file}; returns false if it had an error (reported to the diagnostics). */
    public boolean read(RuleFile file) {
        y = new YamlNodes(file.name(), file.content());
        if (file.content().length() > YamlNodes.MAX_CODE_POINTS) {
            // checked before parsing: the YAML scanner is slow on huge scalars and comments
            diag.error("LOAD_ERR_YAML_PARSE", new Location(file.name(), 0, 0), null, null, "The file has "
                    + file.content().length() + " characters, more than the limit of " + YamlNodes.MAX_CODE_POINTS
                    + "; split the file");
            return false;
        }
        budget = new int[] {file.content().length() + 1024};
        List<Node> docs;
        try {
            docs = YamlNodes.composeAll(file.content());
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Location at = m == null ? new Location(file.name(), 0, 0)
                    : new Location(file.name(), m.getLine() + 1, m.getColumn() + 1);
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                problem = e.getContext() + ": " + problem;
            }
            diag.error("LOAD_ERR_YAML_PARSE", at, null, null, oneLine(problem));
            return false;
        } catch (YAMLException e) {
            diag.error("LOAD_ERR_YAML_PARSE", new Location(file.name(), 0, 0), null, null,
                    oneLine(e.getMessage()) + hint(e.getMessage()));
            return false;
        } catch (StackOverflowError e) {
            diag.error("LOAD_ERR_YAML_PARSE", new Location(file.name(), 0, 0), null, null,
                    "YAML nested too deeply to read");
            return false;
        }
        for (Node doc : docs) {
            if (YamlNodes.isNull(doc)) {
                continue;
            }
            try {
                Ctx ctx = new Ctx("LOAD_ERR_YAML_VALIDATE", null, null);
                if (!(doc instanceof SequenceNode seq)) {
                    throw ctx.fail(y.at(doc), doc instanceof MappingNode
                            ? "Rules content is not yaml array of objects"
                            : "Rules content is not yaml");
                }
                for (Node item : seq.getValue()) {
                    y.spend(budget, item, ctx);
                    if (!YamlNodes.isNull(item)) {
                        readItem(item);
                    }
                }
            } catch (LoadException e) {
                diag.error(e);
                return false;
            }
        }
        return true;
    }

    private static String oneLine(String s) {
        return s == null ? "invalid YAML" : s.replace('\n', ' ').replaceAll(" +", " ").trim();
    }

    private static String hint(String msg) {
        if (msg != null && msg.contains("code points")) {
            return " (rules files are limited to " + YamlNodes.MAX_CODE_POINTS + " characters; split the file)";
        }
        if (msg != null && msg.contains("aliases")) {
            return " (rules files may use at most " + YamlNodes.MAX_ALIASES + " aliases to collections)";
        }
        return "";
    }

    private void readItem(Node node) throws LoadException {
        Ctx top = new Ctx("LOAD_ERR_YAML_VALIDATE", null, null);
        if (!(node instanceof MappingNode item)) {
            throw top.fail(y.at(node), "Unexpected element type. Each element should be a yaml associative array.");
        }
        if (YamlNodes.has(item, "required_engine_version")) {
            readEngineVersion(item);
        } else if (YamlNodes.has(item, "required_plugin_versions")) {
            readPluginVersions(item);
        } else if (YamlNodes.has(item, "list")) {
            readList(item);
        } else if (YamlNodes.has(item, "macro")) {
            readMacro(item);
        } else if (YamlNodes.has(item, "rule")) {
            readRule(item);
        } else {
            diag.warning("LOAD_UNKNOWN_ITEM", y.at(item), null, null, "Unknown top level item: expected one of "
                    + "rule, macro, list, required_engine_version, required_plugin_versions (found keys "
                    + YamlNodes.keys(item) + ")");
        }
    }

    private void warnUnknownKeys(MappingNode item, List<String> expected, String type, String name) {
        for (NodeTuple t : item.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && !expected.contains(k.getValue())) {
                diag.warning("LOAD_UNKNOWN_KEY", y.at(k), type, name, "Unknown key '" + k.getValue()
                        + "'. The key will be ignored (expected one of " + String.join(", ", expected) + ")");
            }
        }
    }

    private void readEngineVersion(MappingNode item) throws LoadException {
        Ctx ctx = new Ctx("LOAD_ERR_YAML_VALIDATE", "required_engine_version", null);
        String v = y.string(item, "required_engine_version", ctx).trim();
        int[] required;
        if (v.matches("\\d+")) {
            required = new int[] {0, Integer.parseInt(v), 0};
        } else {
            required = Semver.parse(v);
            if (required == null) {
                throw ctx.fail(y.at(YamlNodes.get(item, "required_engine_version")),
                        "Unable to parse engine version '" + v + "' as a semver string or a number");
            }
        }
        int[] mine = Semver.parse(ENGINE_VERSION);
        if (Semver.compare(mine, required) < 0) {
            throw new LoadException("LOAD_ERR_VALIDATE", "Rules require engine version " + Semver.format(required)
                    + ", but engine version is " + ENGINE_VERSION + "; use a newer Vigil or older rules",
                    y.at(item), "required_engine_version", null);
        }
        warnUnknownKeys(item, List.of("required_engine_version"), "required_engine_version", null);
    }

    private void readPluginVersions(MappingNode item) throws LoadException {
        Ctx ctx = new Ctx("LOAD_ERR_YAML_VALIDATE", "required_plugin_versions", null);
        Node v = YamlNodes.get(item, "required_plugin_versions");
        if (!(v instanceof SequenceNode seq)) {
            throw ctx.fail(y.at(v), "Value of required_plugin_versions must be a sequence");
        }
        for (Node p : seq.getValue()) {
            y.spend(budget, p, ctx);
            if (!(p instanceof MappingNode pm)) {
                throw ctx.fail(y.at(p), "Plugin version must be a mapping");
            }
            String name = y.string(pm, "name", ctx);
            String version = y.string(pm, "version", ctx);
            if (Semver.parse(version) == null) {
                throw ctx.fail(y.at(pm), "Plugin '" + name + "' has invalid version '" + version + "'");
            }
            List<String[]> alts = new ArrayList<>();
            Node an = YamlNodes.get(pm, "alternatives");
            if (an != null && !YamlNodes.isNull(an)) {
                if (!(an instanceof SequenceNode as)) {
                    throw ctx.fail(y.at(an), "Alternatives must be a sequence");
                }
                for (Node a : as.getValue()) {
                    y.spend(budget, a, ctx);
                    if (!(a instanceof MappingNode am)) {
                        throw ctx.fail(y.at(a), "Plugin version alternative must be a mapping");
                    }
                    String an2 = y.string(am, "name", ctx);
                    String av = y.string(am, "version", ctx);
                    if (Semver.parse(av) == null) {
                        throw ctx.fail(y.at(am), "Plugin '" + an2 + "' has invalid version '" + av + "'");
                    }
                    alts.add(new String[] {an2, av});
                }
            }
            collector.requirePlugin(new PluginRequirement(name, version, alts, y.at(pm)));
        }
        warnUnknownKeys(item, List.of("required_plugin_versions"), "required_plugin_versions", null);
    }

    /** Reads {@code override:} into append and replace key sets, checking them as Falco does. */
    private void readOverrides(MappingNode item, Set<String> appendable, Set<String> replaceable,
            Set<String> append, Set<String> replace, Ctx ctx) throws LoadException {
        Node ov = YamlNodes.get(item, "override");
        if (ov == null) {
            return;
        }
        if (!(ov instanceof MappingNode om)) {
            throw ctx.fail(y.at(ov), "Value of 'override' must be a mapping of keys to 'append' or 'replace'");
        }
        for (NodeTuple t : om.getValue()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            String op = t.getValueNode() instanceof ScalarNode s ? s.getValue() : "";
            Location at = y.at(t.getValueNode());
            if (op.equals("append")) {
                if (!appendable.contains(key)) {
                    throw ctx.fail(at, "Key '" + key + "' cannot be appended to, use 'replace' instead");
                }
                append.add(key);
            } else if (op.equals("replace")) {
                if (!replaceable.contains(key)) {
                    throw ctx.fail(at, "Key '" + key + "' cannot be replaced");
                }
                replace.add(key);
            } else {
                throw ctx.fail(at, "Invalid override operation for key '" + key + "': '" + op
                        + "'. Allowed values are: append, replace");
            }
        }
        for (String k : append) {
            if (!YamlNodes.has(item, k)) {
                throw ctx.fail(y.at(ov), "An append override for '" + k + "' was specified but '" + k
                        + "' is not defined");
            }
        }
        for (String k : replace) {
            if (!YamlNodes.has(item, k)) {
                throw ctx.fail(y.at(ov), "A replace override for '" + k + "' was specified but '" + k
                        + "' is not defined");
            }
        }
    }

    private void readList(MappingNode item) throws LoadException {
        Ctx tmp = new Ctx("LOAD_ERR_YAML_VALIDATE", "list", null);
        String name = y.string(item, "list", tmp);
        Ctx ctx = new Ctx("LOAD_ERR_YAML_VALIDATE", "list", name);
        Location at = y.at(item);
        if (!BARESTR.matcher(name).matches()) {
            diag.warning("LOAD_INVALID_LIST_NAME", at, "list", name, "List has an invalid name. List names "
                    + "should match a regular expression: [^ \\b\\t\\n\\r(),=\"']+");
        }
        Node itemsNode = YamlNodes.get(item, "items");
        if (itemsNode == null) {
            throw ctx.fail(at, "Item has no mapping for key 'items'");
        }
        List<String> items = YamlNodes.isNull(itemsNode) ? List.of() : y.strings(itemsNode, "items", ctx, budget);
        boolean append = Boolean.TRUE.equals(y.optionalBool(item, "append", ctx));
        if (append) {
            diag.warning("LOAD_DEPRECATED_ITEM", at, "list", name, WARNING_APPEND);
        }
        Set<String> oa = new LinkedHashSet<>();
        Set<String> or = new LinkedHashSet<>();
        readOverrides(item, Set.of("items"), Set.of("items"), oa, or, ctx);
        if (append && !(oa.isEmpty() && or.isEmpty())) {
            throw ctx.fail(at, ERROR_OVERRIDE_APPEND);
        }
        append |= oa.contains("items");
        SourceSpan itemsSpan = y.span(itemsNode);
        if (append) {
            collector.appendList(name, items, at, itemsSpan);
        } else {
            ListDef l = new ListDef(name, at);
            l.items.addAll(items);
            addSpan(l.itemSpans, itemsSpan);
            collector.defineList(l);
        }
        warnUnknownKeys(item, List.of("list", "items", "append", "override"), "list", name);
    }

    private void readMacro(MappingNode item) throws LoadException {
        Ctx tmp = new Ctx("LOAD_ERR_YAML_VALIDATE", "macro", null);
        String name = y.string(item, "macro", tmp);
        Ctx ctx = new Ctx("LOAD_ERR_YAML_VALIDATE", "macro", name);
        Location at = y.at(item);
        if (!IDENTIFIER.matcher(name).matches()) {
            diag.warning("LOAD_INVALID_MACRO_NAME", at, "macro", name, "Macro has an invalid name. Macro names "
                    + "should match a regular expression: [a-zA-Z]+[a-zA-Z0-9_]*");
        }
        String cond = y.string(item, "condition", ctx);
        Location condAt = y.at(YamlNodes.get(item, "condition"));
        boolean append = Boolean.TRUE.equals(y.optionalBool(item, "append", ctx));
        if (append) {
            diag.warning("LOAD_DEPRECATED_ITEM", at, "macro", name, WARNING_APPEND);
        }
        Set<String> oa = new LinkedHashSet<>();
        Set<String> or = new LinkedHashSet<>();
        readOverrides(item, Set.of("condition"), Set.of("condition"), oa, or, ctx);
        if (append && !(oa.isEmpty() && or.isEmpty())) {
            throw ctx.fail(at, ERROR_OVERRIDE_APPEND);
        }
        append |= oa.contains("condition");
        SourceSpan condSpan = y.span(YamlNodes.get(item, "condition"));
        if (append) {
            collector.appendMacro(name, cond, at, condSpan);
        } else {
            MacroDef m = new MacroDef(name, at);
            m.condition = cond;
            m.conditionLocation = condAt;
            addSpan(m.conditionSpans, condSpan);
            collector.defineMacro(m);
        }
        warnUnknownKeys(item, List.of("macro", "condition", "append", "override"), "macro", name);
    }

    static void addSpan(java.util.List<SourceSpan> spans, SourceSpan s) {
        if (s != null) {
            spans.add(s);
        }
    }

    private Priority priority(MappingNode item, Ctx ctx) throws LoadException {
        String p = y.string(item, "priority", ctx);
        try {
            return Priority.parse(p);
        } catch (IllegalArgumentException e) {
            throw ctx.fail(y.at(YamlNodes.get(item, "priority")), "Invalid priority: " + e.getMessage());
        }
    }

    private List<String> tags(MappingNode item, Ctx ctx) throws LoadException {
        Node t = YamlNodes.get(item, "tags");
        if (t == null || YamlNodes.isNull(t)) {
            return List.of();
        }
        return y.strings(t, "tags", ctx, budget);
    }

    private void readRule(MappingNode item) throws LoadException {
        Ctx tmp = new Ctx("LOAD_ERR_YAML_VALIDATE", "rule", null);
        String name = y.string(item, "rule", tmp);
        Ctx ctx = new Ctx("LOAD_ERR_YAML_VALIDATE", "rule", name);
        Location at = y.at(item);
        String source = y.optionalString(item, "source", ctx);
        boolean appendFlag = Boolean.TRUE.equals(y.optionalBool(item, "append", ctx));
        if (appendFlag) {
            diag.warning("LOAD_DEPRECATED_ITEM", at, "rule", name, WARNING_APPEND);
        }
        Set<String> oa = new LinkedHashSet<>();
        Set<String> or = new LinkedHashSet<>();
        readOverrides(item, RULE_APPEND_KEYS, RULE_REPLACE_KEYS, oa, or, ctx);
        boolean overrides = !oa.isEmpty() || !or.isEmpty();
        if (appendFlag && overrides) {
            throw ctx.fail(at, ERROR_OVERRIDE_APPEND);
        }
        if (overrides) {
            Set<String> expected = new LinkedHashSet<>();
            for (String k : RULE_KEYS) {
                if ((RULE_APPEND_KEYS.contains(k) || RULE_REPLACE_KEYS.contains(k)) && YamlNodes.has(item, k)) {
                    expected.add(k);
                }
            }
            if (!oa.isEmpty()) {
                RuleDef prev = collector.existing(name, source, at, RuleCollector.NO_PREVIOUS_RULE_APPEND);
                for (String k : oa) {
                    expected.remove(k);
                    applyAppend(prev, item, k, ctx);
                }
            }
            if (!or.isEmpty()) {
                RuleDef prev = collector.existing(name, source, at, RuleCollector.NO_PREVIOUS_RULE_REPLACE);
                for (String k : or) {
                    expected.remove(k);
                    applyReplace(prev, item, k, ctx);
                }
            }
            for (String k : expected) {
                throw ctx.fail(y.at(y.keyNode(item, k)), "Unexpected key '" + k
                        + "': no corresponding entry under 'override' is defined.");
            }
        } else if (appendFlag) {
            RuleDef prev = collector.existing(name, source, at, RuleCollector.NO_PREVIOUS_RULE_APPEND);
            if (YamlNodes.has(item, "condition")) {
                applyAppend(prev, item, "condition", ctx);
            }
            if (YamlNodes.has(item, "exceptions")) {
                applyAppend(prev, item, "exceptions", ctx);
            }
        } else if (!YamlNodes.has(item, "condition") && !YamlNodes.has(item, "output")
                && !YamlNodes.has(item, "desc") && !YamlNodes.has(item, "priority")) {
            Boolean enabled = y.optionalBool(item, "enabled", ctx);
            if (enabled == null) {
                throw ctx.fail(at, "Item has no mapping for key 'enabled' (a rule without condition, output, "
                        + "desc and priority can only toggle 'enabled' of an existing rule)");
            }
            diag.warning("LOAD_DEPRECATED_ITEM", at, "rule", name, WARNING_ENABLED);
            RuleDef prev = collector.rules().get(name);
            if (prev == null) {
                throw new LoadException("LOAD_ERR_VALIDATE",
                        "Rule has 'enabled' key but no rule by that name already exists", at, "rule", name);
            }
            prev.enabled = enabled;
        } else {
            RuleDef r = new RuleDef(name, at);
            r.condition = y.string(item, "condition", ctx);
            r.conditionLocation = y.at(YamlNodes.get(item, "condition"));
            addSpan(r.conditionSpans, y.span(YamlNodes.get(item, "condition")));
            r.output = y.string(item, "output", ctx).trim();
            r.outputLocation = y.at(YamlNodes.get(item, "output"));
            r.desc = y.string(item, "desc", ctx);
            r.priority = priority(item, ctx);
            if (source != null && !source.isEmpty()) {
                r.source = source;
            }
            Boolean b = y.optionalBool(item, "enabled", ctx);
            r.enabled = b == null || b;
            b = y.optionalBool(item, "capture", ctx);
            r.capture = b != null && b;
            Long d = y.optionalLong(item, "capture_duration", ctx);
            r.captureDuration = d == null ? 0 : d;
            b = y.optionalBool(item, "warn_evttypes", ctx);
            r.warnEvttypes = b == null || b;
            b = y.optionalBool(item, "skip-if-unknown-filter", ctx);
            r.skipIfUnknownFilter = b != null && b;
            r.tags.addAll(tags(item, ctx));
            r.exceptions.addAll(exceptions(item, ctx, false, name));
            collector.defineRule(r);
        }
        warnUnknownKeys(item, RULE_KEYS, "rule", name);
    }

    private void applyAppend(RuleDef prev, MappingNode item, String key, Ctx ctx) throws LoadException {
        switch (key) {
            case "condition" -> {
                prev.condition = prev.condition + " " + y.string(item, "condition", ctx);
                addSpan(prev.conditionSpans, y.span(YamlNodes.get(item, "condition")));
            }
            case "output" -> prev.output = prev.output + " " + y.string(item, "output", ctx).trim();
            case "desc" -> prev.desc = prev.desc + " " + y.string(item, "desc", ctx);
            case "tags" -> prev.tags.addAll(tags(item, ctx));
            case "exceptions" -> collector.appendExceptions(prev, exceptions(item, ctx, true, prev.name), y.at(item));
            default -> throw ctx.fail(y.at(item), "Key '" + key + "' cannot be appended to");
        }
    }

    private void applyReplace(RuleDef prev, MappingNode item, String key, Ctx ctx) throws LoadException {
        switch (key) {
            case "condition" -> {
                prev.condition = y.string(item, "condition", ctx);
                prev.conditionLocation = y.at(YamlNodes.get(item, "condition"));
                prev.conditionSpans.clear();
                addSpan(prev.conditionSpans, y.span(YamlNodes.get(item, "condition")));
            }
            case "output" -> {
                prev.output = y.string(item, "output", ctx).trim();
                prev.outputLocation = y.at(YamlNodes.get(item, "output"));
            }
            case "desc" -> prev.desc = y.string(item, "desc", ctx);
            case "priority" -> prev.priority = priority(item, ctx);
            case "tags" -> prev.tags = new LinkedHashSet<>(tags(item, ctx));
            case "exceptions" -> prev.exceptions = new ArrayList<>(exceptions(item, ctx, false, prev.name));
            case "enabled" -> prev.enabled = Boolean.TRUE.equals(y.optionalBool(item, "enabled", ctx));
            case "warn_evttypes" -> prev.warnEvttypes = Boolean.TRUE.equals(y.optionalBool(item, key, ctx));
            case "skip-if-unknown-filter" ->
                prev.skipIfUnknownFilter = Boolean.TRUE.equals(y.optionalBool(item, key, ctx));
            case "capture" -> prev.capture = Boolean.TRUE.equals(y.optionalBool(item, key, ctx));
            case "capture_duration" -> {
                Long d = y.optionalLong(item, key, ctx);
                prev.captureDuration = d == null ? 0 : d;
            }
            default -> throw ctx.fail(y.at(item), "Key '" + key + "' cannot be replaced");
        }
    }

    private List<ExceptionDef> exceptions(MappingNode item, Ctx ctx, boolean append, String rule)
            throws LoadException {
        Node exs = YamlNodes.get(item, "exceptions");
        if (exs == null || YamlNodes.isNull(exs)) {
            return List.of();
        }
        if (!(exs instanceof SequenceNode seq)) {
            throw ctx.fail(y.at(exs), "Rule exceptions must be a sequence");
        }
        List<ExceptionDef> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Node n : seq.getValue()) {
            y.spend(budget, n, ctx);
            if (!(n instanceof MappingNode ex)) {
                throw ctx.fail(y.at(n), "Rule exception must be a mapping");
            }
            Location at = y.at(ex);
            String name = y.string(ex, "name", ctx);
            if (!names.add(name)) {
                diag.warning("LOAD_EXCEPTION_NAME_NOT_UNIQUE", at, "rule", rule, "Multiple definitions of "
                        + "exception '" + name + "' in the same rule; give each exception a unique name");
            }
            ExceptionDef d = new ExceptionDef(name, at);
            Node fields = YamlNodes.get(ex, "fields");
            if (fields != null && !YamlNodes.isNull(fields)) {
                if (fields instanceof ScalarNode s) {
                    d.fields = List.of(s.getValue());
                } else {
                    d.fields = y.strings(fields, "fields", ctx, budget);
                    d.fieldsIsList = true;
                }
            } else if (!append) {
                throw ctx.fail(at, "Item has no mapping for key 'fields' in exception '" + name + "'");
            }
            Node comps = YamlNodes.get(ex, "comps");
            if (comps != null && !YamlNodes.isNull(comps)) {
                if (comps instanceof ScalarNode s) {
                    d.comps = List.of(s.getValue());
                } else {
                    d.comps = y.strings(comps, "comps", ctx, budget);
                    d.compsIsList = true;
                }
            }
            Node values = YamlNodes.get(ex, "values");
            if (values != null && !YamlNodes.isNull(values)) {
                if (!(values instanceof SequenceNode vs)) {
                    throw ctx.fail(y.at(values), "Rule exception values must be a sequence");
                }
                for (Node v : vs.getValue()) {
                    y.spend(budget, v, ctx);
                    if (v instanceof ScalarNode s) {
                        d.values.add(List.of(new ExceptionValue(s.getValue(), null)));
                    } else if (v instanceof SequenceNode tuple) {
                        List<ExceptionValue> t = new ArrayList<>();
                        for (Node e : tuple.getValue()) {
                            y.spend(budget, e, ctx);
                            if (e instanceof ScalarNode es) {
                                t.add(new ExceptionValue(es.getValue(), null));
                            } else if (e instanceof SequenceNode) {
                                t.add(new ExceptionValue(null, y.strings(e, "values", ctx, budget)));
                            } else {
                                throw ctx.fail(y.at(e), "Exception value must be a scalar or a sequence");
                            }
                        }
                        d.values.add(t);
                    } else {
                        throw ctx.fail(y.at(v), "Exception values must be scalars or sequences");
                    }
                }
            } else if (append) {
                diag.warning("LOAD_APPEND_NO_VALUES", at, "rule", rule, "Overriding/appending exception '" + name
                        + "' with no values has no effect; add 'values'");
            }
            for (NodeTuple t : ex.getValue()) {
                String k = ((ScalarNode) t.getKeyNode()).getValue();
                if (!List.of("name", "fields", "comps", "values").contains(k)) {
                    diag.warning("LOAD_UNKNOWN_KEY", y.at(t.getKeyNode()), "rule", rule, "Unknown key '" + k
                            + "' in exception '" + name + "'. The key will be ignored");
                }
            }
            out.add(d);
        }
        return out;
    }
}
