package io.vigil.syscall.internal.fields;

import static io.vigil.syscall.internal.fields.Decl.add;
import static io.vigil.syscall.internal.fields.Decl.text;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.FieldValue;
import io.vigil.syscall.api.EventInfo;
import io.vigil.syscall.api.ParamType;
import io.vigil.syscall.api.SyscallEvent;
import io.vigil.syscall.internal.state.FdInfo;
import io.vigil.syscall.internal.state.FdType;
import io.vigil.syscall.internal.state.LinuxFlags;

/** Falco's {@code evt.*} fields of syscall events. */
final class EventFields {

    private static final String G = "evt";
    private static final long EXEC_BITS = 0111;

    private final EventView view;

    EventFields(EventView view) {
        this.view = view;
    }

    static void declare(List<FieldDescriptor> d) {
        add(d, G, "evt.num", FieldType.UINT64, "The number of the event, increasing by one per event of the capture.");
        add(d, G, "evt.time", FieldType.STRING, "The event time in local time with nanoseconds (hh:mm:ss.nnnnnnnnn).");
        add(d, G, "evt.time.s", FieldType.STRING, "The event time in local time without nanoseconds (hh:mm:ss).");
        add(d, G, "evt.time.iso8601", FieldType.STRING, "The event time in ISO 8601 form, UTC, with nanoseconds.");
        add(d, G, "evt.datetime", FieldType.STRING, "The event date and local time with nanoseconds.");
        add(d, G, "evt.datetime.s", FieldType.STRING, "The event date and local time without nanoseconds.");
        add(d, G, "evt.rawtime", FieldType.ABSTIME, "The event time in nanoseconds since the epoch.");
        add(d, G, "evt.rawtime.s", FieldType.ABSTIME, "The whole seconds of the event time since the epoch.");
        add(d, G, "evt.rawtime.ns", FieldType.ABSTIME, "The nanoseconds part of the event time.");
        add(d, G, "evt.reltime", FieldType.RELTIME, "Nanoseconds from the first event of the capture to this one.");
        add(d, G, "evt.reltime.s", FieldType.RELTIME, "Whole seconds from the first event of the capture.");
        add(d, G, "evt.reltime.ns", FieldType.RELTIME, "The nanoseconds part of the time from the first event.");
        add(d, G, "evt.deltatime", FieldType.RELTIME, "Nanoseconds between the previous event and this one.");
        add(d, G, "evt.deltatime.s", FieldType.RELTIME, "Whole seconds between the previous event and this one.");
        add(d, G, "evt.deltatime.ns", FieldType.RELTIME, "The nanoseconds part of the time since the previous event.");
        add(d, G, "evt.dir", FieldType.STRING, "The event direction; always '<' since Vigil records completed syscalls.");
        add(d, G, "evt.type", FieldType.STRING, "The event name, e.g. open, execve, procexit.");
        add(d, G, "evt.type.is", FieldType.UINT32, FieldArg.KEY, true, false,
                "1 if the event is of the named type (evt.type.is.open), else 0.");
        add(d, G, "syscall.type", FieldType.STRING, "The system call name; not set for non-syscall events such as procexit.");
        add(d, G, "evt.category", FieldType.STRING, "The event category: file, net, process, IPC, memory, user, signal, ...; for I/O, the kind of fd (file, net, ipc).");
        add(d, G, "evt.cpu", FieldType.INT16, "The CPU the event was captured on.");
        add(d, G, "evt.args", FieldType.STRING, "All event arguments as name=value pairs, resolved values in brackets.");
        add(d, G, "evt.info", FieldType.STRING, "The event arguments as name=value pairs (as evt.args).");
        add(d, G, "evt.arg", FieldType.STRING, FieldArg.INDEX_OR_KEY, true, false,
                "One event argument, by name (evt.arg.fd) or position (evt.arg[0]), in its resolved form where there is one.");
        add(d, G, "evt.rawarg", FieldType.INT64, FieldArg.KEY, true, false,
                "One event argument by name, unformatted: numbers as numbers, text as text.");
        add(d, G, "evt.buffer", FieldType.BYTES, "The data buffer of I/O events.");
        add(d, G, "evt.buflen", FieldType.UINT64, "The number of bytes an I/O event read or wrote.");
        add(d, G, "evt.res", FieldType.STRING, "The result: SUCCESS, or the error name such as ENOENT.");
        add(d, G, "evt.rawres", FieldType.INT64, "The syscall return value as a number; negative on failure.");
        add(d, G, "evt.failed", FieldType.BOOL, "True if the syscall returned an error.");
        add(d, G, "evt.is_io", FieldType.BOOL, "True for events that read or write data through an fd.");
        add(d, G, "evt.is_io_read", FieldType.BOOL, "True for events that read data from an fd.");
        add(d, G, "evt.is_io_write", FieldType.BOOL, "True for events that write data to an fd.");
        add(d, G, "evt.io_dir", FieldType.STRING, "'read' or 'write' for I/O events.");
        add(d, G, "evt.is_wait", FieldType.BOOL, "True for events that make the thread wait (Vigil records none).");
        add(d, G, "evt.is_syslog", FieldType.BOOL, "True for writes to the syslog socket /dev/log.");
        add(d, G, "evt.count", FieldType.UINT32, "1 for every event; summed in aggregations.");
        add(d, G, "evt.count.error", FieldType.UINT32, "1 for events that failed.");
        add(d, G, "evt.count.error.file", FieldType.UINT32, "1 for failed events on files.");
        add(d, G, "evt.count.error.net", FieldType.UINT32, "1 for failed events on network sockets.");
        add(d, G, "evt.count.error.memory", FieldType.UINT32, "1 for failed memory events.");
        add(d, G, "evt.count.error.other", FieldType.UINT32, "1 for failed events of other kinds.");
        add(d, G, "evt.count.exit", FieldType.UINT32, "1 for exit events: every Vigil syscall record.");
        add(d, G, "evt.is_open_read", FieldType.BOOL, "True for open events that open for reading.");
        add(d, G, "evt.is_open_write", FieldType.BOOL, "True for open events that open for writing.");
        add(d, G, "evt.is_open_exec", FieldType.BOOL, "True for open or creat events that create an executable file.");
        add(d, G, "evt.is_open_create", FieldType.BOOL, "True for open events that created the file.");
        add(d, G, "evt.hostname", FieldType.STRING, "The host name ($FALCO_HOSTNAME if set).");
        add(d, G, "evt.source", FieldType.STRING, "The event source: syscall.");
        add(d, G, "evt.is_async", FieldType.BOOL, "True for asynchronous meta events (Vigil's syscall records are not).");
    }

    Decl.Getter bind(String name, String arg) {
        switch (name) {
            case "evt.num":
                return (e, out) -> set(out, e.number());
            case "evt.time":
                return time(false, true, false);
            case "evt.time.s":
                return time(false, false, false);
            case "evt.datetime":
                return time(true, true, false);
            case "evt.datetime.s":
                return time(true, false, false);
            case "evt.time.iso8601":
                return time(true, true, true);
            case "evt.rawtime":
                return (e, out) -> set(out, e.timestamp());
            case "evt.rawtime.s":
                return (e, out) -> set(out, e.timestamp() / 1_000_000_000L);
            case "evt.rawtime.ns":
                return (e, out) -> set(out, e.timestamp() % 1_000_000_000L);
            case "evt.reltime":
                return (e, out) -> set(out, e.timestamp() - first(e));
            case "evt.reltime.s":
                return (e, out) -> set(out, (e.timestamp() - first(e)) / 1_000_000_000L);
            case "evt.reltime.ns":
                return (e, out) -> set(out, (e.timestamp() - first(e)) % 1_000_000_000L);
            case "evt.deltatime":
                return (e, out) -> set(out, delta(e));
            case "evt.deltatime.s":
                return (e, out) -> set(out, delta(e) / 1_000_000_000L);
            case "evt.deltatime.ns":
                return (e, out) -> set(out, delta(e) % 1_000_000_000L);
            case "evt.dir":
                return (e, out) -> text(out, "<");
            case "evt.type":
                return (e, out) -> text(out, e.info().name());
            case "evt.type.is":
                return (e, out) -> set(out, e.info().name().equals(arg) ? 1 : 0);
            case "syscall.type":
                return (e, out) -> !e.info().name().equals("procexit") && text(out, e.info().name());
            case "evt.category":
                return (e, out) -> text(out, category(e));
            case "evt.cpu":
                return (e, out) -> set(out, e.cpu());
            case "evt.args":
            case "evt.info":
                return args();
            case "evt.arg":
                return arg(arg);
            case "evt.rawarg":
                return rawarg(arg);
            case "evt.buffer":
                return buffer();
            case "evt.buflen":
                return (e, out) -> isIo(e) != 0 && e.result() >= 0 && set(out, e.result());
            case "evt.res":
                return (e, out) -> hasResult(e) && text(out, resultName(e.result()));
            case "evt.rawres":
                return (e, out) -> hasResult(e) && set(out, e.result());
            case "evt.failed":
            case "evt.count.error":
                return (e, out) -> out.setBool(hasResult(e) && e.result() < 0) != null;
            case "evt.count.error.file":
                return (e, out) -> errorOf(e, out, "file");
            case "evt.count.error.net":
                return (e, out) -> errorOf(e, out, "net");
            case "evt.count.error.memory":
                return (e, out) -> errorOf(e, out, "memory");
            case "evt.count.error.other":
                return (e, out) -> errorOf(e, out, "other");
            case "evt.count":
            case "evt.count.exit":
                return (e, out) -> set(out, 1);
            case "evt.is_io":
                return (e, out) -> out.setBool(isIo(e) != 0) != null;
            case "evt.is_io_read":
                return (e, out) -> out.setBool(isIo(e) == 1) != null;
            case "evt.is_io_write":
                return (e, out) -> out.setBool(isIo(e) == 2) != null;
            case "evt.io_dir":
                return (e, out) -> isIo(e) != 0 && text(out, isIo(e) == 1 ? "read" : "write");
            case "evt.is_wait":
            case "evt.is_async":
                return (e, out) -> out.setBool(false) != null;
            case "evt.is_syslog":
                return (e, out) -> {
                    FdInfo fd = isIo(e) == 2 ? view.fd(e) : null;
                    return out.setBool(fd != null && fd.name().contains("/dev/log")) != null;
                };
            case "evt.is_open_read":
                return (e, out) -> out.setBool(openFlags(e) >= 0 && accessMode(e) != LinuxFlags.O_WRONLY) != null;
            case "evt.is_open_write":
                return (e, out) -> out.setBool(openFlags(e) >= 0 && accessMode(e) != LinuxFlags.O_RDONLY) != null;
            case "evt.is_open_exec":
                return (e, out) -> out.setBool(isOpenExec(e)) != null;
            case "evt.is_open_create":
                return (e, out) -> out.setBool(isOpenCreate(e)) != null;
            case "evt.hostname":
                return (e, out) -> text(out, view.state().hostname());
            case "evt.source":
                return (e, out) -> text(out, SyscallEvent.SOURCE);
            default:
                return null;
        }
    }

    private static boolean set(FieldValue out, long v) {
        out.setLong(v);
        return true;
    }

    private long first(SyscallEvent e) {
        long f = view.state().firstEventTs();
        return f == 0 ? e.timestamp() : f;
    }

    private long delta(SyscallEvent e) {
        long p = view.state().previousEventTs();
        return p == 0 ? 0 : e.timestamp() - p;
    }

    private static Decl.Getter time(boolean date, boolean nanos, boolean iso) {
        TimeFormat fmt = new TimeFormat(ZoneId.systemDefault());
        StringBuilder sb = new StringBuilder(40);
        return (e, out) -> {
            sb.setLength(0);
            if (iso) {
                fmt.iso8601(sb, e.timestamp());
            } else {
                fmt.local(sb, e.timestamp(), date, nanos);
            }
            out.setText(sb);
            return true;
        };
    }

    /** 1 for events that read through an fd, 2 for writes, 0 otherwise. */
    private int isIo(SyscallEvent e) {
        return view.facts(e).ioKind;
    }

    private String category(SyscallEvent e) {
        String c = e.info().category();
        if (!c.startsWith("io_")) {
            return c;
        }
        FdInfo fd = view.fd(e);
        if (fd == null) {
            return "unknown";
        }
        FdType t = fd.type;
        if (t == FdType.FILE || t == FdType.DIRECTORY) {
            return "file";
        }
        if (t.isIpSocket() || t == FdType.UNIX_SOCK || t == FdType.NETLINK) {
            return "net";
        }
        if (t == FdType.UNKNOWN) {
            return "unknown";
        }
        return "ipc";
    }

    private boolean errorOf(SyscallEvent e, FieldValue out, String kind) {
        if (!hasResult(e) || e.result() >= 0) {
            return false;
        }
        String name = e.info().name();
        FdInfo fd = view.fd(e);
        boolean file = fd != null ? fd.type == FdType.FILE || fd.type == FdType.DIRECTORY
                : name.equals("open") || name.equals("openat") || name.equals("openat2") || name.equals("creat");
        boolean net = fd != null ? fd.type.isIpSocket() || fd.type == FdType.UNIX_SOCK
                : name.equals("connect") || name.startsWith("accept");
        boolean memory = e.info().category().equals("memory");
        boolean match = switch (kind) {
            case "file" -> file;
            case "net" -> net;
            case "memory" -> memory;
            default -> !file && !net && !memory;
        };
        if (!match) {
            return false;
        }
        out.setLong(1);
        return true;
    }

    /**
     * True if the event type carries a return value (its first parameter is res or the new fd);
     * procexit is an enter-type event in Falco and has none.
     */
    private boolean hasResult(SyscallEvent e) {
        return view.facts(e).hasResult;
    }

    static String resultName(long res) {
        if (res >= 0) {
            return "SUCCESS";
        }
        String n = Names.errno(res);
        return n != null ? n : Long.toString(res);
    }

    /** The open flags of an open event, or -1 for other events. */
    private long openFlags(SyscallEvent e) {
        EventView.TypeFacts f = view.facts(e);
        if (!f.open) {
            return -1;
        }
        int i = f.flagsParam;
        return i < 0 || i >= e.paramCount() || e.isParamEmpty(i) ? 0 : e.paramLong(i);
    }

    private long accessMode(SyscallEvent e) {
        return openFlags(e) & LinuxFlags.O_ACCMODE;
    }

    private boolean isOpenExec(SyscallEvent e) {
        EventView.TypeFacts f = view.facts(e);
        int mi = f.modeParam;
        long mode = mi < 0 || mi >= e.paramCount() || e.isParamEmpty(mi) ? 0 : e.paramLong(mi);
        if (f.creat) {
            return (mode & EXEC_BITS) != 0;
        }
        long flags = openFlags(e);
        boolean creating = flags >= 0 && ((flags & LinuxFlags.O_CREAT) != 0
                || (flags & LinuxFlags.O_TMPFILE) == LinuxFlags.O_TMPFILE);
        return creating && (mode & EXEC_BITS) != 0;
    }

    // Falco's driver reports whether the file was created (O_F_CREATED). Until the probe sets
    // Vigil's bit for it, opens that can only succeed by creating (O_CREAT|O_EXCL, O_TMPFILE)
    // count as well.
    private boolean isOpenCreate(SyscallEvent e) {
        long flags = openFlags(e);
        if (flags < 0 || e.result() < 0) {
            return false;
        }
        if ((flags & LinuxFlags.VIGIL_O_F_CREATED) != 0) {
            return true;
        }
        boolean exclusive = (flags & (LinuxFlags.O_CREAT | LinuxFlags.O_EXCL)) == (LinuxFlags.O_CREAT | LinuxFlags.O_EXCL);
        boolean tmpfile = (flags & LinuxFlags.O_TMPFILE) == LinuxFlags.O_TMPFILE;
        return exclusive || tmpfile;
    }

    private Decl.Getter args() {
        ParamFormatter fmt = new ParamFormatter(view);
        StringBuilder sb = new StringBuilder(256);
        StringBuilder value = new StringBuilder(128);
        StringBuilder resolved = new StringBuilder(128);
        return (e, out) -> {
            sb.setLength(0);
            List<io.vigil.syscall.api.ParamInfo> params = e.info().params();
            int n = Math.min(params.size(), e.paramCount());
            for (int i = 0; i < n; i++) {
                fmt.format(e, i, value, resolved);
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(params.get(i).name()).append('=').append(value);
                if (resolved.length() > 0) {
                    sb.append('(').append(resolved).append(')');
                }
            }
            out.setText(sb);
            return true;
        };
    }

    /** Finds a parameter index per event type, by name or position, cached per type code. */
    private static final class ParamLookup {
        private final String name;
        private final int position;
        private int[] byCode = new int[0];

        ParamLookup(String arg) {
            int pos = -1;
            if (arg != null && !arg.isEmpty() && arg.chars().allMatch(Character::isDigit)) {
                pos = Integer.parseInt(arg);
            }
            this.position = pos;
            this.name = arg;
        }

        int index(SyscallEvent e) {
            if (position >= 0) {
                return position < e.paramCount() ? position : -1;
            }
            int code = e.type();
            if (code < 0) {
                return e.info().paramIndex(name);
            }
            if (code >= byCode.length) {
                int old = byCode.length;
                byCode = Arrays.copyOf(byCode, Math.max(code + 1, old * 2));
                Arrays.fill(byCode, old, byCode.length, Integer.MIN_VALUE);
            }
            int i = byCode[code];
            if (i == Integer.MIN_VALUE) {
                i = e.info().paramIndex(name);
                byCode[code] = i;
            }
            return i < e.paramCount() ? i : -1;
        }
    }

    private Decl.Getter arg(String arg) {
        ParamLookup lookup = new ParamLookup(arg);
        ParamFormatter fmt = new ParamFormatter(view);
        StringBuilder value = new StringBuilder(128);
        StringBuilder resolved = new StringBuilder(128);
        return (e, out) -> {
            int i = lookup.index(e);
            if (i < 0) {
                return false;
            }
            fmt.format(e, i, value, resolved);
            out.setText(resolved.length() > 0 ? resolved : value);
            return true;
        };
    }

    private Decl.Getter rawarg(String arg) {
        ParamLookup lookup = new ParamLookup(arg);
        ParamFormatter fmt = new ParamFormatter(view);
        StringBuilder text = new StringBuilder(128);
        byte[][] buf = {new byte[256]};
        return (e, out) -> {
            int i = lookup.index(e);
            if (i < 0 || e.isParamEmpty(i)) {
                return false;
            }
            ParamType t = e.info().params().get(i).type();
            switch (t) {
                case STRING, PATH -> {
                    text.setLength(0);
                    fmt.text(e, i, text);
                    out.setText(text);
                }
                case BYTES, SOCKADDR, SOCKTUPLE -> {
                    int len = e.paramLength(i);
                    if (len > buf[0].length) {
                        buf[0] = new byte[len];
                    }
                    out.setBytes(buf[0], e.copyParam(i, buf[0]));
                }
                case CHARBUF_ARRAY -> out.setText(String.join(".", e.paramStrings(i)));
                default -> out.setLong(e.paramLong(i));
            }
            return true;
        };
    }

    private Decl.Getter buffer() {
        byte[][] buf = {new byte[4096]};
        return (e, out) -> {
            int i = e.info().paramIndex("data");
            if (i < 0 || i >= e.paramCount() || e.isParamEmpty(i)) {
                return false;
            }
            int len = e.paramLength(i);
            if (len > buf[0].length) {
                buf[0] = new byte[len];
            }
            out.setBytes(buf[0], e.copyParam(i, buf[0]));
            return true;
        };
    }
}
