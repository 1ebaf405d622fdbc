package io.vigil.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.vigil.runtime.api.VigilRuntime;

/** {@code vigil:rule-enable}: enables rules by name ({@code *} wildcards) or tag, until restart. */
@Command(scope = "vigil", name = "rule-enable", description = "Enables rules by name (* wildcards) or by tag")
@Service
public class RuleEnableCommand implements Action {

    @Reference
    VigilRuntime runtime;

    @Argument(index = 0, name = "rules", multiValued = true, description = "Rule names or patterns")
    @Completion(RuleNameCompleter.class)
    List<String> names;

    @Option(name = "-t", aliases = "--tag", description = "All rules with this tag")
    @Completion(TagCompleter.class)
    String tag;

    @Override
    public Object execute() {
        RuleSelectionSupport.apply(runtime, true, names, tag);
        return null;
    }
}
