package io.vigil.syscall.api;

import java.util.List;

/**
 * One syscall event type: its code, Falco's name ({@code openat}, {@code execve},
 * {@code procexit}, ...) and its parameters in order.
 *
 * @param code     the event type code carried by each record
 * @param name     Falco's event name, as written in {@code evt.type = ...}
 * @param category Falco's event category ({@code file}, {@code net}, {@code process}, ...)
 * @param params   the parameters, in record order
 */
public record EventInfo(int code, String name, String category, List<ParamInfo> params) {

    public EventInfo {
        params = List.copyOf(params);
    }

    /** The index of the parameter named {@code name}, or -1. */
    public int paramIndex(String name) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
