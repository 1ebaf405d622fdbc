package io.vigil.syscall.internal.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads processes and threads from {@code /proc}: at start for every thread of the host, and
 * later for a single thread that shows up in events without Vigil having seen its creation.
 * A process that exits while it is read is skipped; a file that cannot be read leaves that
 * fact unknown.
 */
public final class ProcReader {

    private final Path proc;
    private final long bootTimeNanos;
    private final long ticksPerSecond;
    private final List<String> cgroupV2Controllers;

    public ProcReader(Path proc) {
        this.proc = proc;
        this.bootTimeNanos = bootTime(proc);
        this.ticksPerSecond = 100; // USER_HZ is 100 on every Linux ABI Vigil runs on.
        this.cgroupV2Controllers = readControllers();
    }

    /** Reads every thread of every process into {@code table}. */
    public int bootstrap(ThreadTable table) {
        SocketTable sockets = new SocketTable(proc.resolve("net"));
        int count = 0;
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc)) {
            for (Path pidDir : pids) {
                int pid = parseId(pidDir.getFileName().toString());
                if (pid <= 0) {
                    continue;
                }
                count += readProcess(pid, table, sockets);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + proc + ": " + e.getMessage(), e);
        }
        return count;
    }

    /** Reads one thread (and its process's fds); null if it does not exist (any more). */
    public ThreadInfo readThread(int tid) {
        Path status = proc.resolve(Integer.toString(tid)).resolve("status");
        Map<String, String> st = readStatus(status);
        if (st == null) {
            return null;
        }
        int pid = parseId(st.getOrDefault("Tgid", "").trim());
        if (pid <= 0) {
            return null;
        }
        Path procDir = proc.resolve(Integer.toString(pid));
        ThreadInfo t = readTask(procDir, procDir.resolve("task").resolve(Integer.toString(tid)), tid, pid, null);
        if (t != null) {
            t.fds = readFds(procDir, new SocketTable(proc.resolve("net")));
        }
        return t;
    }

    private int readProcess(int pid, ThreadTable table, SocketTable sockets) {
        Path procDir = proc.resolve(Integer.toString(pid));
        FdTable fds = readFds(procDir, sockets);
        ThreadInfo main = null;
        int count = 0;
        List<Integer> tids = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(procDir.resolve("task"))) {
            for (Path taskDir : tasks) {
                int tid = parseId(taskDir.getFileName().toString());
                if (tid > 0) {
                    tids.add(tid);
                }
            }
        } catch (IOException e) {
            return 0; // the process exited while we listed it
        }
        // The main thread first: the other threads share its process-wide facts.
        if (tids.remove(Integer.valueOf(pid))) {
            main = readTask(procDir, procDir.resolve("task").resolve(Integer.toString(pid)), pid, pid, null);
            if (main != null) {
                main.fds = fds;
                table.put(main);
                count++;
            }
        }
        for (int tid : tids) {
            ThreadInfo t = readTask(procDir, procDir.resolve("task").resolve(Integer.toString(tid)), tid, pid, main);
            if (t == null) {
                continue;
            }
            t.fds = fds;
            table.put(t);
            count++;
        }
        return count;
    }

    /**
     * Reads one thread. With {@code main} given, the process-wide facts (command line,
     * environment, cwd, executable, login uid, cgroups, limits) are taken from it rather than
     * read again, as threads share them.
     */
    private ThreadInfo readTask(Path procDir, Path taskDir, int tid, int pid, ThreadInfo main) {
        Map<String, String> st = readStatus(taskDir.resolve("status"));
        if (st == null) {
            return null;
        }
        ThreadInfo t = new ThreadInfo(tid, pid);
        t.setComm(st.getOrDefault("Name", "").trim());
        int ppid = parseId(st.getOrDefault("PPid", "0").trim());
        // For a secondary thread Falco's ptid is the process's parent as well.
        t.ptid = Math.max(ppid, 0);
        long[] uids = ids(st.get("Uid"));
        long[] gids = ids(st.get("Gid"));
        // user.uid and group.gid are the effective ids, as Falco reads them from status.
        t.uid = uids[1];
        t.euid = uids[1];
        t.gid = gids[1];
        t.egid = gids[1];
        t.setCaps(hex(st.get("CapInh")), hex(st.get("CapPrm")), hex(st.get("CapEff")));
        t.vtid = lastId(st.get("NSpid"), tid);
        t.vmSizeKb = kb(st.get("VmSize"));
        t.vmRssKb = kb(st.get("VmRSS"));
        t.vmSwapKb = kb(st.get("VmSwap"));
        t.vpid = lastId(st.get("NStgid"), pid);

        String stat = readString(taskDir.resolve("stat"));
        if (stat != null) {
            int close = stat.lastIndexOf(')');
            String[] f = stat.substring(close + 2).split(" ");
            if (f.length > 19) {
                t.pgid = (int) parseLong(f[2]);
                t.sid = (int) parseLong(f[3]);
                t.tty = parseLong(f[4]);
                long start = parseLong(f[19]);
                t.cloneTs = bootTimeNanos + start * (1_000_000_000L / ticksPerSecond);
            }
        }
        t.vpgid = t.pgid;
        if (main != null) {
            t.exe = main.exe;
            t.setArgs(main.args());
            t.setEnv(main.env());
            t.cwd = main.cwd;
            t.exepath = main.exepath;
            t.exeFromMemfd = main.exeFromMemfd;
            t.exeIno = main.exeIno;
            t.exeInoCtime = main.exeInoCtime;
            t.exeInoMtime = main.exeInoMtime;
            t.exeWritable = main.exeWritable;
            t.exeInoCtimeDurationCloneTs = main.exeInoCtimeDurationCloneTs;
            t.loginuid = main.loginuid;
            t.setCgroups(main.cgroups());
            t.fdlimit = main.fdlimit;
            return t;
        }
        byte[] cmdline = readBytes(procDir.resolve("cmdline"));
        List<String> argv = splitNul(cmdline);
        if (!argv.isEmpty()) {
            t.exe = argv.get(0);
            t.setArgs(List.copyOf(argv.subList(1, argv.size())));
        } else {
            t.exe = t.comm;
        }
        t.setEnv(splitNul(readBytes(procDir.resolve("environ"))));
        String cwd = readLink(procDir.resolve("cwd"));
        t.cwd = new ThreadInfo.Cwd(cwd == null ? "/" : cwd);
        String exeLink = readLink(procDir.resolve("exe"));
        if (exeLink != null) {
            t.exeFromMemfd = exeLink.startsWith("/memfd:");
            t.exepath = exeLink.endsWith(" (deleted)") ? exeLink.substring(0, exeLink.length() - 10) : exeLink;
            readExeInode(procDir.resolve("exe"), t);
            if (t.cloneTs != 0 && t.exeInoCtime != 0) {
                t.exeInoCtimeDurationCloneTs = t.cloneTs - t.exeInoCtime;
            }
        }
        String login = readString(procDir.resolve("loginuid"));
        if (login != null) {
            t.loginuid = parseLong(login.trim());
        }
        t.setCgroups(readCgroups(procDir.resolve("cgroup")));
        t.fdlimit = readFdLimit(procDir.resolve("limits"));
        return t;
    }

    private void readExeInode(Path exe, ThreadInfo t) {
        try {
            Map<String, Object> a = Files.readAttributes(exe, "unix:ino,ctime,lastModifiedTime,mode,uid,gid");
            t.exeIno = ((Number) a.get("ino")).longValue();
            t.exeInoCtime = nanos((FileTime) a.get("ctime"));
            t.exeInoMtime = nanos((FileTime) a.get("lastModifiedTime"));
            int mode = ((Number) a.get("mode")).intValue();
            long owner = ((Number) a.get("uid")).longValue();
            long group = ((Number) a.get("gid")).longValue();
            if (t.euid == 0) {
                t.exeWritable = true;
            } else if (owner == t.euid) {
                t.exeWritable = (mode & 0200) != 0;
            } else if (group == t.egid) {
                t.exeWritable = (mode & 0020) != 0;
            } else {
                t.exeWritable = (mode & 0002) != 0;
            }
        } catch (IOException | RuntimeException e) {
            // A kernel thread or a vanished process has no readable executable.
        }
    }

    private static long nanos(FileTime t) {
        return t == null ? 0 : t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private FdTable readFds(Path procDir, SocketTable sockets) {
        FdTable table = new FdTable();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(procDir.resolve("fd"))) {
            for (Path fdPath : fds) {
                int fd = parseId(fdPath.getFileName().toString());
                if (fd < 0) {
                    continue;
                }
                String target = readLink(fdPath);
                if (target == null) {
                    continue;
                }
                FdInfo info = describe(target, fdPath, sockets);
                info.openFlags = readFdFlags(procDir.resolve("fdinfo").resolve(Integer.toString(fd)));
                table.put(fd, info);
            }
        } catch (IOException e) {
            // No access or the process exited: its fds stay unknown.
        }
        return table;
    }

    private static long readFdFlags(Path fdinfo) {
        String s = readString(fdinfo);
        if (s == null) {
            return 0;
        }
        for (String line : s.split("\n")) {
            if (line.startsWith("flags:")) {
                try {
                    return Long.parseLong(line.substring(6).trim(), 8);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    static FdInfo describe(String target, Path fdPath, SocketTable sockets) {
        if (target.startsWith("socket:[")) {
            long ino = parseLong(target.substring(8, target.length() - 1));
            FdInfo s = sockets == null ? null : sockets.lookup(ino);
            if (s == null) {
                s = new FdInfo(FdType.UNKNOWN, target);
            }
            s.ino = ino;
            return s;
        }
        if (target.startsWith("pipe:[")) {
            FdInfo p = new FdInfo(FdType.FIFO, target);
            p.ino = parseLong(target.substring(6, target.length() - 1));
            return p;
        }
        if (target.startsWith("anon_inode:")) {
            String kind = target.substring(11).replace("[", "").replace("]", "");
            FdType type;
            if (kind.equals("eventfd")) {
                type = FdType.EVENT;
            } else if (kind.equals("signalfd")) {
                type = FdType.SIGNALFD;
            } else if (kind.equals("eventpoll")) {
                type = FdType.EVENTPOLL;
            } else if (kind.equals("inotify")) {
                type = FdType.INOTIFY;
            } else if (kind.equals("timerfd")) {
                type = FdType.TIMERFD;
            } else if (kind.startsWith("bpf")) {
                type = FdType.BPF;
            } else if (kind.equals("userfaultfd")) {
                type = FdType.USERFAULTFD;
            } else if (kind.equals("io_uring")) {
                type = FdType.IO_URING;
            } else if (kind.equals("pidfd")) {
                type = FdType.PIDFD;
            } else {
                type = FdType.UNKNOWN;
            }
            return new FdInfo(type, target);
        }
        if (target.startsWith("/memfd:")) {
            String name = target.endsWith(" (deleted)") ? target.substring(1, target.length() - 10) : target.substring(1);
            return new FdInfo(FdType.MEMFD, name);
        }
        boolean dir = fdPath != null && Files.isDirectory(fdPath);
        return new FdInfo(dir ? FdType.DIRECTORY : FdType.FILE, target);
    }

    /** The cgroups of process {@code pid} as {@code controller=path} entries, or null if it is gone. */
    public List<String> readCgroups(int pid) {
        Path file = proc.resolve(Integer.toString(pid)).resolve("cgroup");
        return Files.exists(file) ? readCgroups(file) : null;
    }

    private List<String> readCgroups(Path file) {
        String s = readString(file);
        if (s == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : s.split("\n")) {
            int first = line.indexOf(':');
            int second = line.indexOf(':', first + 1);
            if (first < 0 || second < 0) {
                continue;
            }
            String controllers = line.substring(first + 1, second);
            String path = line.substring(second + 1);
            if (controllers.isEmpty()) {
                // cgroup v2: every enabled controller lives at the unified path.
                for (String c : cgroupV2Controllers) {
                    out.add(c + "=" + path);
                }
            } else {
                for (String c : controllers.split(",")) {
                    out.add((c.startsWith("name=") ? c.substring(5) : c) + "=" + path);
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<String> readControllers() {
        String s = readString(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return List.of(s.trim().split("\\s+"));
    }

    private static long bootTime(Path proc) {
        String up = readString(proc.resolve("uptime"));
        long nowNanos = System.currentTimeMillis() * 1_000_000L;
        if (up == null) {
            return 0;
        }
        double uptime = Double.parseDouble(up.trim().split("\\s+")[0]);
        return nowNanos - (long) (uptime * 1e9);
    }

    private static Map<String, String> readStatus(Path status) {
        String s = readString(status);
        if (s == null) {
            return null;
        }
        Map<String, String> m = new java.util.HashMap<>();
        for (String line : s.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                m.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return m;
    }

    private static long kb(String s) {
        return s == null ? 0 : parseLong(s.replace("kB", "").trim());
    }

    /** The soft "Max open files" limit from /proc/PID/limits. */
    private static long readFdLimit(Path limits) {
        String s = readString(limits);
        if (s == null) {
            return 0;
        }
        for (String line : s.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return f[0].equals("unlimited") ? -1 : parseLong(f[0]);
            }
        }
        return 0;
    }

    private static long[] ids(String s) {
        long[] out = new long[2];
        if (s == null) {
            return out;
        }
        String[] f = s.trim().split("\\s+");
        out[0] = parseLong(f[0]);
        out[1] = f.length > 1 ? parseLong(f[1]) : out[0];
        return out;
    }

    private static int lastId(String s, int fallback) {
        if (s == null || s.isBlank()) {
            return fallback;
        }
        String[] f = s.trim().split("\\s+");
        return (int) parseLong(f[f.length - 1]);
    }

    private static long hex(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(s.trim(), 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static int parseId(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        long v = Long.parseLong(s);
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> splitNul(byte[] data) {
        if (data == null || data.length == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                out.add(new String(data, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < data.length) {
            out.add(new String(data, start, data.length - start, StandardCharsets.UTF_8));
        }
        return List.copyOf(out);
    }

    private static String readString(Path p) {
        byte[] b = readBytes(p);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** True if the host still has thread {@code tid}. */
    public boolean isAlive(int tid) {
        return Files.exists(proc.resolve(Integer.toString(tid)), LinkOption.NOFOLLOW_LINKS);
    }
}
