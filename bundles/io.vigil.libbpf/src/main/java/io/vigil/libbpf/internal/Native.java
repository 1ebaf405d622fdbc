package io.vigil.libbpf.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** Loads libbpf and libc once, with an error that names the missing library and the package. */
public final class Native {

    private static volatile Native instance;

    public final LibBpf bpf;
    public final LibC libc;
    public final Runtime runtime;

    private Native(LibBpf bpf, LibC libc) {
        this.bpf = bpf;
        this.libc = libc;
        this.runtime = Runtime.getRuntime(bpf);
    }

    /** The loaded libraries; throws UnsatisfiedLinkError naming libbpf.so.1 if it is missing. */
    public static Native get() {
        Native n = instance;
        if (n == null) {
            synchronized (Native.class) {
                n = instance;
                if (n == null) {
                    n = new Native(loadBpf(), LibraryLoader.create(LibC.class).load("c"));
                    instance = n;
                }
            }
        }
        return n;
    }

    private static LibBpf loadBpf() {
        LibraryLoader<LibBpf> loader = LibraryLoader.create(LibBpf.class).failImmediately();
        // Prefer the runtime soname: the unversioned libbpf.so exists only with libbpf-dev.
        for (String dir : new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu"}) {
            Path so = Path.of(dir, "libbpf.so.1");
            if (Files.exists(so)) {
                return loader.load(so.toString());
            }
        }
        try {
            return loader.load("bpf");
        } catch (UnsatisfiedLinkError e) {
            UnsatisfiedLinkError err = new UnsatisfiedLinkError(
                    "libbpf.so.1 not found: install libbpf1 (Debian/Ubuntu: apt-get install libbpf1)");
            err.initCause(e);
            throw err;
        }
    }

    /** The errno saved by the last @SaveError call on this thread. */
    public int errno() {
        return LastError.getLastError(runtime);
    }

    /** The text of an errno value. */
    public String strerror(int errno) {
        return libc.strerror(errno) + " (errno " + errno + ")";
    }
}
