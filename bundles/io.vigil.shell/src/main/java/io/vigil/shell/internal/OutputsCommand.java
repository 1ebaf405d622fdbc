package io.vigil.shell.internal;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.vigil.runtime.api.OutputStatus;
import io.vigil.runtime.api.VigilRuntime;

/**
 * {@code vigil:outputs}: each output channel's queue and counters (delivered, failed, retried,
 * dropped), whether a delivery call is stuck past {@code output_timeout}, and the channel's own
 * counters.
 */
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
        table.column("Retried").alignRight();
        table.column("Dropped").alignRight();
        table.column("Stuck (ms)").alignRight();
        table.column("Channel counters");
        for (OutputStatus o : runtime.outputs()) {
            table.addRow().addContent(o.name(), o.queued(), o.delivered(), o.failed(), o.retried(), o.dropped(),
                    o.stuckMillis() > 0 ? o.stuckMillis() : "-", details(o.counters()));
        }
        table.print(System.out);
        return null;
    }

    /** The channel's own counters but {@code retries}, which has its column: "timeouts=2 http_5xx=1". */
    static String details(Map<String, Long> counters) {
        StringBuilder b = new StringBuilder();
        counters.forEach((k, v) -> {
            if (!k.equals("retries")) {
                b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v);
            }
        });
        return b.toString();
    }
}
