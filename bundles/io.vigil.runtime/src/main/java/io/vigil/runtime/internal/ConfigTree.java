package io.vigil.runtime.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A {@code falco.yaml}-style configuration as a tree of maps, lists and scalars, with Falco's
 * {@code -o key=value} overrides applied: dotted keys descend into maps
 * ({@code stdout_output.enabled=false}), {@code key[]=v} appends to a list, and values are
 * parsed as YAML ({@code -o 'rules_files=[a.yaml, b.yaml]'}).
 */
public final class ConfigTree {

    private final Map<String, Object> root;

    private ConfigTree(Map<String, Object> root) {
        this.root = root;
    }

    /** An empty configuration (Falco's defaults apply). */
    public static ConfigTree empty() {
        return new ConfigTree(new LinkedHashMap<>());
    }

    /** Reads {@code file}; errors name the file, and the line and column for YAML errors. */
    public static ConfigTree read(Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + ": not found (or not a regular file)");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigException("config file " + file + ": not readable");
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object doc = yaml().load(r);
            if (doc == null) {
                return empty();
            }
            if (!(doc instanceof Map)) {
                throw new ConfigException("config file " + file + ": the top level must be a map of keys");
            }
            return new ConfigTree(deepCopy(doc));
        } catch (MarkedYAMLException e) {
            throw new ConfigException("config file " + file + ":" + (e.getProblemMark().getLine() + 1) + ":"
                    + (e.getProblemMark().getColumn() + 1) + ": invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException("config file " + file + ": invalid YAML: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException("config file " + file + ": cannot read: " + e.getMessage());
        }
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
