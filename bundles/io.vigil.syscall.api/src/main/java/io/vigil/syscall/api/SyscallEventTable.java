package io.vigil.syscall.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vigil.sdk.EventTypes;

/**
 * The syscall source's event types: codes, Falco's event names, categories and parameters.
 *
 * <p>Vigil emits one record per completed syscall, carrying the enter arguments and the
 * return value together, so each type lists the parameters of Falco's <em>exit</em> event,
 * named and ordered as in Falco's event table ({@code evt.arg.NAME} and {@code evt.arg[N]}
 * resolve as in Falco). The codes equal {@code enum vigil_event_type} in
 * {@code bpf/vigil_events.h} (except {@link #CONTAINER}, which user space adds); the record
 * layout is described by {@link RecordLayout}.
 *
 * <p>Value conventions: flag parameters carry the raw Linux values ({@code O_*},
 * {@code CLONE_*}, {@code MS_*}, {@code AT_*}), except execve/execveat {@code flags} which
 * carries the {@code EXE_*} bits below. Relative paths are not resolved in the record:
 * {@link #dirfdParam} names the parameter holding the directory fd a path is relative to
 * ({@code AT_FDCWD} = -100 means the thread's cwd).
 *
 * <p>Scheduler-derived records reuse syscall types as Falco does: the child side of a
 * fork/clone is a record of the parent's type ({@code clone}, {@code clone3}, {@code fork},
 * {@code vfork}) with result 0 and the child's tid/pid in the header; {@code procexit} is
 * written when a thread exits. A successful execve is written after the new image is in
 * place, so exe, args, env and inode facts describe the new program.
 *
 * <p>Units: {@code exe_ino_ctime}/{@code exe_ino_mtime} are nanoseconds since the epoch;
 * {@code pidns_init_start_ts} is nanoseconds since boot (add the capture's boot time);
 * {@code vm_size}/{@code vm_rss}/{@code vm_swap} are KiB; {@code dev} parameters use the
 * user-space encoding of {@code stat(2)}'s {@code st_dev}; {@code tty} is the terminal's
 * device number in that encoding (0 = none). Data buffers ({@code data}, {@code img}) hold
 * at most the first 80 bytes ({@code sendmsg}/{@code recvmsg}: of the first iovec); the live
 * probe leaves {@code msgcontrol} empty.
 */
public final class SyscallEventTable implements EventTypes {

    /** execve {@code flags}: the executable file is writable by the process's user. */
    public static final int EXE_WRITABLE = 1;
    /** execve {@code flags}: the executable lives in an overlayfs upper layer. */
    public static final int EXE_UPPER_LAYER = 2;
    /** execve {@code flags}: the executable is a memfd (fileless execution). */
    public static final int EXE_FROM_MEMFD = 4;
    /** execve {@code flags}: the executable lives in an overlayfs lower layer. */
    public static final int EXE_LOWER_LAYER = 8;

    /** The {@code dirfd} value meaning "relative to the current working directory". */
    public static final int AT_FDCWD = -100;

    public static final int EXECVE = 1;
    public static final int EXECVEAT = 2;
    public static final int CLONE = 3;
    public static final int CLONE3 = 4;
    public static final int FORK = 5;
    public static final int VFORK = 6;
    public static final int PROCEXIT = 7;
    public static final int OPEN = 8;
    public static final int OPENAT = 9;
    public static final int OPENAT2 = 10;
    public static final int CREAT = 11;
    public static final int CLOSE = 12;
    public static final int DUP = 13;
    public static final int DUP2 = 14;
    public static final int DUP3 = 15;
    public static final int CONNECT = 16;
    public static final int ACCEPT = 17;
    public static final int ACCEPT4 = 18;
    public static final int BIND = 19;
    public static final int LISTEN = 20;
    public static final int SOCKET = 21;
    public static final int SOCKETPAIR = 22;
    public static final int SENDTO = 23;
    public static final int SENDMSG = 24;
    public static final int RECVFROM = 25;
    public static final int RECVMSG = 26;
    public static final int SHUTDOWN = 27;
    public static final int RENAME = 28;
    public static final int RENAMEAT = 29;
    public static final int RENAMEAT2 = 30;
    public static final int UNLINK = 31;
    public static final int UNLINKAT = 32;
    public static final int MKDIR = 33;
    public static final int MKDIRAT = 34;
    public static final int RMDIR = 35;
    public static final int SYMLINK = 36;
    public static final int SYMLINKAT = 37;
    public static final int LINK = 38;
    public static final int LINKAT = 39;
    public static final int CHMOD = 40;
    public static final int FCHMOD = 41;
    public static final int FCHMODAT = 42;
    public static final int CHOWN = 43;
    public static final int FCHOWNAT = 44;
    public static final int SETUID = 45;
    public static final int SETGID = 46;
    public static final int SETREUID = 47;
    public static final int SETREGID = 48;
    public static final int SETRESUID = 49;
    public static final int SETRESGID = 50;
    public static final int CAPSET = 51;
    public static final int PTRACE = 52;
    public static final int MEMFD_CREATE = 53;
    public static final int MOUNT = 54;
    public static final int UMOUNT2 = 55;
    public static final int CHROOT = 56;
    public static final int BPF = 57;
    public static final int INIT_MODULE = 58;
    public static final int FINIT_MODULE = 59;
    public static final int SETNS = 60;
    public static final int UNSHARE = 61;
    public static final int USERFAULTFD = 62;
    public static final int PRCTL = 63;
    public static final int KILL = 64;
    public static final int TGKILL = 65;
    public static final int PIPE = 66;
    public static final int PIPE2 = 67;
    public static final int FCNTL = 68;
    /**
     * Falco's {@code container} event: a container was seen for the first time. No probe
     * writes it (it has no syscall and no {@code VE_} code): the container bundle adds it to the
     * stream, with the container's full id, engine type, name and image as parameters.
     */
    public static final int CONTAINER = 69;

    // The process-creation parameters shared by clone, clone3, fork and vfork.
    private static final String CLONE_PARAMS = "res:PID exe:STRING args:CHARBUF_ARRAY tid:PID pid:PID ptid:PID"
            + " cwd:PATH fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT64 vm_rss:UINT64"
            + " vm_swap:UINT64 comm:STRING cgroups:CHARBUF_ARRAY flags:FLAGS uid:UID gid:GID vtid:PID"
            + " vpid:PID pidns_init_start_ts:UINT64";
    // The program-start parameters shared by execve and execveat.
    private static final String EXEC_PARAMS = "res:ERRNO exe:STRING args:CHARBUF_ARRAY tid:PID pid:PID ptid:PID"
            + " cwd:PATH fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT64 vm_rss:UINT64"
            + " vm_swap:UINT64 comm:STRING cgroups:CHARBUF_ARRAY env:CHARBUF_ARRAY tty:UINT64 vpgid:PID"
            + " loginuid:UID flags:FLAGS cap_inheritable:UINT64 cap_permitted:UINT64 cap_effective:UINT64"
            + " exe_ino:UINT64 exe_ino_ctime:ABSTIME exe_ino_mtime:ABSTIME uid:UID trusted_exepath:PATH"
            + " pgid:PID gid:GID";
    private static final String ACCEPT_PARAMS = "fd:FD tuple:SOCKTUPLE queuepct:UINT64 queuelen:UINT64 queuemax:UINT64";

    private static final SyscallEventTable INSTANCE = new SyscallEventTable();

    private final EventInfo[] byCode;
    private final int[][] dirfds;
    private final Map<String, int[]> byName;
    private final List<EventInfo> all;

    private SyscallEventTable() {
        byCode = new EventInfo[CONTAINER + 1];
        dirfds = new int[CONTAINER + 1][];
        def(EXECVE, "execve", "process", EXEC_PARAMS + " filename:PATH");
        def(EXECVEAT, "execveat", "process", EXEC_PARAMS);
        def(CLONE, "clone", "process", CLONE_PARAMS);
        def(CLONE3, "clone3", "process", CLONE_PARAMS);
        def(FORK, "fork", "process", CLONE_PARAMS);
        def(VFORK, "vfork", "process", CLONE_PARAMS);
        def(PROCEXIT, "procexit", "process", "status:ERRNO ret:ERRNO sig:SIGNAL core:UINT64 reaper_tid:PID");
        def(OPEN, "open", "file", "fd:FD name:PATH flags:FLAGS mode:MODE dev:UINT64 ino:UINT64");
        def(OPENAT, "openat", "file", "fd:FD dirfd:FD name:PATH@1 flags:FLAGS mode:MODE dev:UINT64 ino:UINT64");
        def(OPENAT2, "openat2", "file",
                "fd:FD dirfd:FD name:PATH@1 flags:FLAGS mode:MODE resolve:FLAGS dev:UINT64 ino:UINT64");
        def(CREAT, "creat", "file", "fd:FD name:PATH mode:MODE dev:UINT64 ino:UINT64 creat_flags:FLAGS");
        def(CLOSE, "close", "io_other", "res:ERRNO fd:FD");
        def(DUP, "dup", "io_other", "res:FD oldfd:FD");
        def(DUP2, "dup2", "io_other", "res:FD oldfd:FD newfd:FD");
        def(DUP3, "dup3", "io_other", "res:FD oldfd:FD newfd:FD flags:FLAGS");
        def(CONNECT, "connect", "net", "res:ERRNO tuple:SOCKTUPLE fd:FD addr:SOCKADDR");
        def(ACCEPT, "accept", "net", ACCEPT_PARAMS);
        def(ACCEPT4, "accept4", "net", ACCEPT_PARAMS + " flags:FLAGS");
        def(BIND, "bind", "net", "res:ERRNO addr:SOCKADDR fd:FD");
        def(LISTEN, "listen", "net", "res:ERRNO fd:FD backlog:INT64");
        def(SOCKET, "socket", "net", "fd:FD domain:FLAGS type:UINT64 proto:UINT64 flags:FLAGS");
        def(SOCKETPAIR, "socketpair", "IPC",
                "res:ERRNO fd1:FD fd2:FD source:UINT64 peer:UINT64 domain:FLAGS type:UINT64 proto:UINT64");
        def(SENDTO, "sendto", "io_write", "res:ERRNO data:BYTES fd:FD size:UINT64 tuple:SOCKTUPLE");
        def(SENDMSG, "sendmsg", "io_write", "res:ERRNO data:BYTES fd:FD size:UINT64 tuple:SOCKTUPLE");
        def(RECVFROM, "recvfrom", "io_read", "res:ERRNO data:BYTES tuple:SOCKTUPLE fd:FD size:UINT64");
        def(RECVMSG, "recvmsg", "io_read",
                "res:ERRNO size:UINT64 data:BYTES tuple:SOCKTUPLE msgcontrol:BYTES fd:FD");
        def(SHUTDOWN, "shutdown", "net", "res:ERRNO fd:FD how:FLAGS");
        def(RENAME, "rename", "file", "res:ERRNO oldpath:PATH newpath:PATH");
        def(RENAMEAT, "renameat", "file", "res:ERRNO olddirfd:FD oldpath:PATH@1 newdirfd:FD newpath:PATH@3");
        def(RENAMEAT2, "renameat2", "file",
                "res:ERRNO olddirfd:FD oldpath:PATH@1 newdirfd:FD newpath:PATH@3 flags:FLAGS");
        def(UNLINK, "unlink", "file", "res:ERRNO path:PATH");
        def(UNLINKAT, "unlinkat", "file", "res:ERRNO dirfd:FD name:PATH@1 flags:FLAGS");
        def(MKDIR, "mkdir", "file", "res:ERRNO path:PATH mode:MODE");
        def(MKDIRAT, "mkdirat", "file", "res:ERRNO dirfd:FD path:PATH@1 mode:MODE");
        def(RMDIR, "rmdir", "file", "res:ERRNO path:PATH");
        def(SYMLINK, "symlink", "file", "res:ERRNO target:STRING linkpath:PATH");
        def(SYMLINKAT, "symlinkat", "file", "res:ERRNO target:STRING linkdirfd:FD linkpath:PATH@2");
        def(LINK, "link", "file", "res:ERRNO oldpath:PATH newpath:PATH");
        def(LINKAT, "linkat", "file", "res:ERRNO olddir:FD oldpath:PATH@1 newdir:FD newpath:PATH@3 flags:FLAGS");
        def(CHMOD, "chmod", "file", "res:ERRNO filename:PATH mode:MODE");
        def(FCHMOD, "fchmod", "file", "res:ERRNO fd:FD mode:MODE");
        def(FCHMODAT, "fchmodat", "file", "res:ERRNO dirfd:FD filename:PATH@1 mode:MODE");
        def(CHOWN, "chown", "file", "res:ERRNO path:PATH uid:UID gid:GID");
        def(FCHOWNAT, "fchownat", "file", "res:ERRNO dirfd:FD pathname:PATH@1 uid:UID gid:GID flags:FLAGS");
        def(SETUID, "setuid", "user", "res:ERRNO uid:UID");
        def(SETGID, "setgid", "user", "res:ERRNO gid:GID");
        def(SETREUID, "setreuid", "user", "res:ERRNO ruid:UID euid:UID");
        def(SETREGID, "setregid", "user", "res:ERRNO rgid:GID egid:GID");
        def(SETRESUID, "setresuid", "user", "res:ERRNO ruid:UID euid:UID suid:UID");
        def(SETRESGID, "setresgid", "user", "res:ERRNO rgid:GID egid:GID sgid:GID");
        def(CAPSET, "capset", "process", "res:ERRNO cap_inheritable:UINT64 cap_permitted:UINT64 cap_effective:UINT64");
        def(PTRACE, "ptrace", "process", "res:ERRNO addr:UINT64 data:UINT64 request:FLAGS pid:PID");
        def(MEMFD_CREATE, "memfd_create", "memory", "fd:FD name:STRING flags:FLAGS");
        def(MOUNT, "mount", "file", "res:ERRNO dev:STRING dir:PATH type:STRING flags:FLAGS");
        def(UMOUNT2, "umount2", "file", "res:ERRNO name:PATH flags:FLAGS");
        def(CHROOT, "chroot", "process", "res:ERRNO path:PATH");
        def(BPF, "bpf", "other", "fd:FD cmd:FLAGS");
        def(INIT_MODULE, "init_module", "other", "res:ERRNO img:BYTES length:UINT64 uargs:STRING");
        def(FINIT_MODULE, "finit_module", "other", "res:ERRNO fd:FD uargs:STRING flags:FLAGS");
        def(SETNS, "setns", "process", "res:ERRNO fd:FD nstype:FLAGS");
        def(UNSHARE, "unshare", "process", "res:ERRNO flags:FLAGS");
        def(USERFAULTFD, "userfaultfd", "file", "res:ERRNO flags:FLAGS");
        def(PRCTL, "prctl", "process", "res:ERRNO option:FLAGS arg2_str:STRING arg2_int:INT64");
        def(KILL, "kill", "signal", "res:ERRNO pid:PID sig:SIGNAL");
        def(TGKILL, "tgkill", "signal", "res:ERRNO pid:PID tid:PID sig:SIGNAL");
        def(PIPE, "pipe", "IPC", "res:ERRNO fd1:FD fd2:FD ino:UINT64");
        def(PIPE2, "pipe2", "IPC", "res:ERRNO fd1:FD fd2:FD ino:UINT64 flags:FLAGS");
        def(FCNTL, "fcntl", "io_other", "res:FD fd:FD cmd:FLAGS arg:UINT64");
        def(CONTAINER, "container", "internal", "id:STRING type:STRING name:STRING image:STRING");

        Map<String, int[]> names = new HashMap<>();
        List<EventInfo> list = new ArrayList<>();
        for (EventInfo info : byCode) {
            if (info != null) {
                list.add(info);
                int[] old = names.getOrDefault(info.name(), new int[0]);
                int[] codes = java.util.Arrays.copyOf(old, old.length + 1);
                codes[old.length] = info.code();
                names.put(info.name(), codes);
            }
        }
        byName = Map.copyOf(names);
        all = Collections.unmodifiableList(list);
    }

    /** The one table of the syscall source. */
    public static SyscallEventTable get() {
        return INSTANCE;
    }

    @Override
    public String source() {
        return SyscallEvent.SOURCE;
    }

    @Override
    public int[] codes(String name) {
        int[] codes = byName.get(name);
        return codes == null ? new int[0] : codes.clone();
    }

    @Override
    public String name(int code) {
        EventInfo info = info(code);
        return info == null ? null : info.name();
    }

    @Override
    public int size() {
        return byCode.length;
    }

    /** The event type with this code, or null if unknown. */
    public EventInfo info(int code) {
        return code > 0 && code < byCode.length ? byCode[code] : null;
    }

    /** The first event type named {@code name} (Falco's event name), or null if unknown. */
    public EventInfo info(String name) {
        int[] codes = byName.get(name);
        return codes == null ? null : byCode[codes[0]];
    }

    /** Every event type, ordered by code. */
    public List<EventInfo> all() {
        return all;
    }

    /**
     * The index of the directory-fd parameter that path parameter {@code param} of event
     * type {@code code} is relative to, or -1 if the path is relative to the cwd (or absolute).
     */
    public int dirfdParam(int code, int param) {
        int[] d = code > 0 && code < dirfds.length ? dirfds[code] : null;
        return d == null || param < 0 || param >= d.length ? -1 : d[param];
    }

    // Parses "name:TYPE name:PATH@dirfdIndex ..." into the table.
    private void def(int code, String name, String category, String spec) {
        String[] items = spec.trim().split("\\s+");
        List<ParamInfo> params = new ArrayList<>(items.length);
        int[] dirfd = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            int colon = items[i].indexOf(':');
            int at = items[i].indexOf('@');
            String type = at < 0 ? items[i].substring(colon + 1) : items[i].substring(colon + 1, at);
            dirfd[i] = at < 0 ? -1 : Integer.parseInt(items[i].substring(at + 1));
            params.add(new ParamInfo(items[i].substring(0, colon), ParamType.valueOf(type)));
        }
        byCode[code] = new EventInfo(code, name, category, params);
        dirfds[code] = dirfd;
    }
}
