package io.vigil.shell.internal;

import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.vigil.runtime.api.OutputStatus;
import io.vigil.runtime.api.RuntimeStats;
import io.vigil.runtime.api.VigilRuntime;

/** {@code vigil:stats}: events per second, drops, alerts by priority and rule, output channels, memory. */
@Command(scope = "vigil", name = "stats", description = "Shows events/s, drops, alerts by priority and rule, queues and memory")
@Service
public class StatsCommand implements Action {

    @Reference
    VigilRuntime runtime;

    @Override
    public Object execute() throws InterruptedException {
        RuntimeStats a = runtime.stats();
        Thread.sleep(1000); // two readings one second apart give the current rate
        RuntimeStats s = runtime.stats();
        ShellTable t = new ShellTable();
        t.column("Statistic");
        t.column("Value").alignRight();
        t.addRow().addContent("uptime (s)", s.uptimeMillis() / 1000);
        t.addRow().addContent("events", s.events());
        t.addRow().addContent("events/s", s.events() - a.events());
        t.addRow().addContent("source drops", s.sourceDrops());
        t.addRow().addContent("output drops", s.outputDrops());
        t.addRow().addContent("queued alerts", s.queued());
        t.addRow().addContent("reloads", s.reloads());
        t.addRow().addContent("failed reloads", s.failedReloads());
        t.addRow().addContent("heap used (MiB)", s.heapUsedBytes() >> 20);
        t.addRow().addContent("heap max (MiB)", s.heapMaxBytes() >> 20);
        for (Map.Entry<String, Long> e : s.alertsByPriority().entrySet()) {
            t.addRow().addContent("alerts " + e.getKey(), e.getValue());
        }
        t.print(System.out);
        List<OutputStatus> outputs = runtime.outputs();
        if (!outputs.isEmpty()) {
            ShellTable o = new ShellTable();
            o.column("Output");
            o.column("Delivered").alignRight();
            o.column("Failed").alignRight();
            o.column("Retried").alignRight();
            o.column("Dropped").alignRight();
            o.column("Queued").alignRight();
            for (OutputStatus c : outputs) {
                o.addRow().addContent(c.name() + (c.stuckMillis() > 0 ? " (stuck " + c.stuckMillis() + " ms)" : ""),
                        c.delivered(), c.failed(), c.retried(), c.dropped(), c.queued());
            }
            o.print(System.out);
        }
        if (!s.alertsByRule().isEmpty()) {
            ShellTable r = new ShellTable();
            r.column("Rule");
            r.column("Alerts").alignRight();
            s.alertsByRule().forEach((k, v) -> r.addRow().addContent(k, v));
            r.print(System.out);
        }
        return null;
    }
}
