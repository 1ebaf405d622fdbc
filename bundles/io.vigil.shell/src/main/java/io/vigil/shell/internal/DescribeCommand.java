package io.vigil.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.vigil.engine.api.RuleInfo;
import io.vigil.engine.api.RuleReport;
import io.vigil.runtime.api.VigilRuntime;

/** {@code vigil:describe}: one rule, with its condition after macro, list and exception expansion. */
@Command(scope = "vigil", name = "describe", description = "Describes a loaded rule (its compiled condition)")
@Service
public class DescribeCommand implements Action {

    @Reference
    VigilRuntime runtime;

    @Argument(index = 0, name = "rule", required = true, description = "The rule name")
    @Completion(RuleNameCompleter.class)
    String rule;

    @Option(name = "-j", aliases = "--json", description = "Print JSON")
    boolean json;

    @Override
    public Object execute() {
        RuleInfo info = runtime.ruleset().flatMap(rs -> rs.rules().stream().filter(r -> r.name().equals(rule))
                .findFirst()).orElse(null);
        if (info == null) {
            System.out.println("No rule named '" + rule + "' is loaded.");
            return null;
        }
        System.out.print(RuleReport.describe(info, json));
        return null;
    }
}
