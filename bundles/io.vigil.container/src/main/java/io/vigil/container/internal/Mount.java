package io.vigil.container.internal;

/**
 * One mount of a container as its engine reports it.
 *
 * @param source      the host path (or volume source)
 * @param dest        the path inside the container
 * @param mode        the engine's mode string (e.g. {@code rw}, {@code ro,Z}), may be empty
 * @param readWrite   true if writable
 * @param propagation the propagation ({@code rprivate}, ...), may be empty
 */
public record Mount(String source, String dest, String mode, boolean readWrite, String propagation) {

    public Mount {
        source = source == null ? "" : source;
        dest = dest == null ? "" : dest;
        mode = mode == null ? "" : mode;
        propagation = propagation == null ? "" : propagation;
    }

    /** Falco's {@code source:dest:mode:rdwr:propagation} form. */
    public String text() {
        return source + ':' + dest + ':' + mode + ':' + readWrite + ':' + propagation;
    }
}
