package io.vigil.libbpf.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;

/** The libbpf 1.x functions Vigil calls (libbpf.so.1), bound by jnr-ffi. */
public interface LibBpf {

    @SaveError
    Pointer bpf_object__open_mem(Pointer objBuf, @size_t long size, Pointer opts);

    @SaveError
    int bpf_object__load(Pointer obj);

    void bpf_object__close(Pointer obj);

    Pointer bpf_object__find_map_by_name(Pointer obj, String name);

    Pointer bpf_object__next_program(Pointer obj, Pointer prev);

    String bpf_program__name(Pointer prog);

    int bpf_program__set_log_buf(Pointer prog, Pointer buf, @size_t long size);

    @SaveError
    Pointer bpf_program__attach(Pointer prog);

    int bpf_link__destroy(Pointer link);

    int bpf_map__fd(Pointer map);

    int bpf_map__set_max_entries(Pointer map, int maxEntries);

    int bpf_map__max_entries(Pointer map);

    Pointer bpf_map__initial_value(Pointer map, Pointer size);

    @SaveError
    int bpf_map_update_elem(int fd, Pointer key, Pointer value, long flags);

    @SaveError
    int bpf_map_lookup_elem(int fd, Pointer key, Pointer value);

    int libbpf_num_possible_cpus();
}
