package io.vigil.shell.internal;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.vigil.runtime.api.SourceStatus;
import io.vigil.runtime.api.VigilRuntime;

/** {@code vigil:sources}: each source's state, events, drops and event rate. */
@Command(scope = "vigil", name = "sources", description = "Shows each event source's state, events, drops and rate")
@Service
public class SourcesCommand implements Action {

    @Reference
    VigilRuntime runtime;

    @Override
    public Object execute() throws InterruptedException {
        Map<String, Long> first = new java.util.HashMap<>();
        for (SourceStatus s : runtime.sources()) {
            first.put(s.name(), s.events());
        }
        long t0 = System.nanoTime();
        Thread.sleep(1000); // one second between two readings gives the current rate
        double seconds = (System.nanoTime() - t0) / 1e9;
        ShellTable table = new ShellTable();
        table.column("Source");
        table.column("State");
        table.column("Events").alignRight();
        table.column("Events/s").alignRight();
        table.column("Drops").alignRight();
        table.column("Counters");
        for (SourceStatus s : runtime.sources()) {
            long rate = Math.round((s.events() - first.getOrDefault(s.name(), s.events())) / seconds);
            table.addRow().addContent(s.name(), s.state(), s.events(), rate, s.drops(), s.counters().toString());
        }
        table.print(System.out);
        return null;
    }
}
