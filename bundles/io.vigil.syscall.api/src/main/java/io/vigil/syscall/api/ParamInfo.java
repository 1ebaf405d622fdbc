package io.vigil.syscall.api;

/**
 * One parameter of a syscall event type, named as in Falco's event table (so that
 * {@code evt.arg.flags} and {@code evt.arg[2]} work as in Falco).
 *
 * @param name the parameter name, e.g. {@code fd}, {@code name}, {@code flags}
 * @param type its encoding
 */
public record ParamInfo(String name, ParamType type) {
}
