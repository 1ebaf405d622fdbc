package io.vigil.runtime.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import io.vigil.engine.api.FieldCatalog;
import io.vigil.engine.api.ValidationReport;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleEngine;
import io.vigil.engine.api.RuleInfo;
import io.vigil.sdk.Alert;
import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.FieldValue;
import io.vigil.sdk.testkit.MapEvent;

/**
 * {@code vigil eval}: rules against one hand-written event, a JSON map of field names (as
 * written in rules) to values, typed by the real field catalogue so that comparisons behave
 * as on live events.
 */
final class Evaluation {

    private Evaluation() {
    }

    static void run(RuleEngine engine, FieldCatalog live, VigilSettings s, CliArgs a, Path cwd, PrintStream out)
            throws ConfigException {
        out.println(evaluate(engine, live, s.engine(), s.rulesPaths(), cwd.resolve(a.eventFile).normalize(),
                a.evalSource, a.explain));
    }

    /**
     * Evaluates the rules in {@code rulesPaths} against the event in {@code file}.
     *
     * @return the matches (and, with {@code explain}, each rule's condition tree) as JSON
     */
    static String evaluate(RuleEngine engine, FieldCatalog live, io.vigil.engine.api.EngineConfig config,
            List<Path> rulesPaths, Path file, String source, boolean explain) throws ConfigException {
        Map<String, Object> values = readEvent(file);
        List<FieldDescriptor> fields = live.fields(source);
        if (fields.isEmpty()) {
            throw new ConfigException("eval: no plugin provides fields for source '" + source
                    + "' (known sources: " + live.sources() + ")");
        }
        FieldExtractor x = new EventFileExtractor(fields);
        Map<String, io.vigil.sdk.EventTypes> types = new LinkedHashMap<>();
        live.eventTypes(source).ifPresent(t -> types.put(source, t));
        FieldCatalog catalog = new FieldCatalog(List.of(x), types, live.sources());
        RuleFiles.Read read = RuleFiles.read(rulesPaths);
        if (!read.errors().isEmpty()) {
            throw new ConfigException(read.errors().get(0).toString());
        }
        // Every matching rule is reported, and a field the catalogue lacks is an error.
        io.vigil.engine.api.EngineConfig all = config.strict()
                .withRuleMatching(io.vigil.engine.api.EngineConfig.RuleMatching.ALL);
        LoadResult r = engine.load(read.files(), catalog, all);
        if (!r.ok()) {
            throw new ConfigException(
                    "eval: rules have errors:\n" + ValidationReport.text(RuleFiles.forReport(rulesPaths), r));
        }
        int type = 0;
        Object evtType = values.get("evt.type");
        if (evtType != null && types.containsKey(source)) {
            int[] codes = types.get(source).codes(evtType.toString());
            type = codes.length > 0 ? codes[0] : 0;
        }
        MapEvent event = new MapEvent(source, type, System.currentTimeMillis() * 1_000_000L, 1, values);
        List<Alert> alerts = new ArrayList<>();
        r.ruleset().evaluate(event, alerts::add);
        StringBuilder sb = new StringBuilder("{\"event\":");
        io.vigil.sdk.AlertFormat.quote(sb, file.toString());
        sb.append(",\"matches\":[");
        for (int i = 0; i < alerts.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(alerts.get(i).toJson());
        }
        sb.append(']');
        if (explain) {
            sb.append(",\"explain\":[");
            boolean first = true;
            for (RuleInfo info : r.ruleset().rules()) {
                if (!info.enabled() || !info.source().equals(source)) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(r.ruleset().explain(info.name(), event));
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    private static Map<String, Object> readEvent(Path file) throws ConfigException {
        if (!Files.isReadable(file)) {
            throw new ConfigException("eval: event file " + file + ": not found or not readable");
        }
        try {
            LoaderOptions o = new LoaderOptions();
            o.setMaxAliasesForCollections(10);
            o.setNestingDepthLimit(50);
            Object doc = new Yaml(new SafeConstructor(o)).load(Files.readString(file));
            if (!(doc instanceof Map<?, ?> m)) {
                throw new ConfigException("eval: event file " + file
                        + ": expected a JSON object mapping field names to values");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            m.forEach((k, v) -> values.put(String.valueOf(k), v));
            return values;
        } catch (IOException | YAMLException e) {
            throw new ConfigException("eval: event file " + file + ": " + e.getMessage());
        }
    }

    /** Reads field values from the event map, converting each to its declared type. */
    private static final class EventFileExtractor implements FieldExtractor {
        private final List<FieldDescriptor> fields;

        EventFileExtractor(List<FieldDescriptor> fields) {
            this.fields = fields;
        }

        @Override
        public String name() {
            return "event-file";
        }

        @Override
        public List<FieldDescriptor> fields() {
            return fields;
        }

        @Override
        public FieldAccessor bind(FieldDescriptor field, String argument) {
            List<String> keys = argument == null ? List.of(field.name())
                    : List.of(field.name() + "[" + argument + "]", field.name() + "." + argument);
            return (event, out) -> {
                if (!(event instanceof MapEvent m)) {
                    return false;
                }
                for (String k : keys) {
                    Object v = m.values().get(k);
                    if (v != null) {
                        return store(field, v, out);
                    }
                }
                return false;
            };
        }

        private static boolean store(FieldDescriptor d, Object v, FieldValue out) {
            if (v instanceof List<?> list) {
                List<Object> conv = new ArrayList<>();
                FieldValue one = new FieldValue();
                for (Object item : list) {
                    if (store(new FieldDescriptor(d.name(), d.type(), false, d.arg(), false, "", d.sources(),
                            d.group()), item, one)) {
                        conv.add(one.toObject());
                    }
                }
                out.setList(conv);
                return true;
            }
            FieldType t = d.type();
            if (t == FieldType.BOOL) {
                out.setBool(v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString()));
            } else if (t.isNumeric()) {
                try {
                    out.setLong(v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim()));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (t == FieldType.IPADDR || t == FieldType.IPNET) {
                try {
                    String text = v.toString();
                    if (!text.matches("[0-9a-fA-F:.]+(/[0-9]+)?")) {
                        return false; // an address literal only: never a DNS lookup
                    }
                    int slash = text.indexOf('/');
                    byte[] addr = InetAddress.getByName(slash < 0 ? text : text.substring(0, slash)).getAddress();
                    if (t == FieldType.IPNET) {
                        byte[] net = java.util.Arrays.copyOf(addr, addr.length + 1);
                        net[addr.length] = (byte) (slash < 0 ? addr.length * 8 : Integer.parseInt(text.substring(slash + 1)));
                        addr = net;
                    }
                    out.setBytes(addr);
                } catch (UnknownHostException | NumberFormatException e) {
                    return false;
                }
            } else {
                out.setText(v.toString());
            }
            return true;
        }
    }
}
