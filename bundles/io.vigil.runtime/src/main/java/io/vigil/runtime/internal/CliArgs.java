package io.vigil.runtime.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code bin/vigil} command line, with Falco's flags where Vigil has the feature.
 * Parsing only: no file is touched here.
 */
final class CliArgs {

    /** What the launcher is asked to do. */
    enum Action { RUN, HELP, VERSION, VALIDATE, LIST_RULES, DESCRIBE_RULE, LIST_FIELDS, EVAL }

    Action action = Action.RUN;
    String configFile;
    final List<String> rulesPaths = new ArrayList<>();
    final List<String> overrides = new ArrayList<>();
    final List<String> validateFiles = new ArrayList<>();
    String describeRule;
    String listSource;
    boolean namesOnly;
    String format = "text";
    long stopAfterSeconds;
    boolean dryRun;
    String eventFile;
    String evalSource = "syscall";
    boolean explain;

    static final String USAGE = String.join("\n",
            "Vigil: runtime threat detection for Linux hosts, containers and Kubernetes.",
            "Usage: vigil [options]",
            "       vigil eval -r RULES... --event EVENT.json [--source SOURCE] [--explain]",
            "",
            "Options (Falco's flags):",
            "  -c FILE              configuration file (falco.yaml keys); default etc/vigil.yaml;",
            "                       watched while running unless watch_config_files is false",
            "  -r FILE|DIR          rules file or directory; repeatable; replaces rules_files",
            "  -o key=value         override a configuration key (Falco's names); repeatable",
            "  -V FILE              validate rules files and exit; repeatable",
            "  -L                   list the loaded rules and exit",
            "  -l RULE              describe one rule (its condition after expansion) and exit",
            "  --list[=SOURCE]      list the fields of all sources, or of SOURCE, and exit",
            "  -N                   with --list: names only",
            "  --format FMT         with --list: text, markdown or json",
            "  -M SECONDS           stop after SECONDS",
            "  --dry-run            load configuration and rules, then exit without capturing",
            "  --version            print the version and exit",
            "  -h, --help           print this help and exit",
            "",
            "eval (for rule authors): evaluate rules against one event given as a JSON map of",
            "field names (arguments included, as written in rules) to values; prints matches as JSON;",
            "--explain prints each rule's condition tree with every leaf's value and result.");

    static CliArgs parse(List<String> argv) throws ConfigException {
        CliArgs a = new CliArgs();
        int i = 0;
        if (!argv.isEmpty() && argv.get(0).equals("eval")) {
            a.action = Action.EVAL;
            i = 1;
        }
        for (; i < argv.size(); i++) {
            String arg = argv.get(i);
            switch (arg) {
                case "-h", "--help" -> a.action = Action.HELP;
                case "--version" -> {
                    if (a.action != Action.HELP) {
                        a.action = Action.VERSION;
                    }
                }
                case "-c" -> a.configFile = value(argv, ++i, arg);
                case "-r" -> a.rulesPaths.add(value(argv, ++i, arg));
                case "-o" -> a.overrides.add(value(argv, ++i, arg));
                case "-V" -> {
                    a.validateFiles.add(value(argv, ++i, arg));
                    a.setAction(Action.VALIDATE);
                }
                case "-L" -> a.setAction(Action.LIST_RULES);
                case "-l" -> {
                    a.describeRule = value(argv, ++i, arg);
                    a.setAction(Action.DESCRIBE_RULE);
                }
                case "--list" -> {
                    a.setAction(Action.LIST_FIELDS);
                    if (i + 1 < argv.size() && !argv.get(i + 1).startsWith("-")) {
                        a.listSource = argv.get(++i);
                    }
                }
                case "-N" -> a.namesOnly = true;
                case "--format" -> {
                    a.format = value(argv, ++i, arg);
                    if (!List.of("text", "markdown", "json").contains(a.format)) {
                        throw new ConfigException("--format " + a.format + ": expected text, markdown or json");
                    }
                }
                case "-M" -> {
                    String v = value(argv, ++i, arg);
                    try {
                        a.stopAfterSeconds = Long.parseLong(v);
                        if (a.stopAfterSeconds <= 0) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        throw new ConfigException("-M " + v + ": expected a positive number of seconds");
                    }
                }
                case "--dry-run" -> a.dryRun = true;
                case "--event" -> a.eventFile = value(argv, ++i, arg);
                case "--source" -> a.evalSource = value(argv, ++i, arg);
                case "--explain" -> a.explain = true;
                default -> {
                    if (arg.startsWith("--list=")) {
                        a.setAction(Action.LIST_FIELDS);
                        a.listSource = arg.substring("--list=".length());
                    } else if (arg.startsWith("--format=")) {
                        a.format = arg.substring("--format=".length());
                    } else {
                        throw new ConfigException("unknown option '" + arg + "' (see vigil --help)");
                    }
                }
            }
        }
        if (a.action == Action.EVAL) {
            if (a.eventFile == null) {
                throw new ConfigException("eval: --event EVENT.json is required");
            }
            if (a.rulesPaths.isEmpty()) {
                throw new ConfigException("eval: at least one -r RULES file is required");
            }
        } else if (a.eventFile != null || a.explain) {
            throw new ConfigException("--event and --explain belong to 'vigil eval'");
        }
        return a;
    }

    private void setAction(Action next) throws ConfigException {
        if (action == Action.HELP || action == Action.VERSION) {
            return;
        }
        if (action != Action.RUN && action != next) {
            throw new ConfigException("options for different commands given together (" + action + " and "
                    + next + ")");
        }
        action = next;
    }

    private static String value(List<String> argv, int i, String flag) throws ConfigException {
        if (i >= argv.size()) {
            throw new ConfigException("option " + flag + " needs a value (see vigil --help)");
        }
        return argv.get(i);
    }
}
