package io.vigil.syscall.internal.fields;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.vigil.syscall.api.EventInfo;
import io.vigil.syscall.api.ParamType;
import io.vigil.syscall.api.SockAddr;
import io.vigil.syscall.api.SyscallEvent;
import io.vigil.syscall.internal.state.FdInfo;
import io.vigil.syscall.internal.state.FdType;
import io.vigil.syscall.internal.state.LinuxFlags;
import io.vigil.syscall.internal.state.NetFormat;
import io.vigil.syscall.internal.state.PathUtil;
import io.vigil.syscall.internal.state.ThreadInfo;
import io.vigil.syscall.internal.state.UserDb;

/**
 * Prints event parameters as Falco does for {@code evt.arg} and {@code evt.args}: a value
 * ({@code 3}, {@code 524288}, {@code /etc/passwd}) and, where Falco has one, a resolved form
 * ({@code <f>/etc/passwd}, {@code O_RDONLY|O_CLOEXEC}, {@code ENOENT}, a user name, an
 * absolute path). Writes into caller-owned buffers; numbers, fds, flags seen before and
 * absolute paths print without allocating.
 */
public final class ParamFormatter {

    private final EventView view;
    private final OpenFlags openFlags = new OpenFlags();
    private byte[] bytes = new byte[4096];
    /** Flag tables per event type code and parameter index, so printing does no lookup by name. */
    private Object[][] tables = new Object[0][];
    private static final Object NO_TABLE = new Object();

    public ParamFormatter(EventView view) {
        this.view = view;
    }

    /**
     * Writes parameter {@code i} of {@code e}: its value into {@code value} and its resolved
     * form (possibly nothing) into {@code resolved}. Both buffers are cleared first.
     */
    public void format(SyscallEvent e, int i, StringBuilder value, StringBuilder resolved) {
        value.setLength(0);
        resolved.setLength(0);
        EventInfo info = e.info();
        if (i >= e.paramCount() || e.isParamEmpty(i)) {
            value.append(info.params().get(i).type() == ParamType.SOCKTUPLE ? "NULL" : "<NA>");
            return;
        }
        String name = info.params().get(i).name();
        ParamType type = info.params().get(i).type();
        switch (type) {
            case INT64, UINT64, PID -> {
                long v = e.paramLong(i);
                value.append(v);
                if (type == ParamType.PID) {
                    ThreadInfo t = view.state().threads().get((int) v);
                    if (t != null) {
                        resolved.append(t.comm);
                    }
                }
            }
            case FD -> fd(e, e.paramLong(i), value, resolved);
            case ERRNO -> {
                long v = e.paramLong(i);
                value.append(v);
                if (v < 0) {
                    String n = Names.errno(v);
                    if (n != null) {
                        resolved.append(n);
                    }
                }
            }
            case FLAGS -> {
                long v = e.paramLong(i);
                value.append(v);
                Object table = table(e, i);
                if (table == FlagTables.OPEN) {
                    resolved.append(openFlags.format(v));
                } else if (table instanceof FlagTable ft) {
                    resolved.append(ft.format(v));
                }
            }
            case MODE -> {
                long v = e.paramLong(i);
                value.append('0').append(Long.toOctalString(v));
                resolved.append(FlagTables.mode(v));
            }
            case UID, GID -> {
                long v = e.paramLong(i) & 0xffffffffL;
                if (v == 0xffffffffL) {
                    value.append("-1");
                    resolved.append("<NONE>");
                } else {
                    value.append(v);
                    UserDb db = view.state().users();
                    String n = type == ParamType.UID ? userName(db, v) : groupName(db, v);
                    resolved.append(n == null ? "<NA>" : n);
                }
            }
            case RELTIME -> {
                long v = e.paramLong(i);
                if (v == -1) {
                    value.append("none");
                } else {
                    value.append(v);
                    resolved.append(v / 1e9).append('s');
                }
            }
            case ABSTIME -> {
                long v = e.paramLong(i);
                java.time.ZonedDateTime t = java.time.Instant.ofEpochSecond(v / 1_000_000_000L, v % 1_000_000_000L)
                        .atZone(java.time.ZoneId.systemDefault());
                value.append(t.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.nnnnnnnnn Z")));
            }
            case STRING -> text(e, i, value);
            case PATH -> {
                text(e, i, value);
                if (value.length() > 0 && value.charAt(0) != '/' && !value.toString().equals("<NA>")) {
                    String base = baseDir(e, i);
                    if (base != null) {
                        resolved.append(PathUtil.resolve(base, value.toString()));
                    }
                }
            }
            case BYTES -> buffer(e, i, value);
            case SOCKADDR -> sockaddr(e, i, value);
            case SOCKTUPLE -> socktuple(e, i, value);
            case CHARBUF_ARRAY -> {
                List<String> list = e.paramStrings(i);
                for (int k = 0; k < list.size(); k++) {
                    if (k > 0) {
                        value.append('.');
                    }
                    value.append(list.get(k));
                }
            }
            case SIGNAL -> {
                long v = e.paramLong(i);
                value.append(v);
                String n = Names.signal(v);
                if (n != null) {
                    resolved.append(n);
                }
            }
            default -> value.append(e.paramLong(i));
        }
    }

    private Object table(SyscallEvent e, int i) {
        int code = e.type();
        if (code < 0) {
            return FlagTables.forParam(e.info().name(), e.info().params().get(i).name());
        }
        if (code >= tables.length) {
            tables = java.util.Arrays.copyOf(tables, Math.max(code + 1, tables.length * 2));
        }
        Object[] perParam = tables[code];
        if (perParam == null || perParam.length != e.info().params().size()) {
            perParam = new Object[e.info().params().size()];
            tables[code] = perParam;
        }
        Object t = perParam[i];
        if (t == null) {
            t = FlagTables.forParam(e.info().name(), e.info().params().get(i).name());
            t = t == null ? NO_TABLE : t;
            perParam[i] = t;
        }
        return t == NO_TABLE ? null : t;
    }

    private static String userName(UserDb db, long uid) {
        UserDb.User u = db.user(uid);
        return u != null ? u.name() : uid == 0 ? "root" : null;
    }

    private static String groupName(UserDb db, long gid) {
        UserDb.Group g = db.group(gid);
        return g != null ? g.name() : gid == 0 ? "root" : null;
    }

    private void fd(SyscallEvent e, long fd, StringBuilder value, StringBuilder resolved) {
        value.append(fd);
        if (fd >= 0) {
            ThreadInfo t = view.thread(e);
            FdInfo info = t == null ? null : t.fds.get(fd);
            if (info == null && view.hasFd(e) && view.fdNum(e) == fd) {
                info = view.fd(e); // closed by this very event
            }
            if (info != null) {
                resolved.append('<').append(info.type.typeChar());
                if (info.type.isIpSocket()) {
                    char p = switch (info.l4proto) {
                        case FdInfo.L4_TCP -> 't';
                        case FdInfo.L4_UDP -> 'u';
                        case FdInfo.L4_ICMP -> 'i';
                        case FdInfo.L4_RAW -> 'r';
                        default -> 0;
                    };
                    if (p != 0) {
                        resolved.append(p);
                    }
                }
                resolved.append('>').append(info.name());
            }
        } else if (fd == LinuxFlags.AT_FDCWD) {
            resolved.append("AT_FDCWD");
        } else {
            String n = Names.errno(fd);
            if (n != null) {
                resolved.append(n);
            }
        }
    }

    /** The directory a relative path parameter is relative to: its dirfd's path or the cwd. */
    private String baseDir(SyscallEvent e, int i) {
        ThreadInfo t = view.thread(e);
        if (t == null) {
            return null;
        }
        EventInfo info = e.info();
        int dirfd = info.paramIndex(dirfdName(info.params().get(i).name()));
        if (dirfd < 0 || e.isParamEmpty(dirfd)) {
            return t.cwd.path;
        }
        long fd = e.paramLong(dirfd);
        if (fd == LinuxFlags.AT_FDCWD) {
            return t.cwd.path;
        }
        FdInfo dir = t.fds.get(fd);
        return dir == null ? null : dir.name();
    }

    /** Falco's dirfd parameter naming: name/path/filename go with dirfd, oldpath with olddirfd... */
    static String dirfdName(String pathParam) {
        return switch (pathParam) {
            case "oldpath" -> "olddirfd";
            case "newpath" -> "newdirfd";
            case "linkpath" -> "linkdirfd";
            default -> "dirfd";
        };
    }

    /** Appends a string parameter, decoding ASCII in place and other text through a String. */
    void text(SyscallEvent e, int i, StringBuilder out) {
        int len = e.paramLength(i);
        if (len > bytes.length) {
            bytes = new byte[Math.max(len, bytes.length * 2)];
        }
        int n = e.copyParam(i, bytes);
        int end = 0;
        boolean ascii = true;
        while (end < n && bytes[end] != 0) {
            if (bytes[end] < 0) {
                ascii = false;
            }
            end++;
        }
        if (ascii) {
            for (int k = 0; k < end; k++) {
                out.append((char) bytes[k]);
            }
        } else {
            out.append(new String(bytes, 0, end, StandardCharsets.UTF_8));
        }
    }

    private void buffer(SyscallEvent e, int i, StringBuilder out) {
        int len = e.paramLength(i);
        if (len > bytes.length) {
            bytes = new byte[Math.max(len, bytes.length * 2)];
        }
        int n = e.copyParam(i, bytes);
        for (int k = 0; k < n; k++) {
            int c = bytes[k] & 0xff;
            out.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
    }

    private void sockaddr(SyscallEvent e, int i, StringBuilder out) {
        int n = e.copyParam(i, bytes);
        int family = n > 0 ? bytes[0] & 0xff : -1;
        if (family == SockAddr.AF_INET && n >= 7) {
            ip(out, 1, 4).append(':').append(port(5));
        } else if (family == SockAddr.AF_INET6 && n >= 19) {
            ip(out, 1, 16).append(':').append(port(17));
        } else if (family == SockAddr.AF_UNIX) {
            for (int k = 1; k < n && bytes[k] != 0; k++) {
                out.append((char) (bytes[k] & 0xff));
            }
        } else {
            out.append("family ").append(family);
        }
    }

    private void socktuple(SyscallEvent e, int i, StringBuilder out) {
        int n = e.copyParam(i, bytes);
        int family = n > 0 ? bytes[0] & 0xff : -1;
        if (family == SockAddr.AF_INET && n >= 13) {
            ip(out, 1, 4).append(':').append(port(5)).append("->");
            ip(out, 7, 4).append(':').append(port(11));
        } else if (family == SockAddr.AF_INET6 && n >= 37) {
            boolean mapped = mapped(1) && mapped(19);
            if (mapped) {
                ip(out, 13, 4).append(':').append(port(17)).append("->");
                ip(out, 31, 4).append(':').append(port(35));
            } else {
                ip(out, 1, 16).append(':').append(port(17)).append("->");
                ip(out, 19, 16).append(':').append(port(35));
            }
        } else if (family == SockAddr.AF_UNIX && n >= 17) {
            out.append(Long.toHexString(le(1))).append("->").append(Long.toHexString(le(9))).append(' ');
            for (int k = 17; k < n && bytes[k] != 0; k++) {
                out.append((char) (bytes[k] & 0xff));
            }
        } else {
            out.append("family ").append(family);
        }
    }

    private boolean mapped(int off) {
        for (int k = 0; k < 10; k++) {
            if (bytes[off + k] != 0) {
                return false;
            }
        }
        return (bytes[off + 10] & 0xff) == 0xff && (bytes[off + 11] & 0xff) == 0xff;
    }

    private StringBuilder ip(StringBuilder out, int off, int len) {
        if (len == 4) {
            return out.append(bytes[off] & 0xff).append('.').append(bytes[off + 1] & 0xff).append('.')
                    .append(bytes[off + 2] & 0xff).append('.').append(bytes[off + 3] & 0xff);
        }
        NetFormat.appendIp(out, java.util.Arrays.copyOfRange(bytes, off, off + len));
        return out;
    }

    private int port(int off) {
        return ((bytes[off] & 0xff) << 8) | (bytes[off + 1] & 0xff);
    }

    private long le(int off) {
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = (v << 8) | (bytes[off + k] & 0xff);
        }
        return v;
    }

    /** True if an fd type char denotes a file-like object; used by is_open_* fields. */
    static boolean isFile(FdType t) {
        return t == FdType.FILE || t == FdType.DIRECTORY;
    }
}
