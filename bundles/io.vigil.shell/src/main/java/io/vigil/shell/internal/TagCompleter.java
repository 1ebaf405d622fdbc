package io.vigil.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.vigil.runtime.api.VigilRuntime;

/** Completes rule tags from the running Vigil. */
@Service
public class TagCompleter implements Completer {

    @Reference
    VigilRuntime runtime;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter d = new StringsCompleter();
        runtime.ruleset().ifPresent(rs -> rs.rules().forEach(r -> d.getStrings().addAll(r.tags())));
        return d.complete(session, commandLine, candidates);
    }
}
