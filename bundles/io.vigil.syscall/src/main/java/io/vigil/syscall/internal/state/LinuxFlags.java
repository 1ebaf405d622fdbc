package io.vigil.syscall.internal.state;

/** The raw Linux (x86-64) flag values the syscall records carry and the state needs. */
public final class LinuxFlags {
    public static final long O_ACCMODE = 3;
    public static final long O_RDONLY = 0;
    public static final long O_WRONLY = 1;
    public static final long O_RDWR = 2;
    public static final long O_CREAT = 0100;
    public static final long O_EXCL = 0200;
    public static final long O_TRUNC = 01000;
    public static final long O_APPEND = 02000;
    public static final long O_NONBLOCK = 04000;
    public static final long O_DIRECTORY = 0200000;
    public static final long O_CLOEXEC = 02000000;
    public static final long O_PATH = 010000000;
    public static final long O_TMPFILE = 020000000 | O_DIRECTORY;

    /**
     * Facts Falco's driver adds to open flags, in bits Linux leaves free in the 64-bit
     * parameter (proposed to the probe): the open created the file; the file is in an
     * overlayfs upper or lower layer.
     */
    public static final long VIGIL_O_F_CREATED = 1L << 32;
    public static final long VIGIL_FD_UPPER_LAYER = 1L << 33;
    public static final long VIGIL_FD_LOWER_LAYER = 1L << 34;

    public static final long CLONE_VM = 0x100;
    public static final long CLONE_FS = 0x200;
    public static final long CLONE_FILES = 0x400;
    public static final long CLONE_THREAD = 0x10000;
    public static final long CLONE_PARENT = 0x8000;

    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_TYPE_MASK = 0xf;
    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_ICMPV6 = 58;

    public static final int F_DUPFD = 0;
    public static final int F_DUPFD_CLOEXEC = 1030;

    public static final int PR_SET_NAME = 15;

    public static final int AT_FDCWD = -100;

    private LinuxFlags() {
    }
}
