package io.vigil.syscall.internal.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vigil.syscall.api.EventInfo;
import io.vigil.syscall.api.SockAddr;
import io.vigil.syscall.api.SyscallEvent;
import io.vigil.syscall.api.SyscallRecord;

/**
 * Keeps {@link SyscallState} current from syscall events: process creation, exec and exit,
 * credentials, working directory, and the fd table of each process. Parameters are found by
 * their Falco names, resolved once per event type, so the parser follows the event table
 * whatever the parameter order.
 */
public final class StateUpdater {

    /** What an event type does to the state. */
    enum Kind {
        NONE, USES_FD, CLONE, EXECVE, PROCEXIT, OPEN, CLOSE, DUP, FCNTL, SOCKET, SOCKETPAIR, CONNECT,
        ACCEPT, BIND, PIPE, MEMFD, EVENTFD, SIGNALFD, TIMERFD, INOTIFY, USERFAULTFD, EVENTPOLL, BPF,
        PIDFD, CHDIR, FCHDIR, SETUID, SETGID, SETREUID, SETREGID, SETRESUID, SETRESGID, CAPSET, PRCTL,
        SETSID
    }

    private static final Map<String, Kind> KINDS = new HashMap<>();

    static {
        for (String n : List.of("clone", "clone3", "fork", "vfork")) {
            KINDS.put(n, Kind.CLONE);
        }
        KINDS.put("execve", Kind.EXECVE);
        KINDS.put("execveat", Kind.EXECVE);
        KINDS.put("procexit", Kind.PROCEXIT);
        for (String n : List.of("open", "openat", "openat2", "creat")) {
            KINDS.put(n, Kind.OPEN);
        }
        KINDS.put("close", Kind.CLOSE);
        for (String n : List.of("dup", "dup2", "dup3")) {
            KINDS.put(n, Kind.DUP);
        }
        KINDS.put("fcntl", Kind.FCNTL);
        KINDS.put("socket", Kind.SOCKET);
        KINDS.put("socketpair", Kind.SOCKETPAIR);
        KINDS.put("connect", Kind.CONNECT);
        KINDS.put("accept", Kind.ACCEPT);
        KINDS.put("accept4", Kind.ACCEPT);
        KINDS.put("bind", Kind.BIND);
        KINDS.put("pipe", Kind.PIPE);
        KINDS.put("pipe2", Kind.PIPE);
        KINDS.put("memfd_create", Kind.MEMFD);
        KINDS.put("eventfd", Kind.EVENTFD);
        KINDS.put("eventfd2", Kind.EVENTFD);
        KINDS.put("signalfd", Kind.SIGNALFD);
        KINDS.put("signalfd4", Kind.SIGNALFD);
        KINDS.put("timerfd_create", Kind.TIMERFD);
        KINDS.put("inotify_init", Kind.INOTIFY);
        KINDS.put("inotify_init1", Kind.INOTIFY);
        KINDS.put("userfaultfd", Kind.USERFAULTFD);
        KINDS.put("epoll_create", Kind.EVENTPOLL);
        KINDS.put("epoll_create1", Kind.EVENTPOLL);
        KINDS.put("bpf", Kind.BPF);
        KINDS.put("pidfd_open", Kind.PIDFD);
        KINDS.put("chdir", Kind.CHDIR);
        KINDS.put("fchdir", Kind.FCHDIR);
        KINDS.put("setuid", Kind.SETUID);
        KINDS.put("setgid", Kind.SETGID);
        KINDS.put("setreuid", Kind.SETREUID);
        KINDS.put("setregid", Kind.SETREGID);
        KINDS.put("setresuid", Kind.SETRESUID);
        KINDS.put("setresgid", Kind.SETRESGID);
        KINDS.put("capset", Kind.CAPSET);
        KINDS.put("prctl", Kind.PRCTL);
        KINDS.put("setsid", Kind.SETSID);
    }

    /**
     * The names of the event types that change the state (process lifecycle, credentials,
     * cwd and fd tables); a capture must deliver them whatever the rules need.
     */
    public static java.util.Set<String> stateEventNames() {
        return java.util.Set.copyOf(KINDS.keySet());
    }

    // Parameter names the state reads, by slot.
    static final String[] PARAMS = {"res", "fd", "dirfd", "name", "flags", "mode", "dev", "ino", "exe", "args",
        "tid", "pid", "ptid", "cwd", "comm", "cgroups", "env", "tty", "vpgid", "loginuid", "cap_inheritable",
        "cap_permitted", "cap_effective", "exe_ino", "exe_ino_ctime", "exe_ino_mtime", "uid", "gid",
        "trusted_exepath", "pgid", "vtid", "vpid", "tuple", "addr", "domain", "type", "proto", "oldfd",
        "fd1", "fd2", "cmd", "path", "ruid", "euid", "rgid", "egid", "option", "arg2_str", "source", "peer", "reaper_tid", "fdlimit", "vm_size", "vm_rss", "vm_swap",
        "pidns_init_start_ts"};
    static final int RES = 0, FD = 1, DIRFD = 2, NAME = 3, FLAGS = 4, MODE = 5, DEV = 6, INO = 7, EXE = 8,
            ARGS = 9, TID = 10, PID = 11, PTID = 12, CWD = 13, COMM = 14, CGROUPS = 15, ENV = 16, TTY = 17,
            VPGID = 18, LOGINUID = 19, CAP_INH = 20, CAP_PRM = 21, CAP_EFF = 22, EXE_INO = 23,
            EXE_INO_CTIME = 24, EXE_INO_MTIME = 25, UID = 26, GID = 27, TRUSTED_EXEPATH = 28, PGID = 29,
            VTID = 30, VPID = 31, TUPLE = 32, ADDR = 33, DOMAIN = 34, TYPE = 35, PROTO = 36, OLDFD = 37,
            FD1 = 38, FD2 = 39, CMD = 40, PATH = 41, RUID = 42, EUID = 43, RGID = 44, EGID = 45,
            OPTION = 46, ARG2_STR = 47, SOURCE = 48, PEER = 49, REAPER_TID = 50,
            FDLIMIT = 51, VM_SIZE = 52, VM_RSS = 53, VM_SWAP = 54, PIDNS_INIT_START_TS = 55;

    private static final int EXE_WRITABLE = 1;
    private static final int EXE_UPPER_LAYER = 2;
    private static final int EXE_FROM_MEMFD = 4;
    private static final int EXE_LOWER_LAYER = 8;
    private static final long EINPROGRESS = -115;

    /** The parameter slots and kind of one event type, computed once. */
    static final class Binding {
        final EventInfo info;
        final Kind kind;
        final int[] index = new int[PARAMS.length];

        Binding(EventInfo info) {
            this.info = info;
            Kind k = KINDS.get(info.name());
            for (int i = 0; i < PARAMS.length; i++) {
                index[i] = info.paramIndex(PARAMS[i]);
            }
            if (k == null) {
                k = index[FD] >= 0 ? Kind.USES_FD : Kind.NONE;
            }
            this.kind = k;
        }
    }

    private final SyscallState state;
    private final ThreadTable threads;
    private Binding[] bindings = new Binding[128];
    private final byte[] buf = new byte[512];

    public StateUpdater(SyscallState state) {
        this.state = state;
        this.threads = state.threads();
    }

    /** Updates the state from one event and sets the state's {@link EventContext} for it. */
    public void update(SyscallEvent e) {
        threads.removeExited();
        state.noteEvent(e.timestamp());
        Binding b = binding(e);
        EventContext ctx = state.context();
        if (b.kind == Kind.CLONE && e.result() == 0) {
            ThreadInfo child = cloneChild(e, b);
            child.lastEvent = e.number();
            ctx.reset(e.number(), child);
            return;
        }
        ThreadInfo t = thread(e.tid(), e.pid());
        t.lastEvent = e.number();
        ctx.reset(e.number(), t);
        switch (b.kind) {
            case CLONE -> cloneParent(e, b, t);
            case EXECVE -> execve(e, b, t);
            case PROCEXIT -> {
                threads.markExited(t);
                long reaper = num(e, b, REAPER_TID, 0);
                if (t.isMainThread() && reaper > 0) {
                    threads.noteReaper(t.pid, (int) reaper);
                }
            }
            case OPEN -> open(e, b, t, ctx);
            case CLOSE -> close(e, b, t, ctx);
            case DUP -> dup(e, b, t, ctx);
            case FCNTL -> fcntl(e, b, t, ctx);
            case SOCKET -> socket(e, b, t, ctx);
            case SOCKETPAIR -> socketpair(e, b, t, ctx);
            case CONNECT -> connect(e, b, t, ctx);
            case ACCEPT -> accept(e, b, t, ctx);
            case BIND -> bind(e, b, t, ctx);
            case PIPE -> pipe(e, b, t, ctx);
            case MEMFD -> memfd(e, b, t, ctx);
            case EVENTFD -> newFd(e, b, t, ctx, FdType.EVENT);
            case SIGNALFD -> newFd(e, b, t, ctx, FdType.SIGNALFD);
            case TIMERFD -> newFd(e, b, t, ctx, FdType.TIMERFD);
            case INOTIFY -> newFd(e, b, t, ctx, FdType.INOTIFY);
            case USERFAULTFD -> newFd(e, b, t, ctx, FdType.USERFAULTFD);
            case EVENTPOLL -> newFd(e, b, t, ctx, FdType.EVENTPOLL);
            case BPF -> newFd(e, b, t, ctx, FdType.BPF);
            case PIDFD -> newFd(e, b, t, ctx, FdType.PIDFD);
            case CHDIR -> chdir(e, b, t);
            case FCHDIR -> fchdir(e, b, t, ctx);
            case SETUID -> {
                if (e.result() == 0) {
                    setUid(t, num(e, b, UID, -1));
                }
            }
            case SETGID -> {
                if (e.result() == 0) {
                    setGid(t, num(e, b, GID, -1));
                }
            }
            case SETREUID, SETRESUID -> {
                if (e.result() == 0) {
                    setUid(t, num(e, b, EUID, -1));
                }
            }
            case SETREGID, SETRESGID -> {
                if (e.result() == 0) {
                    setGid(t, num(e, b, EGID, -1));
                }
            }
            case CAPSET -> {
                if (e.result() == 0) {
                    t.setCaps(num(e, b, CAP_INH, t.capInheritable), num(e, b, CAP_PRM, t.capPermitted),
                            num(e, b, CAP_EFF, t.capEffective));
                }
            }
            case PRCTL -> {
                if (e.result() >= 0 && num(e, b, OPTION, -1) == LinuxFlags.PR_SET_NAME) {
                    String name = str(e, b, ARG2_STR);
                    if (name != null) {
                        t.setComm(name);
                    }
                }
            }
            case SETSID -> {
                if (e.result() > 0) {
                    t.sid = (int) e.result();
                    t.vpgid = t.sid;
                    t.pgid = t.sid;
                }
            }
            case USES_FD -> usesFd(e, b, t, ctx);
            default -> {
            }
        }
    }

    private Binding binding(SyscallEvent e) {
        int code = e.type();
        if (code < 0) {
            return new Binding(e.info());
        }
        if (code >= bindings.length) {
            bindings = java.util.Arrays.copyOf(bindings, Math.max(code + 1, bindings.length * 2));
        }
        Binding b = bindings[code];
        EventInfo info = e.info();
        if (b == null || b.info != info) {
            b = new Binding(info);
            bindings[code] = b;
        }
        return b;
    }

    /** The thread, read from /proc or made up from the ids if Vigil never saw it start. */
    private ThreadInfo thread(int tid, int pid) {
        ThreadInfo t = threads.get(tid);
        if (t != null) {
            return t;
        }
        // A new thread of a known process shares its fd table and cwd; anything else is read
        // from /proc, or made up from the ids if it is gone already.
        ThreadInfo main = pid != tid ? threads.get(pid) : null;
        if (main != null) {
            t = main.cloneAs(tid, pid, LinuxFlags.CLONE_THREAD | LinuxFlags.CLONE_FILES | LinuxFlags.CLONE_FS);
        } else {
            ProcReader proc = state.proc();
            t = proc == null ? null : proc.readThread(tid);
            if (t == null) {
                t = new ThreadInfo(tid, pid);
            }
        }
        threads.put(t);
        return t;
    }

    // ---- process lifecycle -------------------------------------------------------------

    private void cloneParent(SyscallEvent e, Binding b, ThreadInfo parent) {
        long res = e.result();
        if (res <= 0) {
            return;
        }
        int childTid = (int) res;
        if (threads.get(childTid) != null && !threads.get(childTid).exited) {
            return; // the child's own record came first and set it up
        }
        long flags = num(e, b, FLAGS, 0);
        int childPid = (flags & LinuxFlags.CLONE_THREAD) != 0 ? parent.pid : childTid;
        ThreadInfo child = parent.cloneAs(childTid, childPid, flags);
        child.cloneTs = e.timestamp();
        child.lastEvent = e.number();
        threads.put(child);
    }

    private ThreadInfo cloneChild(SyscallEvent e, Binding b) {
        int tid = e.tid();
        ThreadInfo child = threads.get(tid);
        long flags = num(e, b, FLAGS, 0);
        if (child == null || child.exited) {
            int ptid = (int) num(e, b, PTID, 0);
            ThreadInfo parent = ptid > 0 ? threads.get(ptid) : null;
            if (parent != null) {
                child = parent.cloneAs(tid, e.pid(), flags);
            } else {
                child = new ThreadInfo(tid, e.pid());
                child.ptid = ptid;
            }
            child.cloneTs = e.timestamp();
            threads.put(child);
        }
        child.pid = e.pid();
        String exe = str(e, b, EXE);
        if (exe != null) {
            child.exe = exe;
        }
        List<String> args = strs(e, b, ARGS);
        if (args != null) {
            child.setArgs(args);
        }
        String comm = str(e, b, COMM);
        if (comm != null) {
            child.setComm(comm);
        }
        child.vtid = (int) num(e, b, VTID, child.vtid);
        child.vpid = (int) num(e, b, VPID, child.vpid);
        child.uid = num(e, b, UID, child.uid);
        child.gid = num(e, b, GID, child.gid);
        List<String> cg = strs(e, b, CGROUPS);
        if (cg != null) {
            child.setCgroups(cg);
        }
        resources(e, b, child);
        // The probe records the namespace init's start in ns since boot; the state keeps ns since
        // the epoch (ThreadView's contract, Falco's proc.pidns_init_start_ts and container.start_ts).
        long nsInit = num(e, b, PIDNS_INIT_START_TS, -1);
        if (nsInit >= 0) {
            child.pidnsInitStartTs = nsInit == 0 ? 0 : nsInit + bootTime(e);
        }
        return child;
    }

    /** The epoch time of boot the record's timestamp was converted with; 0 for other events. */
    private static long bootTime(SyscallEvent e) {
        return e instanceof SyscallRecord r ? r.timestamp() - r.bootTimestamp() : 0;
    }

    private void execve(SyscallEvent e, Binding b, ThreadInfo t) {
        if (e.result() != 0) {
            return;
        }
        String exe = str(e, b, EXE);
        if (exe != null) {
            t.exe = exe;
        }
        List<String> args = strs(e, b, ARGS);
        if (args != null) {
            t.setArgs(args);
        }
        String comm = str(e, b, COMM);
        if (comm != null) {
            t.setComm(comm);
        }
        String cwd = str(e, b, CWD);
        if (cwd != null && !cwd.isEmpty()) {
            t.cwd.path = cwd;
        }
        List<String> env = strs(e, b, ENV);
        if (env != null) {
            t.setEnv(env);
        }
        List<String> cg = strs(e, b, CGROUPS);
        if (cg == null && state.proc() != null) {
            // Container runtimes move a process into the container's cgroup after it was
            // cloned, so the parent's cgroups are stale by exec; ask /proc if the record did not say.
            cg = state.proc().readCgroups(t.pid);
        }
        if (cg != null) {
            t.setCgroups(cg);
        }
        t.tty = num(e, b, TTY, t.tty);
        t.vpgid = (int) num(e, b, VPGID, t.vpgid);
        t.pgid = (int) num(e, b, PGID, t.pgid);
        t.loginuid = num(e, b, LOGINUID, t.loginuid);
        long exeFlags = num(e, b, FLAGS, 0);
        t.exeWritable = (exeFlags & EXE_WRITABLE) != 0;
        t.exeUpperLayer = (exeFlags & EXE_UPPER_LAYER) != 0;
        t.exeLowerLayer = (exeFlags & EXE_LOWER_LAYER) != 0;
        t.exeFromMemfd = (exeFlags & EXE_FROM_MEMFD) != 0;
        t.setCaps(num(e, b, CAP_INH, t.capInheritable), num(e, b, CAP_PRM, t.capPermitted),
                num(e, b, CAP_EFF, t.capEffective));
        t.exeIno = num(e, b, EXE_INO, 0);
        t.exeInoCtime = num(e, b, EXE_INO_CTIME, 0);
        t.exeInoMtime = num(e, b, EXE_INO_MTIME, 0);
        t.exeInoCtimeDurationCloneTs = t.cloneTs != 0 && t.exeInoCtime != 0 ? t.cloneTs - t.exeInoCtime : 0;
        t.uid = num(e, b, UID, t.uid);
        t.gid = num(e, b, GID, t.gid);
        t.euid = t.uid;
        t.egid = t.gid;
        String trusted = str(e, b, TRUSTED_EXEPATH);
        if (trusted != null && !trusted.isEmpty()) {
            t.exepath = trusted;
        } else if (!t.exe.isEmpty()) {
            t.exepath = PathUtil.resolve(t.cwd.path, t.exe);
        }
        resources(e, b, t);
        t.fds.closeOnExec();
    }

    private static void resources(SyscallEvent e, Binding b, ThreadInfo t) {
        t.fdlimit = num(e, b, FDLIMIT, t.fdlimit);
        t.vmSizeKb = num(e, b, VM_SIZE, t.vmSizeKb);
        t.vmRssKb = num(e, b, VM_RSS, t.vmRssKb);
        t.vmSwapKb = num(e, b, VM_SWAP, t.vmSwapKb);
    }

    private static void setUid(ThreadInfo t, long uid) {
        if (uid >= 0 && uid != 0xffffffffL) {
            t.uid = uid;
            t.euid = uid;
        }
    }

    private static void setGid(ThreadInfo t, long gid) {
        if (gid >= 0 && gid != 0xffffffffL) {
            t.gid = gid;
            t.egid = gid;
        }
    }

    private void chdir(SyscallEvent e, Binding b, ThreadInfo t) {
        if (e.result() != 0) {
            return;
        }
        String path = str(e, b, PATH);
        if (path != null) {
            t.cwd.path = PathUtil.resolve(t.cwd.path, path);
        }
    }

    private void fchdir(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx) {
        usesFd(e, b, t, ctx);
        if (e.result() == 0 && ctx.fd != null) {
            t.cwd.path = ctx.fd.name();
        }
    }

    // ---- fds ---------------------------------------------------------------------------------

    /** The absolute form of a path argument, relative to {@code dirfd} or the cwd. */
    public static String resolveAt(ThreadInfo t, long dirfd, String path) {
        if (path == null) {
            return null;
        }
        if (path.startsWith("/")) {
            return PathUtil.normalize(path);
        }
        String base = t.cwd.path;
        if (dirfd != LinuxFlags.AT_FDCWD && dirfd >= 0) {
            FdInfo dir = t.fds.get(dirfd);
            base = dir == null ? null : dir.name();
            if (base == null || base.isEmpty()) {
                return path; // the directory is unknown: keep what the process passed
            }
        }
        return PathUtil.resolve(base, path);
    }

    private void usesFd(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx) {
        int i = b.index[FD];
        if (!has(e, i)) {
            return;
        }
        long fd = e.paramLong(i);
        ctx.fdNum = fd;
        ctx.fd = t.fds.get(fd);
        // An unconnected socket (UDP) takes the peer of each sendto/recvfrom as its name, and
        // fd.name_changed tells when it changed, as in Falco.
        if (ctx.fd != null && ctx.fd.type.isIpSocket() && !ctx.fd.connected && !ctx.fd.type.isServerSocket()
                && has(e, b.index[TUPLE])) {
            if (applyTuple(e, b.index[TUPLE], ctx.fd, false)) {
                ctx.nameChanged = true;
            }
            if (ctx.fd.role == FdInfo.ROLE_NONE) {
                ctx.fd.role = FdInfo.ROLE_CLIENT;
            }
        }
    }

    private void open(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx) {
        long fd = num(e, b, FD, e.result());
        String name = str(e, b, NAME);
        long dirfd = num(e, b, DIRFD, LinuxFlags.AT_FDCWD);
        long flags = b.index[FLAGS] >= 0 ? num(e, b, FLAGS, 0)
                : LinuxFlags.O_CREAT | LinuxFlags.O_WRONLY | LinuxFlags.O_TRUNC; // creat()
        String resolved = resolveAt(t, dirfd, name);
        ctx.fdNum = fd;
        ctx.pathRaw = name;
        ctx.path = resolved;
        if (fd < 0 || name == null) {
            return;
        }
        boolean dir = (flags & LinuxFlags.O_DIRECTORY) != 0
                && (flags & LinuxFlags.O_TMPFILE) != LinuxFlags.O_TMPFILE;
        FdInfo info = new FdInfo(dir ? FdType.DIRECTORY : FdType.FILE, resolved);
        info.nameRaw = name;
        info.openFlags = flags;
        info.dev = num(e, b, DEV, 0);
        info.ino = num(e, b, INO, 0);
        info.upperLayer = (flags & LinuxFlags.VIGIL_FD_UPPER_LAYER) != 0;
        info.lowerLayer = (flags & LinuxFlags.VIGIL_FD_LOWER_LAYER) != 0;
        t.fds.put(fd, info);
        ctx.fd = info;
    }

    private void close(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx) {
        usesFd(e, b, t, ctx);
        if (e.result() >= 0 && ctx.hasFd()) {
            t.fds.remove(ctx.fdNum);
        }
    }

    private void dup(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx) {
        int i = b.index[OLDFD];
        if (!has(e, i)) {
            return;
        }
        long oldfd = e.paramLong(i);
        ctx.fdNum = oldfd;
        ctx.fd = t.fds.get(oldfd);
        long res = e.result();
        if (res >= 0 && ctx.fd != null && res != oldfd) {
            FdInfo copy = ctx.fd.copy();
            copy.openFlags &= ~LinuxFlags.O_CLOEXEC;
            if ((num(e, b, FLAGS, 0) & LinuxFlags.O_CLOEXEC) != 0) {
                copy.openFlags |= LinuxFlags.O_CLOEXEC;
            }
            t.fds.put(res, copy);
        }
    }

    private void fcntl(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx) {
        usesFd(e, b, t, ctx);
        long cmd = num(e, b, CMD, -1);
        long res = e.result();
        if ((cmd == LinuxFlags.F_DUPFD || cmd == LinuxFlags.F_DUPFD_CLOEXEC) && res >= 0 && ctx.fd != null) {
            FdInfo copy = ctx.fd.copy();
            copy.openFlags = cmd == LinuxFlags.F_DUPFD_CLOEXEC ? copy.openFlags | LinuxFlags.O_CLOEXEC
                    : copy.openFlags & ~LinuxFlags.O_CLOEXEC;
            t.fds.put(res, copy);
        }
    }

    private void socket(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx) {
        long fd = num(e, b, FD, e.result());
        ctx.fdNum = fd;
        if (fd < 0) {
            return;
        }
        int domain = (int) num(e, b, DOMAIN, 0);
        int type = (int) num(e, b, TYPE, 0) & LinuxFlags.SOCK_TYPE_MASK;
        int proto = (int) num(e, b, PROTO, 0);
        FdInfo info = new FdInfo();
        switch (domain) {
            case SockAddr.AF_INET -> info.type = FdType.IPV4_SOCK;
            case SockAddr.AF_INET6 -> info.type = FdType.IPV6_SOCK;
            case SockAddr.AF_UNIX -> info.type = FdType.UNIX_SOCK;
            case SockAddr.AF_NETLINK -> info.type = FdType.NETLINK;
            default -> info.type = FdType.UNKNOWN;
        }
        if (info.type.isIpSocket()) {
            info.l4proto = l4proto(type, proto);
        }
        t.fds.put(fd, info);
        ctx.fd = info;
    }

    private static int l4proto(int type, int proto) {
        if (type == LinuxFlags.SOCK_STREAM) {
            return FdInfo.L4_TCP;
        }
        if (type == LinuxFlags.SOCK_DGRAM) {
            return proto == LinuxFlags.IPPROTO_ICMP || proto == LinuxFlags.IPPROTO_ICMPV6 ? FdInfo.L4_ICMP
                    : FdInfo.L4_UDP;
        }
        if (type == LinuxFlags.SOCK_RAW) {
            return proto == LinuxFlags.IPPROTO_ICMP || proto == LinuxFlags.IPPROTO_ICMPV6 ? FdInfo.L4_ICMP
                    : FdInfo.L4_RAW;
        }
        return FdInfo.L4_UNKNOWN;
    }

    private void socketpair(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx) {
        if (e.result() < 0) {
            return;
        }
        long fd1 = num(e, b, FD1, -1);
        long fd2 = num(e, b, FD2, -1);
        int domain = (int) num(e, b, DOMAIN, SockAddr.AF_UNIX);
        long source = num(e, b, SOURCE, 0);
        long peer = num(e, b, PEER, 0);
        for (long fd : new long[] {fd1, fd2}) {
            if (fd < 0) {
                continue;
            }
            FdInfo info = new FdInfo();
            info.type = domain == SockAddr.AF_UNIX ? FdType.UNIX_SOCK : FdType.UNKNOWN;
            info.unixSource = fd == fd1 ? source : peer;
            info.unixDest = fd == fd1 ? peer : source;
            t.fds.put(fd, info);
        }
        ctx.fdNum = fd1;
        ctx.fd = t.fds.get(fd1);
    }

    private void connect(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx) {
        usesFd(e, b, t, ctx);
        if (!ctx.hasFd() || ctx.fdNum < 0) {
            return;
        }
        long res = e.result();
        int ti = b.index[TUPLE];
        if (!has(e, ti)) {
            // No tuple (failed or fast-open connects): like Falco, a connect that is succeeding
            // still learns its destination from the address argument.
            if ((res == 0 || res == EINPROGRESS) && ctx.fd != null && has(e, b.index[ADDR])) {
                destinationFromAddr(e, b.index[ADDR], ctx.fd);
                ctx.fd.connected = res == 0;
                if (ctx.fd.role == FdInfo.ROLE_NONE) {
                    ctx.fd.role = FdInfo.ROLE_CLIENT;
                }
            }
            return;
        }
        FdInfo info = ctx.fd;
        if (info == null) {
            info = new FdInfo();
            t.fds.put(ctx.fdNum, info);
            ctx.fd = info;
        }
        if (applyTuple(e, ti, info, false)) {
            ctx.nameChanged = true;
        }
        if (info.role == FdInfo.ROLE_NONE) {
            info.role = FdInfo.ROLE_CLIENT;
        }
        info.connected = res == 0;
        if (res < 0 && res != EINPROGRESS) {
            info.connected = false;
        }
    }

    private void accept(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx) {
        long fd = num(e, b, FD, e.result());
        ctx.fdNum = fd;
        if (fd < 0) {
            return;
        }
        FdInfo info = new FdInfo();
        int ti = b.index[TUPLE];
        if (has(e, ti)) {
            applyTuple(e, ti, info, true);
        }
        info.role = FdInfo.ROLE_SERVER;
        info.connected = true;
        if (info.l4proto == FdInfo.L4_UNKNOWN && info.type.isIpSocket()) {
            info.l4proto = FdInfo.L4_TCP; // only connection-oriented sockets accept
        }
        t.fds.put(fd, info);
        ctx.fd = info;
    }

    private void bind(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx) {
        usesFd(e, b, t, ctx);
        FdInfo info = ctx.fd;
        int ai = b.index[ADDR];
        if (info == null || e.result() < 0 || !has(e, ai)) {
            return;
        }
        int n = e.copyParam(ai, buf);
        if (n < 1) {
            return;
        }
        int family = buf[0] & 0xff;
        if (family == SockAddr.AF_INET && n >= 7) {
            byte[] ip = java.util.Arrays.copyOfRange(buf, 1, 5);
            int port = port(buf, 5);
            if (port > 0) {
                info.type = FdType.IPV4_SERVSOCK;
                info.serverIp = ip;
                info.serverPort = port;
                info.role = FdInfo.ROLE_SERVER;
            }
            info.setName(NetFormat.endpoint(ip, port));
        } else if (family == SockAddr.AF_INET6 && n >= 19) {
            byte[] ip = java.util.Arrays.copyOfRange(buf, 1, 17);
            int port = port(buf, 17);
            boolean mapped = NetFormat.isV4Mapped(ip);
            if (mapped) {
                ip = NetFormat.v4Tail(ip);
            }
            if (port > 0) {
                info.type = mapped ? FdType.IPV4_SERVSOCK : FdType.IPV6_SERVSOCK;
                info.serverIp = ip;
                info.serverPort = port;
                info.role = FdInfo.ROLE_SERVER;
            }
            info.setName(NetFormat.endpoint(ip, port));
        } else if (family == SockAddr.AF_UNIX) {
            info.setName(cString(buf, 1, n));
        }
        ctx.nameChanged = true;
    }

    private void destinationFromAddr(SyscallEvent e, int i, FdInfo info) {
        int n = e.copyParam(i, buf);
        int family = n > 0 ? buf[0] & 0xff : -1;
        if (family == SockAddr.AF_INET && n >= 7) {
            info.type = FdType.IPV4_SOCK;
            info.dip = java.util.Arrays.copyOfRange(buf, 1, 5);
            info.dport = port(buf, 5);
        } else if (family == SockAddr.AF_INET6 && n >= 19) {
            byte[] ip = java.util.Arrays.copyOfRange(buf, 1, 17);
            boolean mapped = NetFormat.isV4Mapped(ip);
            info.type = mapped ? FdType.IPV4_SOCK : FdType.IPV6_SOCK;
            info.dip = mapped ? NetFormat.v4Tail(ip) : ip;
            info.dport = port(buf, 17);
        }
    }

    /**
     * Applies a SOCKTUPLE parameter to {@code info}: type, addresses, ports and name. For an
     * accepted connection the tuple's source is the remote client, as in Falco.
     *
     * @return true if the fd's name changed
     */
    private boolean applyTuple(SyscallEvent e, int i, FdInfo info, boolean accepted) {
        int n = e.copyParam(i, buf);
        if (n < 1) {
            return false;
        }
        String before = info.name();
        int family = buf[0] & 0xff;
        if (family == SockAddr.AF_INET && n >= 13) {
            info.type = FdType.IPV4_SOCK;
            info.sip = java.util.Arrays.copyOfRange(buf, 1, 5);
            info.sport = port(buf, 5);
            info.dip = java.util.Arrays.copyOfRange(buf, 7, 11);
            info.dport = port(buf, 11);
            info.nameFromTuple();
        } else if (family == SockAddr.AF_INET6 && n >= 37) {
            byte[] sip = java.util.Arrays.copyOfRange(buf, 1, 17);
            int sport = port(buf, 17);
            byte[] dip = java.util.Arrays.copyOfRange(buf, 19, 35);
            int dport = port(buf, 35);
            if (NetFormat.isV4Mapped(sip) && NetFormat.isV4Mapped(dip)) {
                info.type = FdType.IPV4_SOCK;
                sip = NetFormat.v4Tail(sip);
                dip = NetFormat.v4Tail(dip);
            } else {
                info.type = FdType.IPV6_SOCK;
            }
            info.sip = sip;
            info.sport = sport;
            info.dip = dip;
            info.dport = dport;
            info.nameFromTuple();
        } else if (family == SockAddr.AF_UNIX && n >= 17) {
            info.type = FdType.UNIX_SOCK;
            info.unixSource = longAt(buf, 1);
            info.unixDest = longAt(buf, 9);
            info.setName(NetFormat.unixTuple(info.unixSource, info.unixDest, cString(buf, 17, n)));
        } else {
            return false;
        }
        return !before.equals(info.name());
    }

    private static int port(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    private static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static String cString(byte[] b, int from, int to) {
        int end = from;
        while (end < to && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void pipe(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx) {
        if (e.result() < 0) {
            return;
        }
        long ino = num(e, b, INO, 0);
        long flags = num(e, b, FLAGS, 0);
        for (int slot : new int[] {FD1, FD2}) {
            long fd = num(e, b, slot, -1);
            if (fd >= 0) {
                FdInfo info = new FdInfo(FdType.FIFO, "");
                info.ino = ino;
                info.openFlags = flags;
                t.fds.put(fd, info);
            }
        }
        ctx.fdNum = num(e, b, FD1, -1);
        ctx.fd = t.fds.get(ctx.fdNum);
    }

    private void memfd(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx) {
        long fd = num(e, b, FD, e.result());
        ctx.fdNum = fd;
        if (fd < 0) {
            return;
        }
        String name = str(e, b, NAME);
        FdInfo info = new FdInfo(FdType.MEMFD, "memfd:" + (name == null ? "" : name));
        info.openFlags = num(e, b, FLAGS, 0);
        t.fds.put(fd, info);
        ctx.fd = info;
    }

    private void newFd(SyscallEvent e, Binding b, ThreadInfo t, EventContext ctx, FdType type) {
        long fd = b.index[FD] >= 0 ? num(e, b, FD, e.result()) : e.result();
        ctx.fdNum = fd;
        if (fd < 0) {
            return;
        }
        FdInfo info = new FdInfo(type, "");
        t.fds.put(fd, info);
        ctx.fd = info;
    }

    // ---- parameter access ---------------------------------------------------------------

    private static boolean has(SyscallEvent e, int i) {
        return i >= 0 && i < e.paramCount() && !e.isParamEmpty(i);
    }

    private static long num(SyscallEvent e, Binding b, int slot, long dflt) {
        int i = b.index[slot];
        return has(e, i) ? e.paramLong(i) : dflt;
    }

    private static String str(SyscallEvent e, Binding b, int slot) {
        int i = b.index[slot];
        return has(e, i) ? e.paramString(i) : null;
    }

    private static List<String> strs(SyscallEvent e, Binding b, int slot) {
        int i = b.index[slot];
        return has(e, i) ? List.copyOf(e.paramStrings(i)) : null;
    }
}
