package io.vigil.shell.internal;

import java.util.ArrayList;
import java.util.List;

import io.vigil.engine.api.EngineConfig.RuleSelection;
import io.vigil.engine.api.RuleInfo;
import io.vigil.engine.api.Ruleset;
import io.vigil.runtime.api.VigilRuntime;

/** Shared by {@code vigil:rule-enable} and {@code vigil:rule-disable}. */
final class RuleSelectionSupport {

    private RuleSelectionSupport() {
    }

    static void apply(VigilRuntime runtime, boolean enable, List<String> names, String tag) {
        List<RuleSelection> selections = new ArrayList<>();
        if (names != null) {
            for (String n : names) {
                selections.add(new RuleSelection(enable, n, null));
            }
        }
        if (tag != null) {
            selections.add(new RuleSelection(enable, null, tag));
        }
        if (selections.isEmpty()) {
            System.out.println("Name a rule (wildcards allowed) or give --tag TAG.");
            return;
        }
        if (runtime.ruleset().isEmpty()) {
            System.out.println("No rules loaded.");
            return;
        }
        List<String> before = enabledNames(runtime.ruleset().get());
        Ruleset now = runtime.select(selections);
        List<String> after = enabledNames(now);
        int changed = 0;
        for (RuleInfo r : now.rules()) {
            boolean was = before.contains(r.name());
            boolean is = after.contains(r.name());
            if (was != is) {
                System.out.println((is ? "enabled:  " : "disabled: ") + r.name());
                changed++;
            }
        }
        System.out.println(changed == 0 ? "No rule changed state." : changed + " rules changed state.");
    }

    private static List<String> enabledNames(Ruleset rs) {
        List<String> out = new ArrayList<>();
        for (RuleInfo r : rs.rules()) {
            if (r.enabled()) {
                out.add(r.name());
            }
        }
        return out;
    }
}
