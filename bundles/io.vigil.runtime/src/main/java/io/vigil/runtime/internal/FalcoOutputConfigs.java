package io.vigil.runtime.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Turns Falco's output sections of {@code falco.yaml} ({@code http_output}, {@code syslog_output},
 * {@code program_output}, {@code grpc}/{@code grpc_output}) into factory configurations of
 * Vigil's output channel bundles, so a Falco configuration drives the same channels an
 * operator can also configure with {@code etc/io.vigil.output.*.cfg} files. The
 * configurations made here are tagged and replaced at every start.
 */
final class FalcoOutputConfigs {

    static final String TAG = "vigil.from.falco.yaml";

    /** One channel configuration to create. */
    record Channel(String factoryPid, Map<String, Object> properties) {
    }

    private FalcoOutputConfigs() {
    }

    /** The channel configurations {@code config} asks for. */
    static List<Channel> from(ConfigTree c) throws ConfigException {
        List<Channel> out = new ArrayList<>();
        Map<String, Object> format = new LinkedHashMap<>();
        format.put("json_output", c.bool("json_output", false));
        format.put("json_include_output_property", c.bool("json_include_output_property", true));
        format.put("json_include_tags_property", c.bool("json_include_tags_property", true));
        format.put("json_include_output_fields_property", c.bool("json_include_output_fields_property", true));
        format.put("time_format_iso_8601", c.bool("time_format_iso_8601", false));
        if (c.bool("http_output.enabled", false)) {
            Map<String, Object> p = new LinkedHashMap<>(format);
            String url = c.string("http_output.url", "");
            if (url.isBlank()) {
                throw new ConfigException("configuration key http_output.url: required when http_output.enabled is true");
            }
            p.put("vigil.output.name", "http");
            p.put("url", url);
            copy(c, p, "http_output.", "user_agent", "ca_cert", "ca_bundle", "ca_path", "client_cert", "client_key");
            for (String b : List.of("insecure", "mtls", "echo", "compress_uploads", "keep_alive")) {
                if (c.get("http_output." + b) != null) {
                    p.put(b, c.bool("http_output." + b, false));
                }
            }
            // Falco sends JSON over HTTP whatever json_output says.
            p.put("json_output", true);
            out.add(new Channel("io.vigil.output.http", p));
        }
        if (c.bool("syslog_output.enabled", false)) {
            Map<String, Object> p = new LinkedHashMap<>(format);
            p.put("vigil.output.name", "syslog");
            p.put("transport", "local");
            out.add(new Channel("io.vigil.output.syslog", p));
        }
        if (c.bool("program_output.enabled", false)) {
            Map<String, Object> p = new LinkedHashMap<>(format);
            String program = c.string("program_output.program", "");
            if (program.isBlank()) {
                throw new ConfigException(
                        "configuration key program_output.program: required when program_output.enabled is true");
            }
            p.put("vigil.output.name", "program");
            p.put("program", program);
            p.put("keep_alive", c.bool("program_output.keep_alive", false));
            out.add(new Channel("io.vigil.output.program", p));
        }
        if (c.bool("grpc.enabled", false) && c.bool("grpc_output.enabled", true)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("vigil.output.name", "grpc");
            p.put("bind_address", c.string("grpc.bind_address", "unix:///run/vigil/vigil.sock"));
            if (c.get("grpc.threadiness") != null) {
                p.put("threadiness", (int) c.number("grpc.threadiness", 0));
            }
            copy(c, p, "grpc.", "private_key", "cert_chain", "root_certs");
            out.add(new Channel("io.vigil.output.grpc", p));
        }
        return out;
    }

    private static void copy(ConfigTree c, Map<String, Object> p, String prefix, String... keys) {
        for (String k : keys) {
            String v = c.string(prefix + k, null);
            if (v != null && !v.isBlank()) {
                p.put(k, v);
            }
        }
    }

    /** Replaces the configurations made at an earlier start with {@code channels}. */
    static void apply(ConfigurationAdmin admin, List<Channel> channels) throws IOException {
        try {
            Configuration[] old = admin.listConfigurations("(" + TAG + "=true)");
            if (old != null) {
                for (Configuration o : old) {
                    o.delete();
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (Channel ch : channels) {
            Configuration cfg = admin.createFactoryConfiguration(ch.factoryPid(), "?");
            Hashtable<String, Object> props = new Hashtable<>(ch.properties());
            props.put(TAG, true);
            cfg.update(props);
        }
    }
}
