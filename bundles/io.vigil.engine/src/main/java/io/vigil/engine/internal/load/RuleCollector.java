package io.vigil.engine.internal.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.engine.internal.load.Items.ExceptionDef;
import io.vigil.engine.internal.load.Items.ListDef;
import io.vigil.engine.internal.load.Items.MacroDef;
import io.vigil.engine.internal.load.Items.PluginRequirement;
import io.vigil.engine.internal.load.Items.RuleDef;

/**
 * Gathers items across files with Falco's define, append, replace and enable semantics. A
 * redefinition replaces the item in its original position.
 */
public final class RuleCollector {

    static final String NO_PREVIOUS_LIST =
            "List uses 'append' or 'override.items: append' but no list by that name already exists";
    static final String NO_PREVIOUS_MACRO =
            "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists";
    static final String NO_PREVIOUS_RULE_APPEND =
            "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists";
    static final String NO_PREVIOUS_RULE_REPLACE =
            "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists";

    private final Map<String, ListDef> lists = new LinkedHashMap<>();
    private final Map<String, MacroDef> macros = new LinkedHashMap<>();
    private int macroCounter;
    private final Map<String, RuleDef> rules = new LinkedHashMap<>();
    private final List<PluginRequirement> plugins = new ArrayList<>();
    private final Diagnostics diagnostics;

    public RuleCollector(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    public Map<String, ListDef> lists() {
        return lists;
    }

    public Map<String, MacroDef> macros() {
        return macros;
    }

    public Map<String, RuleDef> rules() {
        return rules;
    }

    public List<PluginRequirement> pluginRequirements() {
        return plugins;
    }

    void requirePlugin(PluginRequirement r) {
        plugins.add(r);
    }

    void defineList(ListDef l) {
        lists.put(l.name, l); // LinkedHashMap keeps the first insertion position on replace
    }

    void appendList(String name, List<String> items, Location at, SourceSpan span) throws LoadException {
        ListDef prev = lists.get(name);
        if (prev == null) {
            throw new LoadException("LOAD_ERR_VALIDATE", NO_PREVIOUS_LIST, at, "list", name);
        }
        prev.items.addAll(items);
        RuleFileReader.addSpan(prev.itemSpans, span);
    }

    void defineMacro(MacroDef m) {
        // Falco: a redefinition keeps the first definition's position (index) but, like an
        // append, moves the macro's visibility to this point of the files
        MacroDef prev = macros.get(m.name);
        m.index = prev != null ? prev.index : macroCounter;
        m.visibility = macroCounter++;
        macros.put(m.name, m);
    }

    void appendMacro(String name, String condition, Location at, SourceSpan span) throws LoadException {
        MacroDef prev = macros.get(name);
        if (prev == null) {
            throw new LoadException("LOAD_ERR_VALIDATE", NO_PREVIOUS_MACRO, at, "macro", name);
        }
        prev.condition = prev.condition + " " + condition;
        prev.visibility = macroCounter++;
        RuleFileReader.addSpan(prev.conditionSpans, span);
    }

    void defineRule(RuleDef r) throws LoadException {
        RuleDef prev = rules.get(r.name);
        if (prev != null && !prev.source.equals(r.source)) {
            throw new LoadException("LOAD_ERR_VALIDATE", "Rule has been re-defined with a different source ('"
                    + r.source + "' instead of '" + prev.source + "'); give the new rule another name",
                    r.location, "rule", r.name);
        }
        rules.put(r.name, r);
    }

    RuleDef existing(String name, String source, Location at, String missingMessage) throws LoadException {
        RuleDef prev = rules.get(name);
        if (prev == null) {
            throw new LoadException("LOAD_ERR_VALIDATE", missingMessage, at, "rule", name);
        }
        if (source != null && !source.isEmpty() && !source.equals(prev.source)) {
            throw new LoadException("LOAD_ERR_VALIDATE", "Rule '" + name + "' has source '" + prev.source
                    + "' but the update names source '" + source + "'", at, "rule", name);
        }
        return prev;
    }

    /** Appends exceptions: values go to an existing exception of the same name, else a new one is added. */
    void appendExceptions(RuleDef prev, List<ExceptionDef> update, Location at) throws LoadException {
        for (ExceptionDef ex : update) {
            ExceptionDef same = null;
            for (ExceptionDef e : prev.exceptions) {
                if (e.name.equals(ex.name)) {
                    same = e;
                    break;
                }
            }
            if (same != null) {
                if (ex.fields != null) {
                    throw new LoadException("LOAD_ERR_VALIDATE", "Can not append exception fields to existing "
                            + "exception '" + ex.name + "', only values", ex.location, "rule", prev.name);
                }
                if (ex.comps != null) {
                    throw new LoadException("LOAD_ERR_VALIDATE", "Can not append exception comps to existing "
                            + "exception '" + ex.name + "', only values", ex.location, "rule", prev.name);
                }
                same.values.addAll(ex.values);
            } else {
                if (ex.fields == null) {
                    throw new LoadException("LOAD_ERR_VALIDATE", "Rule exception new item '" + ex.name
                            + "': must have fields property with a list of fields", ex.location, "rule", prev.name);
                }
                if (ex.values.isEmpty()) {
                    throw new LoadException("LOAD_ERR_VALIDATE", "Rule exception new item '" + ex.name
                            + "': must have values property with a list of values", ex.location, "rule", prev.name);
                }
                prev.exceptions.add(ex);
            }
        }
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }
}
