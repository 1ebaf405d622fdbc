package io.vigil.runtime.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vigil.engine.api.Diagnostic;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleEngine;
import io.vigil.sdk.Priority;

/**
 * Falco's {@code watch_config_files} for the {@code -c} configuration file: when it changes, a
 * running Vigil applies what can change live (rules files, rule selections, priority, alert
 * format, the stdout/file channels and the channels {@code falco.yaml} sections configure),
 * logs the keys that need a restart, and keeps everything as it was if the new file is
 * invalid, raising an internal alert that names the file, line and problem.
 */
final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    /** The rule of the internal alert raised when a changed configuration file is not applied. */
    static final String FAILED_RULE = "Vigil config reload failed";

    /** How the launcher read its configuration: what is read again, the same way, on each change. */
    record Source(Path file, List<String> overrides, List<Path> explicitRules, Path cwd, Path home, String hostname) {
    }

    /** One reading of the configuration. */
    private record Reading(ConfigTree tree, VigilSettings settings, List<FalcoOutputConfigs.Channel> channels) {
    }

    private final Source source;
    private final RuntimeCore core;
    private final RuleEngine engine;
    private final LiveStandardChannels standard;
    private final Launcher.ChannelConfigurer channels;
    private final Consumer<String> messages;
    private final ConfigTree started;
    private final VigilSettings base;
    private final List<Path> watchedByCore;
    private Reading current;
    private RulesWatcher fileWatcher;
    private RulesWatcher extraRules;

    /**
     * @param started  the configuration Vigil started with (overrides applied)
     * @param settings the settings Vigil started with
     * @param wanted   the output channel configurations made from {@code started}
     * @param messages where messages for the operator go (the launcher's standard error)
     */
    ConfigWatcher(Source source, RuntimeCore core, RuleEngine engine, LiveStandardChannels standard,
            Launcher.ChannelConfigurer channels, Consumer<String> messages, ConfigTree started, VigilSettings settings,
            List<FalcoOutputConfigs.Channel> wanted) {
        this.source = source;
        this.core = core;
        this.engine = engine;
        this.standard = standard;
        this.channels = channels;
        this.messages = messages;
        this.started = started;
        this.base = settings;
        this.watchedByCore = settings.watchRules() ? settings.rulesPaths() : List.of();
        this.current = new Reading(started, settings, wanted);
    }

    /** Starts watching the configuration file; a burst of writes is one check. */
    void start() {
        fileWatcher = RulesWatcher.start(List.of(source.file()), this::check, "config file");
    }

    /**
     * Reads the configuration file again and applies it if it changed; called on a change of
     * the file and on SIGHUP.
     *
     * @return true if the file is valid (whether or not anything changed)
     */
    synchronized boolean check() {
        try {
            return apply();
        } catch (RuntimeException e) {
            // The watcher thread must survive whatever a reload meets.
            LOG.error("applying the changed config file {} failed", source.file(), e);
            fail(new ConfigProblem(source.file(), 0, 0, "cannot be applied: " + e), Map.of());
            return false;
        }
    }

    private boolean apply() {
        ConfigTree.Parsed parsed = ConfigTree.parse(source.file());
        if (parsed.problem() != null) {
            fail(parsed.problem(), Map.of());
            return false;
        }
        ConfigTree tree = parsed.tree();
        Reading next;
        try {
            for (String o : source.overrides()) {
                tree.override(o);
            }
            VigilSettings s = VigilSettings.from(tree, source.cwd(), source.home(), source.hostname());
            if (!source.explicitRules().isEmpty()) {
                s = s.withRules(source.explicitRules()); // -r replaces rules_files, as at start
            }
            next = new Reading(tree, s, FalcoOutputConfigs.from(tree));
        } catch (ConfigException e) {
            fail(ConfigProblem.of(e, source.file(), tree), Map.of());
            return false;
        }
        if (tree.sameAs(current.tree())) {
            return true;
        }
        VigilSettings was = current.settings();
        VigilSettings now = next.settings();
        boolean rules = !now.rulesPaths().equals(was.rulesPaths()) || !now.engine().equals(was.engine());
        if (rules && !rulesCompile(now, tree)) {
            return false;
        }
        List<String> applied = new ArrayList<>();
        if (rules) {
            // Only the live parts change; the runtime keeps its sources, queues and watchers.
            core.start(base.withLive(now).withoutStandardChannels(), false, null, null);
            watchNewRules(now.rulesPaths());
            applied.add("rules (" + now.rulesPaths().size() + " path(s), priority " + now.engine().minPriority()
                    + ", " + now.engine().selections().size() + " selection(s))");
        }
        if (!now.output().equals(was.output())) {
            standard.apply(now.output());
            applied.add("alert format and stdout/file outputs");
        }
        if (!next.channels().equals(current.channels())) {
            try {
                channels.apply(next.channels());
                applied.add("output channels from the config file (" + next.channels().size() + ")");
            } catch (IOException e) {
                messages.accept("config file " + source.file() + ": output channels not changed: " + e.getMessage());
            }
        }
        current = next;
        List<String> restart = needRestart(tree);
        messages.accept("config file " + source.file() + " changed: "
                + (applied.isEmpty() ? "nothing to apply live" : "applied " + String.join(", ", applied))
                + (restart.isEmpty() ? "" : "; needs restart to take effect: " + String.join(", ", restart)));
        return true;
    }

    /** Top-level keys that differ from the configuration Vigil started with and apply only at start. */
    private List<String> needRestart(ConfigTree tree) {
        TreeSet<String> keys = new TreeSet<>(tree.topLevelKeys());
        keys.addAll(started.topLevelKeys());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!ConfigKeys.isLive(k) && !tree.sameAt(started, k)) {
                out.add(k);
            }
        }
        return out;
    }

    /** Loads the new rules without installing them: an error keeps everything as it is. */
    private boolean rulesCompile(VigilSettings s, ConfigTree tree) {
        RuleFiles.Read read = RuleFiles.read(s.rulesPaths());
        LoadResult r = read.errors().isEmpty() ? engine.load(read.files(), core.catalog(), s.engine())
                : new LoadResult(read.errors(), null);
        if (r.ok() && r.ruleset() != null) {
            return true;
        }
        Diagnostic d = r.errors().isEmpty() ? null : r.errors().get(0);
        Map<String, Object> fields = new LinkedHashMap<>();
        if (d != null) {
            fields.put("vigil.reload.file", String.valueOf(d.file()));
            fields.put("vigil.reload.line", (long) d.line());
            fields.put("vigil.reload.column", (long) d.column());
            fields.put("vigil.reload.code", d.code());
            fields.put("vigil.reload.error", d.message());
        }
        for (Diagnostic e : r.errors()) {
            messages.accept(e.toString());
        }
        int line = tree.get("rules_files") != null ? tree.lineOf("rules_files") : tree.lineOf("rules_file");
        fail(new ConfigProblem(source.file(), line, line > 0 ? 1 : 0, "the rules it names do not load: "
                + (d == null ? "no rules" : d.toString())), fields);
        return false;
    }

    /** Rules paths the runtime does not watch itself (added by a config change) are watched here. */
    private void watchNewRules(List<Path> paths) {
        List<Path> extra = new ArrayList<>();
        for (Path p : paths) {
            if (!watchedByCore.contains(p)) {
                extra.add(p);
            }
        }
        if (extraRules != null) {
            extraRules.close();
            extraRules = null;
        }
        if (!extra.isEmpty() && base.watchRules()) {
            extraRules = RulesWatcher.start(extra, core::reload, "added rules files");
        }
    }

    private void fail(ConfigProblem p, Map<String, Object> more) {
        messages.accept(p + " (configuration not reloaded: the previous configuration stays active)");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("vigil.config.file", String.valueOf(p.file()));
        fields.put("vigil.config.line", (long) p.line());
        fields.put("vigil.config.column", (long) p.column());
        fields.put("vigil.config.error", p.problem());
        fields.putAll(more);
        core.internalAlert(FAILED_RULE, Priority.ERROR,
                "Configuration reload failed, previous configuration kept: " + p, fields);
    }

    @Override
    public synchronized void close() {
        if (fileWatcher != null) {
            fileWatcher.close();
        }
        if (extraRules != null) {
            extraRules.close();
        }
    }
}
