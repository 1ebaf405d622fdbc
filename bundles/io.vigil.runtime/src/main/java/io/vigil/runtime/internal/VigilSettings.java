package io.vigil.runtime.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.EngineConfig.AppendOutput;
import io.vigil.engine.api.EngineConfig.RuleSelection;
import io.vigil.sdk.Priority;

/**
 * What the runtime needs from a {@code falco.yaml}-style configuration, read once and
 * validated: rules files, engine settings, stdout/file output settings, queue sizes.
 *
 * @param rulesPaths       rules files and directories, in load order
 * @param engine           engine settings (priority threshold, rule matching, selections, ...)
 * @param output           alert formatting and the built-in channels
 * @param queueCapacity    per-channel queue capacity
 * @param disabledSources  sources not to open
 * @param readyFile        a file written when Vigil is ready (for scripts and tests), or null
 * @param watchRules       Falco's {@code watch_config_files}: reload when rules files change
 * @param drops            Falco's {@code syscall_event_drops}
 * @param outputTimeoutMillis Falco's {@code output_timeout}: a channel's delivery call running
 *                         longer is reported by the output watchdog
 */
public record VigilSettings(List<Path> rulesPaths, EngineConfig engine, OutputSettings output, int queueCapacity,
        Set<String> disabledSources, Path readyFile, boolean watchRules, DropMonitor.Settings drops,
        long outputTimeoutMillis) {

    /** The same settings with other rules paths. */
    public VigilSettings withRules(List<Path> paths) {
        return new VigilSettings(List.copyOf(paths), engine, output, queueCapacity, disabledSources, readyFile,
                watchRules, drops, outputTimeoutMillis);
    }

    /** The same settings with another engine configuration. */
    public VigilSettings withEngine(EngineConfig e) {
        return new VigilSettings(rulesPaths, e, output, queueCapacity, disabledSources, readyFile, watchRules, drops,
                outputTimeoutMillis);
    }

    /**
     * These settings with the parts a running Vigil can change taken from {@code next}: rules
     * paths, engine settings (priority, selections, ...) and alert formatting. Queue sizes,
     * sources, the ready file, drop handling and watching stay as they are.
     */
    public VigilSettings withLive(VigilSettings next) {
        return new VigilSettings(next.rulesPaths, next.engine, next.output, queueCapacity, disabledSources, readyFile,
                watchRules, drops, outputTimeoutMillis);
    }

    /**
     * The same settings without the built-in stdout and file channels, for a runtime whose
     * caller runs those channels itself (so it can change them while Vigil runs).
     */
    public VigilSettings withoutStandardChannels() {
        OutputSettings o = output;
        return new VigilSettings(rulesPaths, engine, new OutputSettings(o.json(), o.includeOutput(), o.includeTags(),
                o.includeOutputFields(), o.iso8601(), false, null, o.fileKeepAlive()), queueCapacity, disabledSources,
                readyFile, watchRules, drops, outputTimeoutMillis);
    }

    /**
     * Alert formatting and the built-in stdout/file channels.
     *
     * @param json                 Falco's {@code json_output}
     * @param includeOutput        {@code json_include_output_property}
     * @param includeTags          {@code json_include_tags_property}
     * @param includeOutputFields  {@code json_include_output_fields_property}
     * @param iso8601              {@code time_format_iso_8601}
     * @param stdout               {@code stdout_output.enabled}
     * @param file                 {@code file_output.filename} if {@code file_output.enabled}, else null
     * @param fileKeepAlive        {@code file_output.keep_alive}
     */
    public record OutputSettings(boolean json, boolean includeOutput, boolean includeTags,
            boolean includeOutputFields, boolean iso8601, boolean stdout, Path file, boolean fileKeepAlive) {
    }

    /**
     * Reads settings from a configuration tree; relative paths resolve against {@code cwd};
     * {@code ${vigil.home}} in paths is the installation directory.
     */
    public static VigilSettings from(ConfigTree c, Path cwd, Path home, String hostname) throws ConfigException {
        List<Path> rules = new ArrayList<>();
        List<String> named = c.get("rules_files") != null ? c.strings("rules_files") : c.strings("rules_file");
        for (String r : named) {
            rules.add(path(r, cwd, home));
        }
        Priority priority;
        try {
            priority = Priority.parse(c.string("priority", "debug"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("configuration key priority: " + e.getMessage());
        }
        String matching = c.string("rule_matching", "first").trim().toLowerCase(java.util.Locale.ROOT);
        if (!matching.equals("first") && !matching.equals("all")) {
            throw new ConfigException("configuration key rule_matching: expected first or all, got '" + matching + "'");
        }
        EngineConfig engine = new EngineConfig(priority,
                matching.equals("all") ? EngineConfig.RuleMatching.ALL : EngineConfig.RuleMatching.FIRST,
                selections(c.get("rules")), appendOutputs(c.get("append_output")), hostname, true);
        boolean fileEnabled = c.bool("file_output.enabled", false);
        String fileName = c.string("file_output.filename", null);
        if (fileEnabled && (fileName == null || fileName.isBlank())) {
            throw new ConfigException("configuration key file_output.filename: required when file_output.enabled is true");
        }
        OutputSettings out = new OutputSettings(c.bool("json_output", false),
                c.bool("json_include_output_property", true), c.bool("json_include_tags_property", true),
                c.bool("json_include_output_fields_property", true), c.bool("time_format_iso_8601", false),
                c.bool("stdout_output.enabled", true), fileEnabled ? path(fileName, cwd, home) : null,
                c.bool("file_output.keep_alive", false));
        long capacity = c.number("outputs_queue.capacity", 0);
        if (capacity == 0) {
            capacity = 10_000; // Falco's 0 means unbounded; Vigil always bounds the queue
        }
        long timeout = c.number("output_timeout", OutputRouter.DEFAULT_OUTPUT_TIMEOUT_MILLIS);
        if (timeout <= 0) {
            throw new ConfigException("configuration key output_timeout: expected milliseconds > 0, got " + timeout);
        }
        String ready = c.string("vigil.ready_file", null);
        return new VigilSettings(rules, engine, out, (int) Math.min(capacity, 10_000_000),
                Set.copyOf(c.strings("vigil.sources.disabled")), ready == null ? null : path(ready, cwd, home),
                c.bool("watch_config_files", true), DropMonitor.Settings.from(c), timeout);
    }

    private static Path path(String p, Path cwd, Path home) {
        String s = p.replace("${vigil.home}", home.toString());
        return cwd.resolve(s).normalize();
    }

    private static List<RuleSelection> selections(Object rules) throws ConfigException {
        List<RuleSelection> out = new ArrayList<>();
        if (rules == null) {
            return out;
        }
        if (!(rules instanceof List<?> list)) {
            throw new ConfigException("configuration key rules: expected a list of enable:/disable: entries");
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m) || m.size() != 1) {
                throw new ConfigException("configuration key rules: each entry must be 'enable:' or 'disable:' "
                        + "with 'rule:' or 'tag:', got " + item);
            }
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            String verb = String.valueOf(e.getKey());
            if (!verb.equals("enable") && !verb.equals("disable")) {
                throw new ConfigException("configuration key rules: unknown directive '" + verb
                        + "', expected enable or disable");
            }
            if (!(e.getValue() instanceof Map<?, ?> what)) {
                throw new ConfigException("configuration key rules: '" + verb + "' needs 'rule:' or 'tag:'");
            }
            Object rule = what.get("rule");
            Object tag = what.get("tag");
            if (rule == null && tag == null) {
                throw new ConfigException("configuration key rules: '" + verb + "' needs 'rule:' or 'tag:'");
            }
            out.add(new RuleSelection(verb.equals("enable"), rule == null ? null : rule.toString(),
                    tag == null ? null : tag.toString()));
        }
        return out;
    }

    private static List<AppendOutput> appendOutputs(Object entries) throws ConfigException {
        List<AppendOutput> out = new ArrayList<>();
        if (entries == null) {
            return out;
        }
        if (!(entries instanceof List<?> list)) {
            throw new ConfigException("configuration key append_output: expected a list");
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) {
                throw new ConfigException("configuration key append_output: each entry must be a map, got " + item);
            }
            Map<?, ?> match = m.get("match") instanceof Map<?, ?> mm ? mm : Map.of();
            Map<String, String> extra = new LinkedHashMap<>();
            Object fields = m.get("extra_fields");
            if (fields instanceof List<?> fl) {
                for (Object f : fl) {
                    if (f instanceof Map<?, ?> fm) {
                        fm.forEach((k, v) -> extra.put(String.valueOf(k), String.valueOf(v)));
                    } else {
                        extra.put(String.valueOf(f), "%" + f);
                    }
                }
            }
            out.add(new AppendOutput(str(match.get("source")), str(match.get("tags") instanceof List<?> t
                    && !t.isEmpty() ? t.get(0) : match.get("tag")), str(match.get("rule")),
                    str(m.get("extra_output")), extra));
        }
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
