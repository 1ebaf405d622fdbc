package io.vigil.runtime.internal;

import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code falco.yaml} keys Vigil understands, with Falco's names. {@code -o} accepts a key
 * listed here exactly, or any key below one whose content is free-form ({@code plugins},
 * {@code append_output}, ...), so a misspelt {@code stdout_output.enabeld} is rejected.
 */
final class ConfigKeys {

    private static final Set<String> KNOWN = new TreeSet<>(Set.of(
            "rules_files", "rules_file", "rules", "priority", "rule_matching", "append_output",
            "json_output", "json_include_output_property", "json_include_tags_property",
            "json_include_output_fields_property", "json_include_message_property",
            "time_format_iso_8601", "buffered_outputs", "outputs_queue", "outputs_queue.capacity",
            "stdout_output", "stdout_output.enabled",
            "file_output", "file_output.enabled", "file_output.keep_alive", "file_output.filename",
            "watch_config_files", "log_level", "log_stderr", "log_syslog", "output_timeout",
            "engine", "engine.kind", "engine.modern_ebpf", "engine.modern_ebpf.buf_size_preset",
            "engine.modern_ebpf.cpus_for_each_buffer", "engine.modern_ebpf.drop_failed_exit",
            "syscall_event_drops", "syscall_event_drops.threshold", "syscall_event_drops.actions",
            "syscall_event_drops.rate", "syscall_event_drops.max_burst",
            "syscall_event_drops.simulate_drops", "base_syscalls", "base_syscalls.custom_set",
            "base_syscalls.repair", "load_plugins", "plugins", "config_files",
            "vigil", "vigil.sources", "vigil.sources.disabled", "vigil.ready_file",
            "http_output", "http_output.enabled", "http_output.url", "http_output.user_agent",
            "http_output.insecure", "http_output.ca_cert", "http_output.ca_bundle", "http_output.ca_path",
            "http_output.mtls", "http_output.client_cert", "http_output.client_key", "http_output.echo",
            "http_output.compress_uploads", "http_output.keep_alive", "http_output.max_consecutive_timeouts",
            "syslog_output", "syslog_output.enabled", "program_output", "program_output.enabled",
            "program_output.keep_alive", "program_output.program", "grpc", "grpc.enabled", "grpc.bind_address",
            "grpc.threadiness", "grpc.private_key", "grpc.cert_chain", "grpc.root_certs", "grpc_output",
            "grpc_output.enabled"));

    private static final Set<String> FREE_FORM = Set.of("rules", "append_output", "load_plugins",
            "plugins", "config_files", "base_syscalls.custom_set", "syscall_event_drops.actions");

    /**
     * Keys of Falco's {@code falco.yaml} that Vigil accepts in a configuration file and ignores
     * (Falco features Vigil does not have, or has elsewhere), so a Falco configuration loads.
     */
    private static final Set<String> FALCO_ONLY = Set.of("capture", "plugins_hostinfo", "webserver", "libs_logger",
            "syscall_event_timeouts", "metrics", "falco_libs", "container_engines", "static_fields",
            "buffer_format_base64", "modern_bpf", "syscall_buf_size_preset", "syscall_drop_failed_exit",
            "http_output.max_consecutive_timeouts", "base_syscalls.all", "outputs", "metadata_download",
            "outputs_queue.recovery");

    /**
     * Sections whose keys are all known (Vigil's or Falco's): a key in them that is neither is a
     * misspelling. Other sections are checked at the top level only; {@code engine} is one of
     * them because Falco adds driver settings there from release to release.
     */
    private static final Set<String> CLOSED_SECTIONS = Set.of("stdout_output", "file_output", "http_output",
            "syslog_output", "program_output", "grpc", "grpc_output", "outputs_queue", "syscall_event_drops",
            "base_syscalls", "vigil");

    /**
     * Keys a running Vigil applies when its configuration file changes ({@code watch_config_files});
     * a change to any other key takes effect at the next start.
     */
    private static final Set<String> LIVE = Set.of("rules_files", "rules_file", "rules", "priority", "rule_matching",
            "append_output", "json_output", "json_include_output_property", "json_include_tags_property",
            "json_include_output_fields_property", "json_include_message_property", "time_format_iso_8601",
            "stdout_output", "file_output", "http_output", "syslog_output", "program_output", "grpc", "grpc_output");

    private ConfigKeys() {
    }

    /** True if a change of the top-level key {@code key} is applied while Vigil runs. */
    static boolean isLive(String key) {
        return LIVE.contains(key);
    }

    /**
     * The first key at or below the top-level {@code key} (holding {@code value}) that is neither
     * Vigil's nor Falco's, as a dotted path; null if all are known.
     */
    static String unknownIn(String key, Object value) {
        if (!isKnown(key) && !FALCO_ONLY.contains(key)) {
            return key;
        }
        if (CLOSED_SECTIONS.contains(key) && value instanceof java.util.Map<?, ?> m) {
            return unknownBelow(key, m);
        }
        return null;
    }

    private static String unknownBelow(String prefix, java.util.Map<?, ?> m) {
        for (java.util.Map.Entry<?, ?> e : m.entrySet()) {
            String path = prefix + "." + e.getKey();
            if (FALCO_ONLY.contains(path) || FREE_FORM.contains(path) || isFreeForm(path)) {
                continue;
            }
            if (!KNOWN.contains(path)) {
                return path;
            }
            if (e.getValue() instanceof java.util.Map<?, ?> child && hasKnownChildren(path)) {
                String below = unknownBelow(path, child);
                if (below != null) {
                    return below;
                }
            }
        }
        return null;
    }

    private static boolean hasKnownChildren(String path) {
        for (String k : KNOWN) {
            if (k.startsWith(path + ".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFreeForm(String path) {
        for (String f : FREE_FORM) {
            if (path.startsWith(f + ".")) {
                return true;
            }
        }
        return false;
    }

    static boolean isKnown(String key) {
        if (KNOWN.contains(key)) {
            return true;
        }
        for (String f : FREE_FORM) {
            if (key.startsWith(f + ".")) {
                return true;
            }
        }
        return false;
    }

    static String describe() {
        return String.join(", ", KNOWN);
    }
}
