package io.vigil.shell.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.vigil.runtime.api.VigilRuntime;
import io.vigil.sdk.Alert;
import io.vigil.sdk.AlertFormat;
import io.vigil.sdk.Priority;

/** {@code vigil:tail}: follows alerts live until Ctrl-C, optionally filtered. */
@Command(scope = "vigil", name = "tail", description = "Follows alerts live (Ctrl-C stops)")
@Service
public class TailCommand implements Action {

    @Reference
    VigilRuntime runtime;

    @Option(name = "-p", aliases = "--priority", description = "Least severe priority shown")
    String priority;

    @Option(name = "-r", aliases = "--rule", description = "Rule name pattern (* wildcards)")
    @Completion(RuleNameCompleter.class)
    String rule;

    @Option(name = "-s", aliases = "--source", description = "Only alerts of this source")
    @Completion(SourceCompleter.class)
    String source;

    @Option(name = "-n", aliases = "--count", description = "Stop after this many alerts")
    int count;

    @Option(name = "-j", aliases = "--json", description = "Print Falco's JSON alerts")
    boolean json;

    @Override
    public Object execute() throws Exception {
        Priority min = priority == null ? Priority.DEBUG : Priority.parse(priority);
        // Bounded: a console that cannot keep up loses alerts here, never slows Vigil down.
        BlockingQueue<Alert> queue = new LinkedBlockingQueue<>(10_000);
        try (AutoCloseable sub = runtime.subscribe(a -> {
            if (a.priority().isAtLeast(min) && Wildcards.matches(rule, a.rule())
                    && (source == null || source.equals(a.source()))) {
                queue.offer(a);
            }
        })) {
            int shown = 0;
            while (count <= 0 || shown < count) {
                Alert a = queue.poll(200, TimeUnit.MILLISECONDS);
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                if (a != null) {
                    System.out.println(json ? AlertFormat.json(a, true, true, true)
                            : AlertFormat.text(a, false, java.time.ZoneId.systemDefault()));
                    shown++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
