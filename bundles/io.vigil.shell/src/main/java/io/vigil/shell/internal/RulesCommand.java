package io.vigil.shell.internal;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.vigil.engine.api.RuleInfo;
import io.vigil.runtime.api.VigilRuntime;

/** {@code vigil:rules}: the loaded rules with source, priority, state, tags and match counts. */
@Command(scope = "vigil", name = "rules", description = "Lists the loaded rules with their state and match counts")
@Service
public class RulesCommand implements Action {

    @Reference
    VigilRuntime runtime;

    @Argument(index = 0, name = "pattern", description = "Rule name pattern (* matches anything)")
    @Completion(RuleNameCompleter.class)
    String pattern;

    @Option(name = "-t", aliases = "--tag", description = "Only rules with this tag")
    @Completion(TagCompleter.class)
    String tag;

    @Option(name = "-s", aliases = "--source", description = "Only rules of this source")
    @Completion(SourceCompleter.class)
    String source;

    @Option(name = "-e", aliases = "--enabled", description = "Only enabled rules")
    boolean enabledOnly;

    @Override
    public Object execute() {
        if (runtime.ruleset().isEmpty()) {
            System.out.println("No rules loaded.");
            return null;
        }
        Map<String, Long> matches = runtime.stats().alertsByRule();
        ShellTable table = new ShellTable();
        table.column("Rule");
        table.column("Source");
        table.column("Priority");
        table.column("Enabled");
        table.column("Matches").alignRight();
        table.column("Tags");
        int shown = 0;
        for (RuleInfo r : runtime.ruleset().get().rules()) {
            if (!Wildcards.matches(pattern, r.name()) || (tag != null && !r.tags().contains(tag))
                    || (source != null && !source.equals(r.source())) || (enabledOnly && !r.enabled())) {
                continue;
            }
            table.addRow().addContent(r.name(), r.source(), r.priority().displayName(), r.enabled() ? "yes" : "no",
                    matches.getOrDefault(r.name(), 0L), String.join(",", r.tags()));
            shown++;
        }
        table.print(System.out);
        System.out.println(shown + " rules");
        return null;
    }
}
