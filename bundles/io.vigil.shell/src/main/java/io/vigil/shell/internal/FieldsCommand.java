package io.vigil.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.vigil.engine.api.FieldReport;
import io.vigil.runtime.api.VigilRuntime;

/** {@code vigil:fields}: the field catalogue plugins provide, like {@code falco --list}. */
@Command(scope = "vigil", name = "fields", description = "Lists the fields plugins provide, for all sources or one")
@Service
public class FieldsCommand implements Action {

    @Reference
    VigilRuntime runtime;

    @Argument(index = 0, name = "source", description = "Only this source's fields")
    @Completion(SourceCompleter.class)
    String source;

    @Option(name = "-N", description = "Names only")
    boolean namesOnly;

    @Option(name = "-f", aliases = "--format", description = "text, markdown or json")
    String format = "text";

    @Override
    public Object execute() {
        System.out.print(FieldReport.render(runtime.catalog(), source, namesOnly, format));
        return null;
    }
}
