package io.vigil.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.vigil.engine.api.RuleFile;
import io.vigil.engine.api.ValidationReport;
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
        List<RuleFile> files = new ArrayList<>();
        for (Path p : runtime.rulesPaths()) {
            try {
                if (Files.isRegularFile(p)) {
                    files.add(RuleFile.read(p));
                }
            } catch (IOException e) {
                files.add(new RuleFile(p.toString(), ""));
            }
        }
        System.out.print(ValidationReport.text(files, r));
        System.out.println(r.ok() ? "Rules reloaded." : "Rules NOT reloaded: the previous rules stay active.");
        return null;
    }
}
