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

    private ConfigKeys() {
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
