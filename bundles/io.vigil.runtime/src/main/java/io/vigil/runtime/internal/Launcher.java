package io.vigil.runtime.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import io.vigil.engine.api.FieldReport;
import io.vigil.engine.api.ValidationReport;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleReport;
import io.vigil.engine.api.RuleEngine;
import io.vigil.engine.api.RuleInfo;
import io.vigil.engine.api.Ruleset;
import io.vigil.runtime.api.SourceStatus;

/**
 * Carries out one {@code bin/vigil} command line against a {@link RuntimeCore}: validate,
 * list, describe, evaluate, or run until stopped. Messages for people go to {@code err},
 * results and alerts to {@code out}; every problem is one clear line and a non-zero exit.
 */
public final class Launcher {

    /** The version of Vigil. */
    public static final String VERSION = "0.1.0";

    private final RuntimeCore core;
    private final RuleEngine engine;
    private final Path cwd;
    private final Path home;
    private final PrintStream out;
    private final PrintStream err;
    private final IntConsumer exit;
    private final long startNanos;
    private final ChannelConfigurer channels;

    /** Creates the output channel configurations a {@code falco.yaml} asks for. */
    @FunctionalInterface
    public interface ChannelConfigurer {
        void apply(List<FalcoOutputConfigs.Channel> channels) throws IOException;
    }

    /**
     * @param exit       called once with the exit code when the command is done (not called
     *                   while Vigil keeps running)
     * @param startNanos {@link System#nanoTime()} when the process started, for the ready time
     */
    public Launcher(RuntimeCore core, RuleEngine engine, Path cwd, Path home, PrintStream out, PrintStream err,
            IntConsumer exit, long startNanos, ChannelConfigurer channels) {
        this.channels = channels;
        this.core = core;
        this.engine = engine;
        this.cwd = cwd;
        this.home = home;
        this.out = out;
        this.err = err;
        this.exit = exit;
        this.startNanos = startNanos;
    }

    /** Runs the command; returns when it is done or, for a run, when Vigil is capturing. */
    public void run(List<String> argv) {
        try {
            execute(CliArgs.parse(argv));
        } catch (ConfigException e) {
            err.println("vigil: " + e.getMessage());
            exit.accept(1);
        } catch (RuntimeException e) {
            err.println("vigil: internal error: " + e);
            exit.accept(1);
        }
    }

    private void execute(CliArgs a) throws ConfigException {
        switch (a.action) {
            case HELP -> {
                out.println(CliArgs.USAGE);
                exit.accept(0);
                return;
            }
            case VERSION -> {
                out.println("Vigil version: " + VERSION);
                out.println("Rule language (Falco engine) version: " + engine.engineVersion());
                exit.accept(0);
                return;
            }
            default -> {
            }
        }
        Path configFile = configFile(a);
        ConfigTree config = configFile == null ? ConfigTree.empty() : ConfigTree.read(configFile);
        for (String o : a.overrides) {
            config.override(o);
        }
        VigilSettings s = VigilSettings.from(config, cwd, home, Hostname.get());
        List<Path> rules = new ArrayList<>();
        List<String> explicit = a.action == CliArgs.Action.VALIDATE ? a.validateFiles : a.rulesPaths;
        for (String r : explicit) {
            Path p = cwd.resolve(r).normalize();
            if (!Files.exists(p)) {
                throw new ConfigException("rules file " + p + ": not found");
            }
            if (!Files.isReadable(p)) {
                throw new ConfigException("rules file " + p + ": not readable");
            }
            rules.add(p);
        }
        if (!explicit.isEmpty()) {
            s = s.withRules(rules);
        }
        if (a.action != CliArgs.Action.RUN) {
            // Validating and describing report an unknown field as Falco does: an error. Only a
            // running Vigil disables such rules, so a missing plugin does not stop detection.
            s = s.withEngine(s.engine().strict());
        }
        boolean json = config.bool("json_output", false);
        switch (a.action) {
            case VALIDATE -> {
                LoadResult r = core.start(s, false, out, exit);
                List<io.vigil.engine.api.RuleFile> files = RuleFiles.forReport(s.rulesPaths());
                out.print(json ? ValidationReport.json(files, r) + "\n" : ValidationReport.text(files, r));
                out.flush();
                exit.accept(r.ok() ? 0 : 1);
            }
            case LIST_RULES, DESCRIBE_RULE -> {
                LoadResult r = loadOrFail(s);
                if (r == null) {
                    return;
                }
                if (a.action == CliArgs.Action.LIST_RULES) {
                    out.print(RuleReport.list(r.ruleset(), json));
                    exit.accept(0);
                } else {
                    RuleInfo info = r.ruleset().rules().stream().filter(x -> x.name().equals(a.describeRule))
                            .findFirst().orElse(null);
                    if (info == null) {
                        err.println("vigil: -l " + a.describeRule + ": no such rule in the loaded rules files");
                        exit.accept(1);
                        return;
                    }
                    out.print(RuleReport.describe(info, json));
                    exit.accept(0);
                }
            }
            case LIST_FIELDS -> {
                out.print(FieldReport.render(core.catalog(), a.listSource, a.namesOnly, a.format));
                exit.accept(0);
            }
            case EVAL -> {
                Evaluation.run(engine, core.catalog(), s, a, cwd, out);
                exit.accept(0);
            }
            case RUN -> {
                List<FalcoOutputConfigs.Channel> wanted = FalcoOutputConfigs.from(config);
                if (!a.dryRun) {
                    try {
                        channels.apply(wanted);
                    } catch (IOException e) {
                        throw new ConfigException("cannot configure the output channels: " + e.getMessage());
                    }
                }
                ConfigWatcher.Source source = configFile == null ? null : new ConfigWatcher.Source(configFile,
                        List.copyOf(a.overrides), explicit.isEmpty() ? List.of() : List.copyOf(rules), cwd, home,
                        s.engine().hostname());
                runCapture(a, s, source, config, wanted);
            }
            default -> throw new IllegalStateException(a.action.toString());
        }
    }

    /** As Falco: SIGHUP reloads the rules (here without restarting capture). */
    private void onHangUp(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> new Thread(action, "vigil-sighup").start());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            err.println("vigil: SIGHUP cannot be handled here (" + e + "); use vigil:reload");
        }
    }

    /** The configuration file: {@code -c FILE}, else {@code etc/vigil.yaml} if present, else none. */
    private Path configFile(CliArgs a) {
        if (a.configFile != null) {
            return cwd.resolve(a.configFile).normalize();
        }
        Path dflt = home.resolve("etc").resolve("vigil.yaml");
        return Files.exists(dflt) ? dflt : null;
    }

    private LoadResult loadOrFail(VigilSettings s) {
        LoadResult r = core.start(s, false, out, exit);
        if (!r.ok() || r.ruleset() == null) {
            err.print(ValidationReport.text(RuleFiles.forReport(s.rulesPaths()), r));
            exit.accept(1);
            return null;
        }
        return r;
    }

    private void runCapture(CliArgs a, VigilSettings s, ConfigWatcher.Source source, ConfigTree config,
            List<FalcoOutputConfigs.Channel> wanted) {
        LiveStandardChannels standard = null;
        LoadResult r;
        if (a.dryRun) {
            r = core.start(s, false, out, exit);
        } else {
            // The launcher runs the stdout/file channels itself, so a changed config file can
            // change them; they are in place before the first event.
            standard = new LiveStandardChannels(core, out);
            standard.apply(s.output());
            r = core.start(s.withoutStandardChannels(), true, out, exit);
        }
        for (var d : r.diagnostics()) {
            if (d.severity() == io.vigil.engine.api.Diagnostic.Severity.ERROR) {
                err.println(d);
            }
        }
        if (!r.ok()) {
            err.println("vigil: rules have errors; nothing started (validate with vigil -V FILE)");
            exit.accept(1);
            return;
        }
        long warnings = r.warnings().size();
        Ruleset rs = r.ruleset();
        long enabled = rs == null ? 0 : rs.rules().stream().filter(RuleInfo::enabled).count();
        if (a.dryRun) {
            err.println("vigil: dry run: configuration and " + s.rulesPaths().size() + " rules path(s) OK, "
                    + enabled + " rules enabled, " + warnings + " warnings");
            exit.accept(0);
            return;
        }
        List<String> running = new ArrayList<>();
        for (SourceStatus st : core.sources()) {
            running.add(st.name() + " (" + st.state() + ")");
        }
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        err.println("vigil: ready in " + ms + " ms: " + enabled + " rules enabled from " + s.rulesPaths().size()
                + " rules path(s), " + warnings + " load warnings; sources: "
                + (running.isEmpty() ? "none yet" : String.join(", ", running)));
        if (s.readyFile() != null) {
            try {
                Files.writeString(s.readyFile(), ms + "\n");
            } catch (IOException e) {
                err.println("vigil: cannot write the ready file " + s.readyFile() + ": " + e.getMessage());
            }
        }
        ConfigWatcher configWatcher = null;
        if (source != null) {
            configWatcher = new ConfigWatcher(source, core, engine, standard, channels,
                    m -> err.println("vigil: " + m), config, s, wanted);
            if (s.watchRules()) {
                configWatcher.start(); // else the file is read again on SIGHUP only
            }
        }
        ConfigWatcher cw = configWatcher;
        onHangUp(() -> {
            if (cw != null) {
                cw.check(); // as Falco, SIGHUP reads the configuration file again too
            }
            LoadResult reload = core.reload();
            err.println("vigil: SIGHUP: rules " + (reload.ok() ? "reloaded" : "not reloaded, the previous rules stay"));
        });
        if (a.stopAfterSeconds > 0) {
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(a.stopAfterSeconds * 1000);
                } catch (InterruptedException e) {
                    return;
                }
                core.stop(5000);
                out.flush();
                exit.accept(0);
            }, "vigil-stop-after");
            t.setDaemon(true);
            t.start();
        }
    }
}
