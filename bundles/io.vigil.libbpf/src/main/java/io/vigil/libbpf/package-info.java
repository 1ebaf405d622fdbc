/**
 * Vigil's only native boundary: loading CO-RE BPF objects through libbpf ({@code libbpf.so.1}),
 * attaching their programs, reading and writing their maps, and reading BPF ring buffers in
 * place from mapped memory.
 */
@Export
@Version("1.0.0")
package io.vigil.libbpf;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
