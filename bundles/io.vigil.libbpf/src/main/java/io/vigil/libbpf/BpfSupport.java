package io.vigil.libbpf;

import java.nio.file.Files;
import java.nio.file.Path;

import io.vigil.libbpf.internal.Native;

/** Checks the host's prerequisites for CO-RE BPF capture before anything is loaded. */
public final class BpfSupport {

    /** Where the kernel publishes its own BTF, which CO-RE relocations need. */
    public static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");

    private BpfSupport() {
    }

    /**
     * Throws a {@link BpfException} naming the first missing prerequisite: kernel BTF,
     * libbpf.so.1, or privileges (root, or CAP_BPF + CAP_PERFMON).
     */
    public static void check() throws BpfException {
        if (!Files.isReadable(KERNEL_BTF)) {
            throw new BpfException("kernel BTF not available at " + KERNEL_BTF
                    + ": the kernel must be built with CONFIG_DEBUG_INFO_BTF=y (5.8 or later)");
        }
        Native n;
        try {
            n = Native.get();
        } catch (UnsatisfiedLinkError e) {
            throw new BpfException(e.getMessage());
        }
        if (n.libc.geteuid() != 0 && !hasBpfCapabilities()) {
            throw new BpfException("not privileged: loading BPF programs needs root, or CAP_BPF and CAP_PERFMON"
                    + " (effective uid is " + n.libc.geteuid() + ")");
        }
    }

    // CAP_BPF is 39, CAP_PERFMON 38, in /proc/self/status CapEff (hex).
    private static boolean hasBpfCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (caps & (1L << 39)) != 0 && (caps & (1L << 38)) != 0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }
}
