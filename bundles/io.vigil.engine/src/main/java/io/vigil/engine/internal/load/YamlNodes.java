package io.vigil.engine.internal.load;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads YAML into SnakeYAML's node tree (which keeps line and column of every node) with
 * limits against hostile input, and decodes values with messages that name the place.
 */
final class YamlNodes {

    /** Rules files are a few levels deep; anything deeper than this is not a rules file. */
    static final int MAX_NESTING = 64;
    static final int MAX_ALIASES = 50;
    static final int MAX_CODE_POINTS = 12 * 1024 * 1024;

    private final String file;
    private final String content;

    YamlNodes(String file, String content) {
        this.file = file;
        this.content = content;
    }

    static List<Node> composeAll(String content) {
        LoaderOptions o = new LoaderOptions();
        o.setNestingDepthLimit(MAX_NESTING);
        o.setMaxAliasesForCollections(MAX_ALIASES);
        o.setCodePointLimit(MAX_CODE_POINTS);
        o.setAllowRecursiveKeys(false);
        // yaml-cpp, which Falco uses, accepts duplicate keys and reads the first; so do we.
        o.setAllowDuplicateKeys(true);
        List<Node> docs = new ArrayList<>();
        for (Node n : new Yaml(o).composeAll(new StringReader(content))) {
            docs.add(n);
        }
        return docs;
    }

    Location at(Node n) {
        Mark m = n.getStartMark();
        return m == null ? new Location(file, 0, 0) : new Location(file, m.getLine() + 1, m.getColumn() + 1);
    }

    /** The characters of {@code n} in the file, or null if the parser gave no marks. */
    SourceSpan span(Node n) {
        Mark s = n == null ? null : n.getStartMark();
        Mark e = n == null ? null : n.getEndMark();
        if (s == null || e == null) {
            return null;
        }
        return new SourceSpan(file, content, s.getIndex(), e.getIndex(), s.getLine() + 1, s.getColumn() + 1);
    }

    static boolean isNull(Node n) {
        return n == null || (n instanceof ScalarNode s && "tag:yaml.org,2002:null".equals(s.getTag().getValue()));
    }

    /** The value of the first entry named {@code key}, or null. */
    static Node get(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    static boolean has(MappingNode map, String key) {
        return get(map, key) != null;
    }

    static List<String> keys(MappingNode map) {
        List<String> keys = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                keys.add(k.getValue());
            }
        }
        return keys;
    }

    Node keyNode(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return k;
            }
        }
        return map;
    }

    /** A required, non-empty scalar. */
    String string(MappingNode map, String key, Ctx ctx) throws LoadException {
        Node v = get(map, key);
        if (v == null) {
            throw ctx.fail(at(map), "Item has no mapping for key '" + key + "'");
        }
        if (isNull(v)) {
            throw ctx.fail(at(v), "Mapping for key '" + key + "' is empty");
        }
        if (!(v instanceof ScalarNode s)) {
            throw ctx.fail(at(v), "Value of '" + key + "' is not a scalar value");
        }
        if (s.getValue().isEmpty()) {
            throw ctx.fail(at(v), "Value of '" + key + "' must be non-empty");
        }
        return s.getValue();
    }

    /** A scalar that may be empty, or null if absent. */
    String optionalString(MappingNode map, String key, Ctx ctx) throws LoadException {
        Node v = get(map, key);
        if (v == null || isNull(v)) {
            return v == null ? null : "";
        }
        if (!(v instanceof ScalarNode s)) {
            throw ctx.fail(at(v), "Value of '" + key + "' is not a scalar value");
        }
        return s.getValue();
    }

    Boolean optionalBool(MappingNode map, String key, Ctx ctx) throws LoadException {
        String s = optionalString(map, key, ctx);
        if (s == null) {
            return null;
        }
        switch (s) {
            case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y":
                return true;
            case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N":
                return false;
            default:
                throw ctx.fail(at(get(map, key)), "Can't decode YAML scalar value of '" + key
                        + "' as a boolean: '" + s + "' (use true or false)");
        }
    }

    Long optionalLong(MappingNode map, String key, Ctx ctx) throws LoadException {
        String s = optionalString(map, key, ctx);
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw ctx.fail(at(get(map, key)), "Can't decode YAML scalar value of '" + key
                    + "' as a number: '" + s + "'");
        }
    }

    /** A sequence of scalars. */
    List<String> strings(Node v, String key, Ctx ctx, int[] budget) throws LoadException {
        if (!(v instanceof SequenceNode seq)) {
            throw ctx.fail(at(v), "Value of '" + key + "' is not a sequence");
        }
        List<String> out = new ArrayList<>(seq.getValue().size());
        for (Node n : seq.getValue()) {
            spend(budget, n, ctx);
            if (!(n instanceof ScalarNode s)) {
                throw ctx.fail(at(n), "Sequence value of '" + key + "' is not scalar");
            }
            out.add(s.getValue());
        }
        return out;
    }

    /** Guards against alias expansion: no file may make us visit more nodes than it has characters. */
    void spend(int[] budget, Node n, Ctx ctx) throws LoadException {
        if (--budget[0] < 0) {
            throw ctx.fail(at(n), "YAML aliases expand to more values than the file has characters; "
                    + "remove the anchors and aliases");
        }
    }

    /** The item being read, for error messages. */
    static final class Ctx {
        final String code;
        final String itemType;
        final String itemName;

        Ctx(String code, String itemType, String itemName) {
            this.code = code;
            this.itemType = itemType;
            this.itemName = itemName;
        }

        LoadException fail(Location at, String message) {
            return new LoadException(code, message, at, itemType, itemName);
        }
    }
}
