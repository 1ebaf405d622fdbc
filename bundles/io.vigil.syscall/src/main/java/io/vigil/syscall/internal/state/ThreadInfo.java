package io.vigil.syscall.internal.state;

import java.util.List;

import io.vigil.syscall.api.ThreadView;

/**
 * What Vigil knows about one thread (and, through its main thread, its process): identity,
 * program, command line, environment, credentials, capabilities and its fd table.
 *
 * <p>Strings that fields print (command line, joined args and env, capability names) are
 * computed once per change and kept, so extracting them for every event allocates nothing.
 */
public final class ThreadInfo implements ThreadView {

    /** The value of an unset login uid ({@code (uid_t) -1}). */
    public static final long NO_LOGINUID = 0xffffffffL;

    public int tid;
    public int pid;
    public int ptid;
    public int vtid = -1;
    public int vpid = -1;
    public int sid;
    public int vpgid;
    public int pgid;

    public String comm = "";
    public String exe = "";
    public String exepath = "";
    private List<String> args = List.of();
    private List<String> env = List.of();
    /** Shared with the threads of the process that were created with CLONE_FS. */
    public Cwd cwd = new Cwd("/");

    public long tty;
    public long loginuid = NO_LOGINUID;
    public long uid;
    public long gid;
    public long euid;
    public long egid;
    public long capInheritable;
    public long capPermitted;
    public long capEffective;

    /** Nanoseconds since the epoch at which the thread was created, 0 if unknown. */
    public long cloneTs;
    public long exeIno;
    public long exeInoCtime;
    public long exeInoMtime;
    /** Process start minus executable ctime, set at exec and inherited (Falco's definition). */
    public long exeInoCtimeDurationCloneTs;
    public boolean exeWritable;
    public boolean exeUpperLayer;
    public boolean exeLowerLayer;
    public boolean exeFromMemfd;
    private List<String> cgroups = List.of();

    /** The soft limit of open files (RLIMIT_NOFILE), 0 if unknown. */
    public long fdlimit;
    /** Memory in KiB, as /proc/PID/status reports it, from the last exec or clone record. */
    public long vmSizeKb;
    public long vmRssKb;
    public long vmSwapKb;
    /** Start time of the pid namespace's init, nanoseconds since boot; 0 if unknown. */
    public long pidnsInitStartTs;

    public FdTable fds = new FdTable();
    /** True once the thread exited; it stays readable for its own procexit event. */
    public boolean exited;
    /** The number of the last event seen for the thread, used to evict idle entries. */
    public long lastEvent;

    private String cmdline;
    private String argsJoined;
    private String envJoined;
    private java.util.Map<String, String> envValues;
    private String cgroupsJoined;
    private String capPermittedNames;
    private String capEffectiveNames;
    private String capInheritableNames;
    private long capNamesFor = -1;

    public ThreadInfo(int tid, int pid) {
        this.tid = tid;
        this.pid = pid;
    }

    /** A mutable working directory, shared between threads like the kernel's fs_struct. */
    public static final class Cwd {
        public String path;

        public Cwd(String path) {
            this.path = path;
        }
    }

    public boolean isMainThread() {
        return tid == pid;
    }

    public List<String> args() {
        return args;
    }

    public void setArgs(List<String> args) {
        this.args = args == null ? List.of() : args;
        cmdline = null;
        argsJoined = null;
    }

    public List<String> env() {
        return env;
    }

    public void setEnv(List<String> env) {
        this.env = env == null ? List.of() : env;
        envJoined = null;
        envValues = null;
    }

    public List<String> cgroups() {
        return cgroups;
    }

    public void setCgroups(List<String> cgroups) {
        this.cgroups = cgroups == null ? List.of() : cgroups;
        cgroupsJoined = null;
    }

    public void setComm(String comm) {
        this.comm = comm == null ? "" : comm;
        cmdline = null;
    }

    /** {@code proc.cmdline}: the name followed by the arguments, space separated. */
    public String cmdline() {
        String c = cmdline;
        if (c == null) {
            StringBuilder sb = new StringBuilder(comm);
            for (String a : args) {
                sb.append(' ').append(a);
            }
            c = sb.toString();
            cmdline = c;
        }
        return c;
    }

    /** {@code proc.args}: the arguments after argv[0], space separated. */
    public String argsJoined() {
        String a = argsJoined;
        if (a == null) {
            a = String.join(" ", args);
            argsJoined = a;
        }
        return a;
    }

    /** {@code proc.env}: all variables, space separated. */
    public String envJoined() {
        String e = envJoined;
        if (e == null) {
            e = String.join(" ", env);
            envJoined = e;
        }
        return e;
    }

    /** The value of one environment variable, or the empty string (as Falco); cached. */
    public String envValue(String name) {
        java.util.Map<String, String> cache = envValues;
        if (cache == null) {
            cache = new java.util.HashMap<>();
            envValues = cache;
        }
        String v = cache.get(name);
        if (v == null) {
            v = "";
            for (String var : env) {
                if (var.length() > name.length() && var.charAt(name.length()) == '='
                        && var.startsWith(name)) {
                    v = var.substring(name.length() + 1);
                    break;
                }
            }
            if (cache.size() < 64) {
                cache.put(name, v);
            }
        }
        return v;
    }

    /** {@code thread.cgroups}: {@code controller=path} entries, space separated; null if none. */
    public String cgroupsJoined() {
        if (cgroups.isEmpty()) {
            return null;
        }
        String c = cgroupsJoined;
        if (c == null) {
            c = String.join(" ", cgroups);
            cgroupsJoined = c;
        }
        return c;
    }

    public void setCaps(long inheritable, long permitted, long effective) {
        capInheritable = inheritable;
        capPermitted = permitted;
        capEffective = effective;
        capNamesFor = -1;
    }

    public String capPermittedNames() {
        refreshCapNames();
        return capPermittedNames;
    }

    public String capEffectiveNames() {
        refreshCapNames();
        return capEffectiveNames;
    }

    public String capInheritableNames() {
        refreshCapNames();
        return capInheritableNames;
    }

    private void refreshCapNames() {
        long stamp = capInheritable * 31 + capPermitted * 17 + capEffective;
        if (capNamesFor != stamp || capPermittedNames == null) {
            capPermittedNames = Capabilities.names(capPermitted);
            capEffectiveNames = Capabilities.names(capEffective);
            capInheritableNames = Capabilities.names(capInheritable);
            capNamesFor = stamp;
        }
    }

    /** A new thread or process inheriting this one's state, as clone does. */
    public ThreadInfo cloneAs(int childTid, int childPid, long flags) {
        ThreadInfo c = new ThreadInfo(childTid, childPid);
        boolean thread = (flags & LinuxFlags.CLONE_THREAD) != 0;
        c.ptid = thread ? ptid : tid;
        c.sid = sid;
        c.vpgid = vpgid;
        c.pgid = pgid;
        c.comm = comm;
        c.exe = exe;
        c.exepath = exepath;
        c.args = args;
        c.env = env;
        c.envValues = envValues;
        c.cwd = (flags & LinuxFlags.CLONE_FS) != 0 ? cwd : new Cwd(cwd.path);
        c.tty = tty;
        c.loginuid = loginuid;
        c.uid = uid;
        c.gid = gid;
        c.euid = euid;
        c.egid = egid;
        c.setCaps(capInheritable, capPermitted, capEffective);
        c.exeIno = exeIno;
        c.exeInoCtime = exeInoCtime;
        c.exeInoMtime = exeInoMtime;
        c.exeInoCtimeDurationCloneTs = exeInoCtimeDurationCloneTs;
        c.exeWritable = exeWritable;
        c.exeUpperLayer = exeUpperLayer;
        c.exeLowerLayer = exeLowerLayer;
        c.exeFromMemfd = exeFromMemfd;
        c.cgroups = cgroups;
        c.fdlimit = fdlimit;
        c.vmSizeKb = vmSizeKb;
        c.vmRssKb = vmRssKb;
        c.vmSwapKb = vmSwapKb;
        c.pidnsInitStartTs = pidnsInitStartTs;
        c.fds = (flags & LinuxFlags.CLONE_FILES) != 0 ? fds : fds.copy();
        return c;
    }

    // ThreadView: the read-only view other bundles get through ThreadStates.

    @Override
    public int tid() {
        return tid;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public int vpid() {
        return vpid;
    }

    @Override
    public long pidnsInitStartTs() {
        return pidnsInitStartTs;
    }

    @Override
    public String exe() {
        return exe;
    }

    @Override
    public String comm() {
        return comm;
    }

    @Override
    public long startTs() {
        return cloneTs;
    }

    @Override
    public String toString() {
        return "thread " + tid + " (pid " + pid + ", ppid " + ptid + ") " + comm + " " + exepath;
    }
}
