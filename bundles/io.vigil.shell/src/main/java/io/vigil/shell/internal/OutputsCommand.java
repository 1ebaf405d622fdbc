package io.vigil.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.vigil.runtime.api.OutputStatus;
import io.vigil.runtime.api.VigilRuntime;

/** {@code vigil:outputs}: each output channel's queue and delivery counters. */
@Command(scope = "vigil", name = "outputs", description = "Shows each output channel's queue and counters")
@Service
public class OutputsCommand implements Action {

    @Reference
    VigilRuntime runtime;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Channel");
        table.column("Queued").alignRight();
        table.column("Delivered").alignRight();
        table.column("Failed").alignRight();
        table.column("Dropped").alignRight();
        for (OutputStatus o : runtime.outputs()) {
            table.addRow().addContent(o.name(), o.queued(), o.delivered(), o.failed(), o.dropped());
        }
        table.print(System.out);
        return null;
    }
}
