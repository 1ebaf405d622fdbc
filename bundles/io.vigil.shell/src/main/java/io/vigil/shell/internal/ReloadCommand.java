package io.vigil.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.vigil.engine.api.LoadReport;
import io.vigil.engine.api.LoadResult;
import io.vigil.runtime.api.VigilRuntime;

/** {@code vigil:reload}: reloads the rules files; on errors the running rules stay. */
@Command(scope = "vigil", name = "reload", description = "Reloads the rules files without stopping capture")
@Service
public class ReloadCommand implements Action {

    @Reference
    VigilRuntime runtime;

    @Override
    public Object execute() {
        LoadResult r = runtime.reload();
        System.out.print(LoadReport.text(runtime.rulesPaths(), r));
        System.out.println(r.ok() ? "Rules reloaded." : "Rules NOT reloaded: the previous rules stay active.");
        return null;
    }
}
