package io.vigil.syscall.internal.fields;

import static io.vigil.syscall.internal.fields.Decl.add;
import static io.vigil.syscall.internal.fields.Decl.text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.FieldValue;
import io.vigil.syscall.api.SyscallEvent;
import io.vigil.syscall.internal.state.FdInfo;
import io.vigil.syscall.internal.state.ThreadInfo;
import io.vigil.syscall.internal.state.ThreadTable;

/** Falco's {@code proc.*} and {@code thread.*} fields, read from the thread table. */
final class ProcessFields {

    private static final String G = "process";
    /** Ancestor walks stop here, so a loop in parent links cannot hang extraction. */
    private static final int MAX_ANCESTORS = 64;

    private final EventView view;
    private final ThreadTable threads;

    ProcessFields(EventView view) {
        this.view = view;
        this.threads = view.state().threads();
    }

    static void declare(List<FieldDescriptor> d) {
        add(d, G, "proc.exe", FieldType.STRING, "The first command-line argument (argv[0]) of the process.");
        add(d, G, "proc.pexe", FieldType.STRING, "The proc.exe of the parent process.");
        add(d, G, "proc.aexe", FieldType.STRING, FieldArg.INDEX, false, false,
                "The proc.exe of an ancestor: [1] the parent, [2] the grandparent...; without index, any ancestor.");
        add(d, G, "proc.exepath", FieldType.STRING, "The full path of the executable file of the process.");
        add(d, G, "proc.pexepath", FieldType.STRING, "The proc.exepath of the parent process.");
        add(d, G, "proc.aexepath", FieldType.STRING, FieldArg.INDEX, false, false,
                "The proc.exepath of an ancestor by level; without index, any ancestor.");
        add(d, G, "proc.name", FieldType.STRING, "The process name (task comm, at most 15 characters).");
        add(d, G, "proc.pname", FieldType.STRING, "The proc.name of the parent process.");
        add(d, G, "proc.aname", FieldType.STRING, FieldArg.INDEX, false, false,
                "The proc.name of an ancestor by level; without index, any ancestor.");
        add(d, G, "proc.args", FieldType.STRING, FieldArg.INDEX, false, false,
                "The command-line arguments after argv[0], space separated; proc.args[N] is one of them (0-based).");
        add(d, G, "proc.aargs", FieldType.STRING, FieldArg.INDEX, false, false,
                "The proc.args of an ancestor by level; without index, any ancestor.");
        add(d, G, "proc.cmdline", FieldType.STRING, "The process name followed by its arguments (proc.name + proc.args).");
        add(d, G, "proc.pcmdline", FieldType.STRING, "The proc.cmdline of the parent process.");
        add(d, G, "proc.acmdline", FieldType.STRING, FieldArg.INDEX, false, false,
                "The proc.cmdline of an ancestor by level; without index, any ancestor.");
        add(d, G, "proc.cmdnargs", FieldType.UINT64, "The number of command-line arguments (proc.args).");
        add(d, G, "proc.cmdlenargs", FieldType.UINT64, "The total length of the command-line arguments, without separators.");
        add(d, G, "proc.exeline", FieldType.STRING, "proc.exe followed by the arguments.");
        add(d, G, "proc.env", FieldType.STRING, FieldArg.KEY, false, false,
                "The environment as NAME=value pairs, space separated; proc.env[NAME] is one variable's value.");
        add(d, G, "proc.cwd", FieldType.STRING, "The current working directory of the process.");
        add(d, G, "proc.loginshellid", FieldType.INT64, "The pid of the oldest shell among the process and its ancestors.");
        add(d, G, "proc.tty", FieldType.UINT32, "The controlling terminal (device number), 0 if none.");
        add(d, G, "proc.pid", FieldType.INT64, "The process id.");
        add(d, G, "proc.ppid", FieldType.INT64, "The parent process id.");
        add(d, G, "proc.apid", FieldType.INT64, FieldArg.INDEX, false, false,
                "The pid of an ancestor by level; without index, any ancestor.");
        add(d, G, "proc.vpid", FieldType.INT64, "The process id as seen in its own pid namespace.");
        add(d, G, "proc.pvpid", FieldType.INT64, "The parent's process id as seen in its own pid namespace.");
        add(d, G, "proc.sid", FieldType.INT64, "The session id of the process.");
        add(d, G, "proc.sname", FieldType.STRING, "The proc.name of the session leader.");
        add(d, G, "proc.sid.exe", FieldType.STRING, "The proc.exe of the session leader.");
        add(d, G, "proc.sid.exepath", FieldType.STRING, "The proc.exepath of the session leader.");
        add(d, G, "proc.vpgid", FieldType.INT64, "The process group id as seen in the process's pid namespace.");
        add(d, G, "proc.vpgid.name", FieldType.STRING, "The proc.name of the process group leader.");
        add(d, G, "proc.vpgid.exe", FieldType.STRING, "The proc.exe of the process group leader.");
        add(d, G, "proc.vpgid.exepath", FieldType.STRING, "The proc.exepath of the process group leader.");
        add(d, G, "proc.pgid", FieldType.INT64, "The process group id.");
        add(d, G, "proc.pgid.name", FieldType.STRING, "The proc.name of the process group leader.");
        add(d, G, "proc.pgid.exe", FieldType.STRING, "The proc.exe of the process group leader.");
        add(d, G, "proc.pgid.exepath", FieldType.STRING, "The proc.exepath of the process group leader.");
        add(d, G, "proc.duration", FieldType.RELTIME, "Nanoseconds since the process started.");
        add(d, G, "proc.ppid.duration", FieldType.RELTIME, "Nanoseconds since the parent process started.");
        add(d, G, "proc.pid.ts", FieldType.RELTIME, "The start time of the process, nanoseconds since the epoch.");
        add(d, G, "proc.ppid.ts", FieldType.RELTIME, "The start time of the parent process, nanoseconds since the epoch.");
        add(d, G, "proc.is_exe_writable", FieldType.BOOL, "True if the executable file is writable by the process's user.");
        add(d, G, "proc.is_exe_upper_layer", FieldType.BOOL, "True if the executable lives in the upper layer of an overlayfs.");
        add(d, G, "proc.is_exe_lower_layer", FieldType.BOOL, "True if the executable lives in a lower layer of an overlayfs.");
        add(d, G, "proc.is_exe_from_memfd", FieldType.BOOL, "True if the executable is a memfd (fileless execution).");
        add(d, G, "proc.is_sid_leader", FieldType.BOOL, "True if the process leads its session.");
        add(d, G, "proc.is_vpgid_leader", FieldType.BOOL, "True if the process leads its process group.");
        add(d, G, "proc.is_pgid_leader", FieldType.BOOL, "True if the process leads its process group (host ids).");
        add(d, G, "proc.exe_ino", FieldType.INT64, "The inode number of the executable file.");
        add(d, G, "proc.exe_ino.ctime", FieldType.ABSTIME, "The last status change time of the executable file.");
        add(d, G, "proc.exe_ino.mtime", FieldType.ABSTIME, "The last modification time of the executable file.");
        add(d, G, "proc.exe_ino.ctime_duration_proc_start", FieldType.ABSTIME,
                "Nanoseconds between the executable's ctime and the process start.");
        add(d, G, "proc.fdopencount", FieldType.UINT64, "The number of open fds of the process known to Vigil.");
        add(d, G, "proc.fdlimit", FieldType.INT64, "The process's limit of open files (RLIMIT_NOFILE soft limit).");
        add(d, G, "proc.vmsize", FieldType.UINT64, "The virtual memory size of the process in KiB (at its last exec or clone).");
        add(d, G, "proc.vmrss", FieldType.UINT64, "The resident memory of the process in KiB (at its last exec or clone).");
        add(d, G, "proc.vmswap", FieldType.UINT64, "The swapped memory of the process in KiB (at its last exec or clone).");
        add(d, G, "proc.pidns_init_start_ts", FieldType.UINT64, "The start time of the init process of the process's pid namespace.");
        add(d, G, "thread.nametid", FieldType.STRING, "The process name followed by the thread id.");
        add(d, G, "proc.stdin.type", FieldType.STRING, "The fd.type of the process's standard input.");
        add(d, G, "proc.stdout.type", FieldType.STRING, "The fd.type of the process's standard output.");
        add(d, G, "proc.stderr.type", FieldType.STRING, "The fd.type of the process's standard error.");
        add(d, G, "proc.stdin.name", FieldType.STRING, "The fd.name of the process's standard input.");
        add(d, G, "proc.stdout.name", FieldType.STRING, "The fd.name of the process's standard output.");
        add(d, G, "proc.stderr.name", FieldType.STRING, "The fd.name of the process's standard error.");
        add(d, G, "thread.tid", FieldType.INT64, "The id of the thread that made the call.");
        add(d, G, "thread.vtid", FieldType.INT64, "The thread id as seen in its own pid namespace.");
        add(d, G, "thread.ismain", FieldType.BOOL, "True if the thread is the main thread of its process.");
        add(d, G, "thread.cap_permitted", FieldType.STRING, "The permitted capabilities, space separated (CAP_...).");
        add(d, G, "thread.cap_inheritable", FieldType.STRING, "The inheritable capabilities, space separated.");
        add(d, G, "thread.cap_effective", FieldType.STRING, "The effective capabilities, space separated.");
        add(d, G, "thread.cgroups", FieldType.STRING, "All cgroups of the thread as controller=path, space separated.");
        add(d, G, "thread.cgroup", FieldType.STRING, FieldArg.KEY, true, false,
                "The cgroup path of one controller, e.g. thread.cgroup.cpuacct.");
    }

    Decl.Getter bind(String name, String arg) {
        int idx = -1;
        if (arg != null && name.matches("proc\\.(a(exe|exepath|name|args|cmdline|pid)|args)")) {
            idx = Decl.index(name, arg);
        }
        final int level = idx;
        switch (name) {
            case "proc.name":
                return str(t -> t.comm);
            case "proc.exe":
                return str(t -> t.exe);
            case "proc.exepath":
                return str(t -> t.exepath);
            case "proc.cmdline":
                return str(ThreadInfo::cmdline);
            case "proc.cwd":
                return str(t -> t.cwd.path);
            case "proc.args":
                return level < 0 ? str(ThreadInfo::argsJoined)
                        : str(t -> level < t.args().size() ? t.args().get(level) : "");
            case "proc.pname":
                return parent(t -> t.comm);
            case "proc.pexe":
                return parent(t -> t.exe);
            case "proc.pexepath":
                return parent(t -> t.exepath);
            case "proc.pcmdline":
                return parent(ThreadInfo::cmdline);
            case "proc.aname":
                return ancestor(level, t -> t.comm);
            case "proc.aexe":
                return ancestor(level, t -> t.exe);
            case "proc.aexepath":
                return ancestor(level, t -> t.exepath);
            case "proc.acmdline":
                return ancestor(level, ThreadInfo::cmdline);
            case "proc.aargs":
                return ancestor(level, ThreadInfo::argsJoined);
            case "proc.apid":
                return apid(level);
            case "proc.cmdnargs":
                return num(t -> t.args().size());
            case "proc.cmdlenargs":
                return num(t -> {
                    long n = 0;
                    for (String a : t.args()) {
                        n += a.length();
                    }
                    return n;
                });
            case "proc.exeline":
                return str(t -> t.args().isEmpty() ? t.exe + " " : t.exe + " " + t.argsJoined());
            case "proc.env":
                return arg == null ? str(ThreadInfo::envJoined) : str(t -> t.envValue(arg));
            case "proc.loginshellid":
                return this::loginShell;
            case "proc.tty":
                return num(t -> t.tty);
            case "proc.pid":
                return num(t -> t.pid);
            case "proc.ppid":
                return (e, out) -> {
                    ThreadInfo p = parentOf(e);
                    return p != null && set(out, p.pid);
                };
            case "proc.vpid":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    return t != null && t.vpid != -1 && set(out, t.vpid);
                };
            case "proc.pvpid":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    ThreadInfo p = t == null ? null : threads.get(t.ptid);
                    return p != null && set(out, p.vpid);
                };
            case "proc.sid":
                return num(t -> t.sid);
            case "proc.sname":
                return leader(t -> t.sid, t -> t.comm);
            case "proc.sid.exe":
                return leader(t -> t.sid, t -> t.exe);
            case "proc.sid.exepath":
                return leader(t -> t.sid, t -> t.exepath);
            case "proc.vpgid":
                return num(t -> t.vpgid);
            case "proc.vpgid.name":
                return leader(t -> t.vpgid, t -> t.comm);
            case "proc.vpgid.exe":
                return leader(t -> t.vpgid, t -> t.exe);
            case "proc.vpgid.exepath":
                return leader(t -> t.vpgid, t -> t.exepath);
            case "proc.pgid":
                return num(t -> t.pgid);
            case "proc.pgid.name":
                return leader(t -> t.pgid, t -> t.comm);
            case "proc.pgid.exe":
                return leader(t -> t.pgid, t -> t.exe);
            case "proc.pgid.exepath":
                return leader(t -> t.pgid, t -> t.exepath);
            case "proc.duration":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    return t != null && t.cloneTs != 0 && set(out, e.timestamp() - t.cloneTs);
                };
            case "proc.ppid.duration":
                return (e, out) -> {
                    ThreadInfo p = parentOf(e);
                    return p != null && p.cloneTs != 0 && set(out, e.timestamp() - p.cloneTs);
                };
            case "proc.pid.ts":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    return t != null && t.cloneTs != 0 && set(out, t.cloneTs);
                };
            case "proc.ppid.ts":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    ThreadInfo p = t == null ? null : threads.get(t.ptid);
                    return p != null && set(out, p.cloneTs);
                };
            case "proc.is_exe_writable":
                return bool(t -> t.exeWritable);
            case "proc.is_exe_upper_layer":
                return bool(t -> t.exeUpperLayer);
            case "proc.is_exe_lower_layer":
                return bool(t -> t.exeLowerLayer);
            case "proc.is_exe_from_memfd":
                return bool(t -> t.exeFromMemfd);
            case "proc.is_sid_leader":
                return bool(t -> t.sid == t.vpid);
            case "proc.is_vpgid_leader":
                return bool(t -> t.vpgid == t.vpid);
            case "proc.is_pgid_leader":
                return bool(t -> t.pgid == t.pid);
            case "proc.exe_ino":
                return nonZero(t -> t.exeIno);
            case "proc.exe_ino.ctime":
                return nonZero(t -> t.exeInoCtime);
            case "proc.exe_ino.mtime":
                return nonZero(t -> t.exeInoMtime);
            case "proc.exe_ino.ctime_duration_proc_start":
                return nonZero(t -> t.exeInoCtimeDurationCloneTs);
            case "proc.fdopencount":
                return num(t -> t.fds.size());
            case "proc.fdlimit":
                return nonZero(t -> t.fdlimit);
            case "proc.vmsize":
                return num(t -> t.vmSizeKb);
            case "proc.vmrss":
                return num(t -> t.vmRssKb);
            case "proc.vmswap":
                return num(t -> t.vmSwapKb);
            case "proc.pidns_init_start_ts":
                return nonZero(t -> t.pidnsInitStartTs);
            case "thread.nametid":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    return t != null && text(out, t.comm + e.tid());
                };
            case "proc.stdin.type":
                return stdio(0, true);
            case "proc.stdout.type":
                return stdio(1, true);
            case "proc.stderr.type":
                return stdio(2, true);
            case "proc.stdin.name":
                return stdio(0, false);
            case "proc.stdout.name":
                return stdio(1, false);
            case "proc.stderr.name":
                return stdio(2, false);
            case "thread.tid":
                return (e, out) -> set(out, e.tid());
            case "thread.vtid":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    return t != null && t.vtid != -1 && set(out, t.vtid);
                };
            case "thread.ismain":
                return bool(ThreadInfo::isMainThread);
            case "thread.cap_permitted":
                return str(ThreadInfo::capPermittedNames);
            case "thread.cap_inheritable":
                return str(ThreadInfo::capInheritableNames);
            case "thread.cap_effective":
                return str(ThreadInfo::capEffectiveNames);
            case "thread.cgroups":
                return str(ThreadInfo::cgroupsJoined);
            case "thread.cgroup":
                return cgroup(arg);
            default:
                return null;
        }
    }

    private static boolean set(FieldValue out, long v) {
        out.setLong(v);
        return true;
    }

    private Decl.Getter str(Function<ThreadInfo, String> f) {
        return (e, out) -> {
            ThreadInfo t = view.thread(e);
            return t != null && text(out, f.apply(t));
        };
    }

    /** A numeric getter that boxes nothing. */
    @FunctionalInterface
    interface LongOf {
        long of(ThreadInfo t);
    }

    @FunctionalInterface
    interface BoolOf {
        boolean of(ThreadInfo t);
    }

    private Decl.Getter num(LongOf f) {
        return (e, out) -> {
            ThreadInfo t = view.thread(e);
            return t != null && set(out, f.of(t));
        };
    }

    private Decl.Getter nonZero(LongOf f) {
        return (e, out) -> {
            ThreadInfo t = view.thread(e);
            long v = t == null ? 0 : f.of(t);
            return v != 0 && set(out, v);
        };
    }

    private Decl.Getter bool(BoolOf f) {
        return (e, out) -> {
            ThreadInfo t = view.thread(e);
            if (t == null) {
                return false;
            }
            out.setBool(f.of(t));
            return true;
        };
    }

    private ThreadInfo parentOf(SyscallEvent e) {
        ThreadInfo t = view.thread(e);
        return t == null ? null : threads.parentProcess(t);
    }

    private Decl.Getter parent(Function<ThreadInfo, String> f) {
        return (e, out) -> {
            ThreadInfo p = parentOf(e);
            return p != null && text(out, f.apply(p));
        };
    }

    private ThreadInfo ancestorOf(SyscallEvent e, int level) {
        ThreadInfo t = view.thread(e);
        return t == null || level > MAX_ANCESTORS ? null : threads.ancestor(t, level);
    }

    /** With a level, one ancestor's value; without, the list of all ancestors' values. */
    private Decl.Getter ancestor(int level, Function<ThreadInfo, String> f) {
        if (level >= 0) {
            return (e, out) -> {
                ThreadInfo a = ancestorOf(e, level);
                return a != null && text(out, f.apply(a));
            };
        }
        return (e, out) -> {
            ThreadInfo t = view.thread(e);
            if (t == null) {
                return false;
            }
            List<String> values = new ArrayList<>();
            ThreadInfo cur = threads.mainThread(t);
            for (int i = 0; i < MAX_ANCESTORS; i++) {
                cur = threads.parentProcess(cur);
                if (cur == null) {
                    break;
                }
                values.add(f.apply(cur));
            }
            if (values.isEmpty()) {
                return false;
            }
            out.setList(values);
            return true;
        };
    }

    private Decl.Getter apid(int level) {
        if (level >= 0) {
            return (e, out) -> {
                ThreadInfo a = ancestorOf(e, level);
                return a != null && set(out, a.pid);
            };
        }
        return (e, out) -> {
            ThreadInfo t = view.thread(e);
            if (t == null) {
                return false;
            }
            List<Long> values = new ArrayList<>();
            ThreadInfo cur = threads.mainThread(t);
            for (int i = 0; i < MAX_ANCESTORS; i++) {
                cur = threads.parentProcess(cur);
                if (cur == null) {
                    break;
                }
                values.add((long) cur.pid);
            }
            if (values.isEmpty()) {
                return false;
            }
            out.setList(values);
            return true;
        };
    }

    /** The value of the process (self or ancestor, else any known thread) whose pid is the id. */
    private Decl.Getter leader(ToIntFunction<ThreadInfo> id, Function<ThreadInfo, String> f) {
        return (e, out) -> {
            ThreadInfo t = view.thread(e);
            if (t == null) {
                return false;
            }
            int want = id.applyAsInt(t);
            ThreadInfo cur = threads.mainThread(t);
            for (int i = 0; i < MAX_ANCESTORS && cur != null; i++) {
                if (cur.pid == want) {
                    return text(out, f.apply(cur));
                }
                cur = threads.parentProcess(cur);
            }
            ThreadInfo l = threads.get(want);
            return text(out, l == null ? "" : f.apply(l));
        };
    }

    private boolean loginShell(SyscallEvent e, FieldValue out) {
        ThreadInfo t = view.thread(e);
        if (t == null) {
            return false;
        }
        long found = Long.MIN_VALUE;
        ThreadInfo cur = threads.mainThread(t);
        for (int i = 0; i < MAX_ANCESTORS && cur != null; i++) {
            String c = cur.comm;
            if (c.length() >= 2 && c.endsWith("sh")) {
                found = cur.pid;
            }
            cur = threads.parentProcess(cur);
        }
        return found != Long.MIN_VALUE && set(out, found);
    }

    private Decl.Getter stdio(int fd, boolean type) {
        return (e, out) -> {
            ThreadInfo t = view.thread(e);
            FdInfo info = t == null ? null : t.fds.get(fd);
            return info != null && text(out, type ? info.type.typeName() : info.name());
        };
    }

    private Decl.Getter cgroup(String controller) {
        String prefix = controller + "=";
        return (e, out) -> {
            ThreadInfo t = view.thread(e);
            if (t == null) {
                return false;
            }
            for (String c : t.cgroups()) {
                if (c.startsWith(prefix)) {
                    out.setText(c.substring(prefix.length()));
                    return true;
                }
            }
            return false;
        };
    }
}
