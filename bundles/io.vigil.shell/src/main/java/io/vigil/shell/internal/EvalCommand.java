package io.vigil.shell.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.vigil.runtime.api.VigilRuntime;

/** {@code vigil:eval}: rules against one JSON event, with an explanation of each condition. */
@Command(scope = "vigil", name = "eval", description = "Evaluates rules against one event given as JSON")
@Service
public class EvalCommand implements Action {

    @Reference
    VigilRuntime runtime;

    @Option(name = "-r", aliases = "--rules", required = true, multiValued = true, description = "Rules files")
    List<String> rules;

    @Option(name = "-e", aliases = "--event", required = true, description = "A JSON map of field names to values")
    String event;

    @Option(name = "-s", aliases = "--source", description = "The event's source (default syscall)")
    @Completion(SourceCompleter.class)
    String source = "syscall";

    @Option(name = "-x", aliases = "--explain", description = "Explain every rule's condition")
    boolean explain;

    @Override
    public Object execute() {
        List<Path> paths = new ArrayList<>();
        for (String r : rules) {
            paths.add(Path.of(r).toAbsolutePath().normalize());
        }
        try {
            System.out.println(runtime.eval(paths, Path.of(event).toAbsolutePath().normalize(), source, explain));
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
