package io.vigil.source.ebpf.internal;

import static io.vigil.syscall.api.SyscallEventTable.*;

import java.util.BitSet;

/**
 * Which in-kernel filter slots (x86_64 syscall numbers, plus the probe's pseudo slot for
 * procexit) produce each event type; {@code bpf/vigil_syscalls.h} holds the same numbers.
 */
final class SyscallNumbers {

    /** Entries of the probe's {@code filter} map. */
    static final int FILTER_SIZE = 512;
    /** The filter slot that enables procexit records. */
    static final int PROCEXIT_SLOT = 511;

    private static final int[][] SLOTS = new int[FCNTL + 1][];

    static {
        put(EXECVE, 59);
        put(EXECVEAT, 322);
        put(CLONE, 56);
        put(CLONE3, 435);
        put(FORK, 57);
        put(VFORK, 58);
        put(PROCEXIT, PROCEXIT_SLOT);
        put(OPEN, 2);
        put(OPENAT, 257);
        put(OPENAT2, 437);
        put(CREAT, 85);
        put(CLOSE, 3);
        put(DUP, 32);
        put(DUP2, 33);
        put(DUP3, 292);
        put(CONNECT, 42);
        put(ACCEPT, 43);
        put(ACCEPT4, 288);
        put(BIND, 49);
        put(LISTEN, 50);
        put(SOCKET, 41);
        put(SOCKETPAIR, 53);
        put(SENDTO, 44);
        put(SENDMSG, 46);
        put(RECVFROM, 45);
        put(RECVMSG, 47);
        put(SHUTDOWN, 48);
        put(RENAME, 82);
        put(RENAMEAT, 264);
        put(RENAMEAT2, 316);
        put(UNLINK, 87);
        put(UNLINKAT, 263);
        put(MKDIR, 83);
        put(MKDIRAT, 258);
        put(RMDIR, 84);
        put(SYMLINK, 88);
        put(SYMLINKAT, 266);
        put(LINK, 86);
        put(LINKAT, 265);
        put(CHMOD, 90);
        put(FCHMOD, 91);
        put(FCHMODAT, 268);
        put(CHOWN, 92);
        put(FCHOWNAT, 260);
        put(SETUID, 105);
        put(SETGID, 106);
        put(SETREUID, 113);
        put(SETREGID, 114);
        put(SETRESUID, 117);
        put(SETRESGID, 119);
        put(CAPSET, 126);
        put(PTRACE, 101);
        put(MEMFD_CREATE, 319);
        put(MOUNT, 165);
        put(UMOUNT2, 166);
        put(CHROOT, 161);
        put(BPF, 321);
        put(INIT_MODULE, 175);
        put(FINIT_MODULE, 313);
        put(SETNS, 308);
        put(UNSHARE, 272);
        put(USERFAULTFD, 323);
        put(PRCTL, 157);
        put(KILL, 62);
        put(TGKILL, 234);
        put(PIPE, 22);
        put(PIPE2, 293);
        put(FCNTL, 72);
    }

    private SyscallNumbers() {
    }

    private static void put(int code, int... slots) {
        SLOTS[code] = slots;
    }

    /** The filter slots of event type {@code code}, empty if the probe cannot produce it. */
    static int[] slots(int code) {
        return code > 0 && code < SLOTS.length && SLOTS[code] != null ? SLOTS[code] : new int[0];
    }

    /** The filter map contents for the event types {@code codes}; null means every type. */
    static byte[] filter(BitSet codes) {
        byte[] f = new byte[FILTER_SIZE];
        for (int code = 1; code < SLOTS.length; code++) {
            if (codes == null || codes.get(code)) {
                for (int slot : slots(code)) {
                    f[slot] = 1;
                }
            }
        }
        return f;
    }
}
