package io.vigil.syscall.internal.fields;

import java.util.HashMap;
import java.util.Map;

/**
 * Which names print the flags and enum parameters of each event type, keyed by Falco's
 * event and parameter names. Values are raw Linux (x86-64) values, as the records carry.
 */
public final class FlagTables {

    /** Marks parameters printed as open flags. */
    public static final Object OPEN = new Object();

    static final FlagTable CLONE = FlagTable.bits(
            "CLONE_FILES", 0x400, "CLONE_FS", 0x200, "CLONE_IO", 0x80000000L, "CLONE_NEWIPC", 0x08000000,
            "CLONE_NEWNET", 0x40000000, "CLONE_NEWNS", 0x20000, "CLONE_NEWPID", 0x20000000,
            "CLONE_NEWUTS", 0x04000000, "CLONE_PARENT", 0x8000, "CLONE_PARENT_SETTID", 0x100000,
            "CLONE_PTRACE", 0x2000, "CLONE_SIGHAND", 0x800, "CLONE_SYSVSEM", 0x40000, "CLONE_THREAD", 0x10000,
            "CLONE_UNTRACED", 0x800000, "CLONE_VM", 0x100, "CLONE_NEWUSER", 0x10000000,
            "CLONE_CHILD_CLEARTID", 0x200000, "CLONE_CHILD_SETTID", 0x1000000, "CLONE_SETTLS", 0x80000,
            "CLONE_VFORK", 0x4000, "CLONE_NEWCGROUP", 0x02000000);

    static final FlagTable PTRACE = FlagTable.enumeration(
            "PTRACE_SINGLEBLOCK", 33, "PTRACE_SYSEMU_SINGLESTEP", 32, "PTRACE_SYSEMU", 31,
            "PTRACE_ARCH_PRCTL", 30, "PTRACE_SET_THREAD_AREA", 26, "PTRACE_GET_THREAD_AREA", 25,
            "PTRACE_OLDSETOPTIONS", 21, "PTRACE_SETFPXREGS", 19, "PTRACE_GETFPXREGS", 18,
            "PTRACE_SETFPREGS", 15, "PTRACE_GETFPREGS", 14, "PTRACE_SETREGS", 13, "PTRACE_GETREGS", 12,
            "PTRACE_SETSIGMASK", 0x420b, "PTRACE_GETSIGMASK", 0x420a, "PTRACE_PEEKSIGINFO", 0x4209,
            "PTRACE_LISTEN", 0x4208, "PTRACE_INTERRUPT", 0x4207, "PTRACE_SEIZE", 0x4206,
            "PTRACE_SETREGSET", 0x4205, "PTRACE_GETREGSET", 0x4204, "PTRACE_SETSIGINFO", 0x4203,
            "PTRACE_GETSIGINFO", 0x4202, "PTRACE_GETEVENTMSG", 0x4201, "PTRACE_SETOPTIONS", 0x4200,
            "PTRACE_SYSCALL", 24, "PTRACE_DETACH", 17, "PTRACE_ATTACH", 16, "PTRACE_SINGLESTEP", 9,
            "PTRACE_KILL", 8, "PTRACE_CONT", 7, "PTRACE_POKEUSR", 6, "PTRACE_POKEDATA", 5,
            "PTRACE_POKETEXT", 4, "PTRACE_PEEKUSR", 3, "PTRACE_PEEKDATA", 2, "PTRACE_PEEKTEXT", 1,
            "PTRACE_TRACEME", 0);

    static final FlagTable SOCKET_FAMILY = FlagTable.enumeration(
            "AF_NFC", 39, "AF_ALG", 38, "AF_CAIF", 37, "AF_IEEE802154", 36, "AF_PHONET", 35, "AF_ISDN", 34,
            "AF_RXRPC", 33, "AF_IUCV", 32, "AF_BLUETOOTH", 31, "AF_TIPC", 30, "AF_CAN", 29, "AF_LLC", 26,
            "AF_WANPIPE", 25, "AF_PPPOX", 24, "AF_IRDA", 23, "AF_SNA", 22, "AF_RDS", 21, "AF_ATMSVC", 20,
            "AF_ECONET", 19, "AF_ASH", 18, "AF_PACKET", 17, "AF_ROUTE", 16, "AF_NETLINK", 16, "AF_KEY", 15,
            "AF_SECURITY", 14, "AF_NETBEUI", 13, "AF_ROSE", 11, "AF_INET6", 10, "AF_X25", 9, "AF_ATMPVC", 8,
            "AF_BRIDGE", 7, "AF_NETROM", 6, "AF_APPLETALK", 5, "AF_IPX", 4, "AF_AX25", 3, "AF_INET", 2,
            "AF_LOCAL", 1, "AF_UNIX", 1, "AF_UNSPEC", 0);

    static final FlagTable BPF_CMD = FlagTable.enumeration(
            "BPF_MAP_CREATE", 0, "BPF_MAP_LOOKUP_ELEM", 1, "BPF_MAP_UPDATE_ELEM", 2, "BPF_MAP_DELETE_ELEM", 3,
            "BPF_MAP_GET_NEXT_KEY", 4, "BPF_PROG_LOAD", 5, "BPF_OBJ_PIN", 6, "BPF_OBJ_GET", 7,
            "BPF_PROG_ATTACH", 8, "BPF_PROG_DETACH", 9, "BPF_PROG_TEST_RUN", 10, "BPF_PROG_RUN", 10,
            "BPF_PROG_GET_NEXT_ID", 11, "BPF_MAP_GET_NEXT_ID", 12, "BPF_PROG_GET_FD_BY_ID", 13,
            "BPF_MAP_GET_FD_BY_ID", 14, "BPF_OBJ_GET_INFO_BY_FD", 15, "BPF_PROG_QUERY", 16,
            "BPF_RAW_TRACEPOINT_OPEN", 17, "BPF_BTF_LOAD", 18, "BPF_BTF_GET_FD_BY_ID", 19,
            "BPF_TASK_FD_QUERY", 20, "BPF_MAP_LOOKUP_AND_DELETE_ELEM", 21, "BPF_MAP_FREEZE", 22,
            "BPF_BTF_GET_NEXT_ID", 23, "BPF_MAP_LOOKUP_BATCH", 24, "BPF_MAP_LOOKUP_AND_DELETE_BATCH", 25,
            "BPF_MAP_UPDATE_BATCH", 26, "BPF_MAP_DELETE_BATCH", 27, "BPF_LINK_CREATE", 28,
            "BPF_LINK_UPDATE", 29, "BPF_LINK_GET_FD_BY_ID", 30, "BPF_LINK_GET_NEXT_ID", 31,
            "BPF_ENABLE_STATS", 32, "BPF_ITER_CREATE", 33, "BPF_LINK_DETACH", 34, "BPF_PROG_BIND_MAP", 35);

    static final FlagTable PRCTL = FlagTable.enumeration(
            "PR_GET_DUMPABLE", 3, "PR_SET_DUMPABLE", 4, "PR_GET_KEEPCAPS", 7, "PR_SET_KEEPCAPS", 8,
            "PR_SET_NAME", 15, "PR_GET_NAME", 16, "PR_GET_SECCOMP", 21, "PR_SET_SECCOMP", 22,
            "PR_CAPBSET_READ", 23, "PR_CAPBSET_DROP", 24, "PR_GET_SECUREBITS", 27, "PR_SET_SECUREBITS", 28,
            "PR_MCE_KILL", 33, "PR_MCE_KILL", 34, "PR_SET_MM", 35, "PR_SET_CHILD_SUBREAPER", 36,
            "PR_GET_CHILD_SUBREAPER", 37, "PR_SET_NO_NEW_PRIVS", 38, "PR_GET_NO_NEW_PRIVS", 39,
            "PR_GET_TID_ADDRESS", 40, "PR_SET_THP_DISABLE", 41, "PR_GET_THP_DISABLE", 42, "PR_CAP_AMBIENT", 47);

    static final FlagTable FCNTL = FlagTable.enumeration(
            "F_GETPIPE_SZ", 1032, "F_SETPIPE_SZ", 1031, "F_NOTIFY", 1026, "F_DUPFD_CLOEXEC", 1030,
            "F_CANCELLK", 1029, "F_GETLEASE", 1025, "F_SETLEASE", 1024, "F_GETOWN_EX", 16, "F_SETOWN_EX", 15,
            "F_GETSIG", 11, "F_SETSIG", 10, "F_GETOWN", 9, "F_SETOWN", 8, "F_SETLKW", 7, "F_SETLK", 6,
            "F_GETLK", 5, "F_SETFL", 4, "F_GETFL", 3, "F_SETFD", 2, "F_GETFD", 1, "F_DUPFD", 0,
            "F_OFD_GETLK", 36, "F_OFD_SETLK", 37, "F_OFD_SETLKW", 38);

    static final FlagTable MOUNT = FlagTable.bits(
            "RDONLY", 1, "NOSUID", 2, "NODEV", 4, "NOEXEC", 8, "SYNCHRONOUS", 16, "REMOUNT", 32,
            "MANDLOCK", 64, "DIRSYNC", 128, "NOATIME", 1024, "NODIRATIME", 2048, "BIND", 4096,
            "MOVE", 8192, "REC", 16384, "SILENT", 32768, "POSIXACL", 1 << 16, "UNBINDABLE", 1 << 17,
            "PRIVATE", 1 << 18, "SLAVE", 1 << 19, "SHARED", 1 << 20, "RELATIME", 1 << 21,
            "KERNMOUNT", 1 << 22, "I_VERSION", 1 << 23, "STRICTATIME", 1 << 24, "LAZYTIME", 1 << 25,
            "NOSEC", 1 << 28, "BORN", 1 << 29, "ACTIVE", 1 << 30, "NOUSER", 1L << 31);

    static final FlagTable UMOUNT = FlagTable.bits("FORCE", 1, "DETACH", 2, "EXPIRE", 4, "NOFOLLOW", 8);
    static final FlagTable UNLINKAT = FlagTable.bits("AT_REMOVEDIR", 0x200);
    static final FlagTable LINKAT = FlagTable.bits("AT_SYMLINK_FOLLOW", 0x400, "AT_EMPTY_PATH", 0x1000);
    static final FlagTable FCHOWNAT = FlagTable.bits("AT_SYMLINK_NOFOLLOW", 0x100, "AT_EMPTY_PATH", 0x1000);
    static final FlagTable RENAMEAT2 = FlagTable.bits("RENAME_NOREPLACE", 1, "RENAME_EXCHANGE", 2,
            "RENAME_WHITEOUT", 4);
    static final FlagTable MEMFD = FlagTable.bits("MFD_CLOEXEC", 1, "MFD_ALLOW_SEALING", 2, "MFD_HUGETLB", 4);
    static final FlagTable SHUTDOWN = FlagTable.enumeration("SHUT_RDWR", 2, "SHUT_WR", 1, "SHUT_RD", 0);
    static final FlagTable RESOLVE = FlagTable.bits("RESOLVE_BENEATH", 8, "RESOLVE_IN_ROOT", 0x10,
            "RESOLVE_NO_MAGICLINKS", 2, "RESOLVE_NO_SYMLINKS", 4, "RESOLVE_NO_XDEV", 1, "RESOLVE_CACHED", 0x20);
    static final FlagTable FINIT_MODULE = FlagTable.bits("MODULE_INIT_IGNORE_MODVERSIONS", 1,
            "MODULE_INIT_IGNORE_VERMAGIC", 2, "MODULE_INIT_COMPRESSED_FILE", 4);
    static final FlagTable EXE = FlagTable.bits("EXE_WRITABLE", 1, "EXE_UPPER_LAYER", 2, "EXE_FROM_MEMFD", 4,
            "EXE_LOWER_LAYER", 8);
    static final FlagTable EXECVEAT = FlagTable.bits("AT_EMPTY_PATH", 0x1000, "AT_SYMLINK_NOFOLLOW", 0x100);

    /** File mode bits, printed by the rule Falco uses for {@code PT_MODE}. */
    static final String[] MODE_NAMES = {"S_IXOTH", "S_IWOTH", "S_IROTH", "S_IXGRP", "S_IWGRP", "S_IRGRP",
        "S_IXUSR", "S_IWUSR", "S_IRUSR", "S_ISVTX", "S_ISGID", "S_ISUID"};
    static final long[] MODE_VALUES = {01, 02, 04, 010, 020, 040, 0100, 0200, 0400, 01000, 02000, 04000};

    private static final Map<String, Object> BY_PARAM = new HashMap<>();

    static {
        for (String e : new String[] {"open", "openat", "openat2"}) {
            BY_PARAM.put(e + ".flags", OPEN);
        }
        BY_PARAM.put("creat.creat_flags", OPEN);
        BY_PARAM.put("dup3.flags", OPEN);
        BY_PARAM.put("pipe2.flags", OPEN);
        BY_PARAM.put("openat2.resolve", RESOLVE);
        for (String e : new String[] {"clone", "clone3", "fork", "vfork"}) {
            BY_PARAM.put(e + ".flags", CLONE);
        }
        BY_PARAM.put("unshare.flags", CLONE);
        BY_PARAM.put("setns.nstype", CLONE);
        BY_PARAM.put("execve.flags", EXE);
        BY_PARAM.put("execveat.flags", EXE);
        BY_PARAM.put("ptrace.request", PTRACE);
        BY_PARAM.put("socket.domain", SOCKET_FAMILY);
        BY_PARAM.put("socketpair.domain", SOCKET_FAMILY);
        BY_PARAM.put("bpf.cmd", BPF_CMD);
        BY_PARAM.put("prctl.option", PRCTL);
        BY_PARAM.put("fcntl.cmd", FCNTL);
        BY_PARAM.put("mount.flags", MOUNT);
        BY_PARAM.put("umount2.flags", UMOUNT);
        BY_PARAM.put("unlinkat.flags", UNLINKAT);
        BY_PARAM.put("linkat.flags", LINKAT);
        BY_PARAM.put("fchownat.flags", FCHOWNAT);
        BY_PARAM.put("renameat2.flags", RENAMEAT2);
        BY_PARAM.put("memfd_create.flags", MEMFD);
        BY_PARAM.put("shutdown.how", SHUTDOWN);
        BY_PARAM.put("finit_module.flags", FINIT_MODULE);
    }

    private FlagTables() {
    }

    /** The table for a parameter: a {@link FlagTable}, {@link #OPEN}, or null if none. */
    public static Object forParam(String event, String param) {
        return BY_PARAM.get(event + "." + param);
    }

    /** File mode bits with Falco's names, e.g. {@code S_IXOTH|S_IROTH|...}. */
    public static String mode(long value) {
        StringBuilder sb = new StringBuilder();
        long rest = value;
        int i = 0;
        for (; i < MODE_NAMES.length && MODE_VALUES[i] != value; i++) {
            long v = MODE_VALUES[i];
            if ((v & rest) == v && rest != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(MODE_NAMES[i]);
                rest &= ~v;
            }
        }
        if (i < MODE_NAMES.length) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(MODE_NAMES[i]);
        }
        return sb.toString();
    }
}
