package io.vigil.runtime.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A {@code falco.yaml}-style configuration as a tree of maps, lists and scalars, with Falco's
 * {@code -o key=value} overrides applied: dotted keys descend into maps
 * ({@code stdout_output.enabled=false}), {@code key[]=v} appends to a list, and values are
 * parsed as YAML ({@code -o 'rules_files=[a.yaml, b.yaml]'}).
 */
public final class ConfigTree {

    private final Map<String, Object> root;
    private final Map<String, Integer> lines;

    private ConfigTree(Map<String, Object> root, Map<String, Integer> lines) {
        this.root = root;
        this.lines = lines;
    }

    /** An empty configuration (Falco's defaults apply). */
    public static ConfigTree empty() {
        return new ConfigTree(new LinkedHashMap<>(), Map.of());
    }

    /**
     * Reads {@code file}; errors name the file, and the line and column for YAML errors and
     * for keys that are neither Vigil's nor Falco's.
     */
    public static ConfigTree read(Path file) throws ConfigException {
        Parsed p = parse(file);
        if (p.problem() != null) {
            throw new ConfigException(p.problem().toString());
        }
        return p.tree();
    }

    /** A configuration file read: its tree, or what is wrong with it. */
    record Parsed(ConfigTree tree, ConfigProblem problem) {
    }

    /** Reads {@code file} without throwing: the tree or the problem. */
    static Parsed parse(Path file) {
        if (!Files.isRegularFile(file)) {
            return failed(file, 0, 0, "not found (or not a regular file)");
        }
        if (!Files.isReadable(file)) {
            return failed(file, 0, 0, "not readable");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return failed(file, 0, 0, "cannot read: " + e.getMessage());
        }
        try {
            Object doc = yaml().load(text);
            if (doc == null) {
                return new Parsed(empty(), null);
            }
            if (!(doc instanceof Map)) {
                return failed(file, 0, 0, "the top level must be a map of keys");
            }
            Map<String, Integer> lines = new HashMap<>();
            Node node = yaml().compose(new StringReader(text));
            indexLines(node, "", lines);
            ConfigTree tree = new ConfigTree(deepCopy(doc), lines);
            for (String key : tree.root.keySet()) {
                String unknown = ConfigKeys.unknownIn(key, tree.root.get(key));
                if (unknown != null) {
                    return failed(file, tree.lineOf(unknown), tree.lineOf(unknown) > 0 ? 1 : 0,
                            "unknown key '" + unknown + "' (neither a Vigil nor a Falco configuration key)");
                }
            }
            return new Parsed(tree, null);
        } catch (MarkedYAMLException e) {
            return failed(file, e.getProblemMark().getLine() + 1, e.getProblemMark().getColumn() + 1,
                    "invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            return failed(file, 0, 0, "invalid YAML: " + e.getMessage());
        }
    }

    private static Parsed failed(Path file, int line, int column, String problem) {
        return new Parsed(null, new ConfigProblem(file, line, column, problem));
    }

    /** Records the line of every key of nested maps, by dotted path. */
    private static void indexLines(Node node, String prefix, Map<String, Integer> lines) {
        if (!(node instanceof MappingNode m)) {
            return;
        }
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                String path = prefix.isEmpty() ? k.getValue() : prefix + "." + k.getValue();
                lines.putIfAbsent(path, k.getStartMark().getLine() + 1);
                indexLines(t.getValueNode(), path, lines);
            }
        }
    }

    /** The 1-based line of the key at a dotted path (or of its closest parent), 0 if not from the file. */
    int lineOf(String path) {
        String p = path.endsWith("[]") ? path.substring(0, path.length() - 2) : path;
        while (true) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return 0;
            }
            p = p.substring(0, dot);
        }
    }

    /** True if both trees hold the same keys and values. */
    boolean sameAs(ConfigTree other) {
        return root.equals(other.root);
    }

    /** True if the value at {@code key} is the same in both trees. */
    boolean sameAt(ConfigTree other, String key) {
        return java.util.Objects.equals(get(key), other.get(key));
    }

    private static Yaml yaml() {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(50);
        o.setNestingDepthLimit(100);
        o.setCodePointLimit(4 * 1024 * 1024);
        o.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(o));
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return (T) copy;
        }
        if (o instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return (T) o;
    }

    /**
     * Applies one {@code -o key=value} override.
     *
     * @throws ConfigException if the text has no {@code =} or the key is not one Vigil knows
     */
    @SuppressWarnings("unchecked")
    public void override(String assignment) throws ConfigException {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("-o " + assignment + ": expected key=value");
        }
        String key = assignment.substring(0, eq).trim();
        String text = assignment.substring(eq + 1);
        boolean append = key.endsWith("[]");
        String path = append ? key.substring(0, key.length() - 2) : key;
        if (!ConfigKeys.isKnown(path)) {
            throw new ConfigException("-o " + key + ": unknown configuration key '" + path
                    + "'; known keys: " + ConfigKeys.describe());
        }
        Object value;
        try {
            value = text.isEmpty() ? "" : deepCopy(yaml().load(text));
        } catch (YAMLException e) {
            throw new ConfigException("-o " + key + ": invalid value '" + text + "': " + e.getMessage());
        }
        String[] parts = path.split("\\.");
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.get(parts[i]);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                node.put(parts[i], child);
            }
            node = (Map<String, Object>) child;
        }
        String last = parts[parts.length - 1];
        if (append) {
            Object existing = node.get(last);
            List<Object> list = existing instanceof List ? (List<Object>) existing : new ArrayList<>();
            list.add(value);
            node.put(last, list);
        } else {
            node.put(last, value);
        }
    }

    /** The value at a dotted path, or null. */
    public Object get(String path) {
        Object node = root;
        for (String p : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(p);
        }
        return node;
    }

    /** A boolean at {@code path}; YAML booleans and the strings true/false are accepted. */
    public boolean bool(String path, boolean dflt) throws ConfigException {
        Object v = get(path);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException("configuration key " + path + ": expected true or false, got '" + s + "'");
    }

    /** A string at {@code path}. */
    public String string(String path, String dflt) {
        Object v = get(path);
        return v == null ? dflt : v.toString();
    }

    /** A non-negative integer at {@code path}. */
    public long number(String path, long dflt) throws ConfigException {
        Object v = get(path);
        if (v == null) {
            return dflt;
        }
        try {
            long n = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException("configuration key " + path + ": expected a non-negative number, got '" + v + "'");
        }
    }

    /** A list of strings at {@code path}; a single scalar counts as a one-element list. */
    public List<String> strings(String path) {
        Object v = get(path);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        } else if (v != null) {
            out.add(v.toString());
        }
        return out;
    }

    /** The top-level keys present. */
    public java.util.Set<String> topLevelKeys() {
        return root.keySet();
    }
}
