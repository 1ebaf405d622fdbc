package io.vigil.shell.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.ValidationReport;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleEngine;
import io.vigil.engine.api.RuleFile;
import io.vigil.runtime.api.VigilRuntime;

/** {@code vigil:validate}: validates rules files against the running field catalogue, like falco -V. */
@Command(scope = "vigil", name = "validate", description = "Validates rules files against the running field catalogue")
@Service
public class ValidateCommand implements Action {

    @Reference
    VigilRuntime runtime;

    @Reference
    RuleEngine engine;

    @Argument(index = 0, name = "files", required = true, multiValued = true, description = "Rules files")
    List<String> files;

    @Option(name = "-j", aliases = "--json", description = "Print Falco's validation JSON")
    boolean json;

    @Override
    public Object execute() throws Exception {
        List<RuleFile> rules = new ArrayList<>();
        for (String f : files) {
            Path p = Path.of(f).toAbsolutePath().normalize();
            if (!Files.isReadable(p)) {
                System.out.println(p + ": not found or not readable");
                return null;
            }
            rules.add(RuleFile.read(p));
        }
        LoadResult r = engine.load(rules, runtime.catalog(), EngineConfig.defaults(""));
        System.out.print(json ? ValidationReport.json(rules, r) : ValidationReport.text(rules, r));
        return null;
    }
}
