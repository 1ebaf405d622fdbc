package io.vigil.syscall.internal.fields;

import static io.vigil.syscall.internal.fields.Decl.add;
import static io.vigil.syscall.internal.fields.Decl.text;

import java.util.ArrayList;
import java.util.List;

import io.vigil.sdk.FieldArg;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldType;
import io.vigil.sdk.FieldValue;
import io.vigil.syscall.api.SyscallEvent;
import io.vigil.syscall.internal.state.FdInfo;
import io.vigil.syscall.internal.state.FdType;
import io.vigil.syscall.internal.state.ThreadInfo;

/**
 * Falco's {@code fd.*} fields: the fd an event uses or creates. Events without an fd have
 * none of these fields ({@code <NA>}), as in Falco.
 */
final class FdFields {

    private static final String G = "fd";

    private final EventView view;
    private final LocalAddresses local;

    FdFields(EventView view, LocalAddresses local) {
        this.view = view;
        this.local = local;
    }

    static void declare(List<FieldDescriptor> d) {
        add(d, G, "fd.num", FieldType.INT64, "The fd number the event uses or created.");
        add(d, G, "fd.type", FieldType.STRING, "The fd type: file, directory, ipv4, ipv6, unix, pipe, event, signalfd, eventpoll, inotify, timerfd, netlink, bpf, userfaultfd, io_uring, memfd, pidfd.");
        add(d, G, "fd.typechar", FieldType.STRING, "The fd type as one character: f d 4 6 u p e s l i t n b r m P.");
        add(d, G, "fd.name", FieldType.STRING, "The fd's full name: an absolute path, or a connection as client_ip:port->server_ip:port.");
        add(d, G, "fd.directory", FieldType.STRING, "The directory of a file fd, or the path of a directory fd.");
        add(d, G, "fd.filename", FieldType.STRING, "The file name of a file fd, without the directory.");
        add(d, G, "fd.ip", FieldType.IPADDR, "The server address of the fd (Falco matches either end; see the bundle notes).");
        add(d, G, "fd.cip", FieldType.IPADDR, "The client IP address.");
        add(d, G, "fd.sip", FieldType.IPADDR, "The server IP address.");
        add(d, G, "fd.lip", FieldType.IPADDR, "The local IP address.");
        add(d, G, "fd.rip", FieldType.IPADDR, "The remote IP address.");
        add(d, G, "fd.port", FieldType.PORT, "The server port of the fd (Falco matches either end).");
        add(d, G, "fd.cport", FieldType.PORT, "The client port.");
        add(d, G, "fd.sport", FieldType.PORT, "The server port.");
        add(d, G, "fd.lport", FieldType.PORT, "The local port.");
        add(d, G, "fd.rport", FieldType.PORT, "The remote port.");
        add(d, G, "fd.l4proto", FieldType.STRING, "The layer-4 protocol of a socket: tcp, udp, icmp or raw.");
        add(d, G, "fd.sockfamily", FieldType.STRING, "The socket family: ip or unix.");
        add(d, G, "fd.is_server", FieldType.BOOL, "True if the process is the server end of the connection.");
        add(d, G, "fd.uid", FieldType.STRING, "A unique id of the fd: thread id and fd number.");
        add(d, G, "fd.cproto", FieldType.STRING, "The client protocol (port number as text).");
        add(d, G, "fd.sproto", FieldType.STRING, "The server protocol (port number as text).");
        add(d, G, "fd.lproto", FieldType.STRING, "The local protocol (port number as text).");
        add(d, G, "fd.rproto", FieldType.STRING, "The remote protocol (port number as text).");
        add(d, G, "fd.net", FieldType.IPNET, "The server address of the fd, compared with a network (Falco matches either end).");
        add(d, G, "fd.cnet", FieldType.IPNET, "Matches the client address against a network.");
        add(d, G, "fd.snet", FieldType.IPNET, "Matches the server address against a network.");
        add(d, G, "fd.lnet", FieldType.IPNET, "Matches the local address against a network.");
        add(d, G, "fd.rnet", FieldType.IPNET, "Matches the remote address against a network.");
        add(d, G, "fd.cip.name", FieldType.STRING, "The domain name of the client address (needs Falco's DNS cache; <NA> in Vigil for now).");
        add(d, G, "fd.sip.name", FieldType.STRING, "The domain name of the server address (<NA> in Vigil for now).");
        add(d, G, "fd.lip.name", FieldType.STRING, "The domain name of the local address (<NA> in Vigil for now).");
        add(d, G, "fd.rip.name", FieldType.STRING, "The domain name of the remote address (<NA> in Vigil for now).");
        add(d, G, "fd.connected", FieldType.BOOL, "True if the socket is connected.");
        add(d, G, "fd.name_changed", FieldType.BOOL, "True if the event changed the fd's name (connect, bind, ...).");
        add(d, G, "fd.dev", FieldType.INT32, "The device number of the file's file system.");
        add(d, G, "fd.dev.major", FieldType.INT32, "The major device number of the file's file system.");
        add(d, G, "fd.dev.minor", FieldType.INT32, "The minor device number of the file's file system.");
        add(d, G, "fd.ino", FieldType.INT64, "The inode number of the file.");
        add(d, G, "fd.nameraw", FieldType.STRING, "The file path as the process passed it, not made absolute.");
        add(d, G, "fd.types", FieldType.STRING, FieldArg.INDEX, false, true,
                "The types of all fds of the process; fd.types[N] is the type of fd N.");
        add(d, G, "fd.is_upper_layer", FieldType.BOOL, "True if the file is in the upper layer of an overlayfs.");
        add(d, G, "fd.is_lower_layer", FieldType.BOOL, "True if the file is in a lower layer of an overlayfs.");
    }

    Decl.Getter bind(String name, String arg) {
        switch (name) {
            case "fd.num":
                return (e, out) -> view.hasFd(e) && out.setLong(view.fdNum(e)) != null;
            case "fd.type":
                return info((e, f, out) -> text(out, f.type.typeName()));
            case "fd.typechar":
                return (e, out) -> {
                    if (!view.hasFd(e)) {
                        return false;
                    }
                    FdInfo f = view.fd(e);
                    if (f == null) {
                        return view.path(e, false) != null && text(out, FdType.FILE.typeCharString());
                    }
                    return text(out, f.type.typeCharString());
                };
            case "fd.name":
                return (e, out) -> {
                    if (!view.hasFd(e)) {
                        return false;
                    }
                    FdInfo f = view.fd(e);
                    return text(out, f != null ? f.name() : view.path(e, false));
                };
            case "fd.nameraw":
                return (e, out) -> {
                    if (!view.hasFd(e)) {
                        return false;
                    }
                    FdInfo f = view.fd(e);
                    return text(out, f != null ? f.nameRaw : view.path(e, true));
                };
            case "fd.directory":
                return (e, out) -> {
                    if (!view.hasFd(e)) {
                        return false;
                    }
                    FdInfo f = view.fd(e);
                    if (f == null) {
                        String p = view.path(e, false);
                        return p != null && text(out, FdInfo.computeDirectory(p, true));
                    }
                    return (f.type == FdType.FILE || f.type == FdType.DIRECTORY) && text(out, f.directory());
                };
            case "fd.filename":
                return info((e, f, out) -> f.type == FdType.FILE && text(out, f.filename()));
            case "fd.cip":
            case "fd.cnet":
                return info((e, f, out) -> f.role != FdInfo.ROLE_NONE && connected(f) && ip(out, f.sip));
            case "fd.sip":
            case "fd.snet":
                return info((e, f, out) -> f.type.isServerSocket() ? ip(out, f.serverIp)
                        : f.role != FdInfo.ROLE_NONE && connected(f) && ip(out, f.dip));
            case "fd.lip":
            case "fd.lnet":
                return info((e, f, out) -> connected(f) && f.role != FdInfo.ROLE_NONE
                        && ip(out, local.isLocal(f.sip) ? f.sip : f.dip));
            case "fd.rip":
            case "fd.rnet":
                return info((e, f, out) -> connected(f) && f.role != FdInfo.ROLE_NONE
                        && ip(out, local.isLocal(f.sip) ? f.dip : f.sip));
            case "fd.ip":
            case "fd.net":
                // Falco compares these with both ends; a scalar field can carry one, so it is the
                // server end: the remote address of an outgoing connection, the bound one of a
                // listening socket.
                return info((e, f, out) -> f.type.isServerSocket() ? ip(out, f.serverIp)
                        : connected(f) && ip(out, f.dip));
            case "fd.cport":
                return info((e, f, out) -> f.role != FdInfo.ROLE_NONE && connected(f) && port(out, f.sport));
            case "fd.sport":
                return info((e, f, out) -> f.type.isServerSocket() ? port(out, f.serverPort)
                        : f.role != FdInfo.ROLE_NONE && connected(f) && port(out, f.dport));
            case "fd.lport":
                return info((e, f, out) -> connected(f) && f.role != FdInfo.ROLE_NONE
                        && port(out, local.isLocal(f.sip) ? f.sport : f.dport));
            case "fd.rport":
                return info((e, f, out) -> connected(f) && f.role != FdInfo.ROLE_NONE
                        && port(out, local.isLocal(f.sip) ? f.dport : f.sport));
            case "fd.port":
                return info((e, f, out) -> f.type.isServerSocket() ? port(out, f.serverPort)
                        : connected(f) && port(out, f.dport));
            case "fd.cip.name":
            case "fd.sip.name":
            case "fd.lip.name":
            case "fd.rip.name":
                return (e, out) -> false;
            case "fd.cproto":
                return info((e, f, out) -> connected(f) && f.role != FdInfo.ROLE_NONE && text(out, Integer.toString(f.sport)));
            case "fd.sproto":
                return info((e, f, out) -> f.type.isServerSocket() ? text(out, Integer.toString(f.serverPort))
                        : connected(f) && f.role != FdInfo.ROLE_NONE && text(out, Integer.toString(f.dport)));
            case "fd.lproto":
                return info((e, f, out) -> connected(f) && f.role != FdInfo.ROLE_NONE
                        && text(out, Integer.toString(local.isLocal(f.sip) ? f.sport : f.dport)));
            case "fd.rproto":
                return info((e, f, out) -> connected(f) && f.role != FdInfo.ROLE_NONE
                        && text(out, Integer.toString(local.isLocal(f.sip) ? f.dport : f.sport)));
            case "fd.l4proto":
                return info((e, f, out) -> text(out, f.l4protoName()));
            case "fd.sockfamily":
                return info((e, f, out) -> f.type.isIpSocket() ? text(out, "ip")
                        : f.type == FdType.UNIX_SOCK && text(out, "unix"));
            case "fd.is_server":
                return info((e, f, out) -> out.setBool(f.type.isServerSocket()
                        || (connected(f) && local.isLocal(f.dip))) != null);
            case "fd.uid":
                return (e, out) -> view.hasFd(e) && text(out, Integer.toString(e.tid()) + view.fdNum(e));
            case "fd.connected":
                return info((e, f, out) -> out.setBool(f.connected) != null);
            case "fd.name_changed":
                return info((e, f, out) -> out.setBool(view.nameChanged(e)) != null);
            case "fd.dev":
                return info((e, f, out) -> out.setLong(f.dev) != null);
            case "fd.dev.major":
                return info((e, f, out) -> out.setLong((f.dev & 0xfff00) >> 8) != null);
            case "fd.dev.minor":
                return info((e, f, out) -> out.setLong((f.dev & 0xff) | ((f.dev >> 12) & 0xfff00)) != null);
            case "fd.ino":
                return info((e, f, out) -> out.setLong(f.ino) != null);
            case "fd.is_upper_layer":
                return info((e, f, out) -> out.setBool(f.upperLayer) != null);
            case "fd.is_lower_layer":
                return info((e, f, out) -> out.setBool(f.lowerLayer) != null);
            case "fd.types":
                return types(arg == null ? -1 : Decl.index(name, arg));
            default:
                return null;
        }
    }

    /** Reads one fact of the event's known fd. */
    @FunctionalInterface
    interface FdGetter {
        boolean get(SyscallEvent e, FdInfo f, FieldValue out);
    }

    private Decl.Getter info(FdGetter g) {
        return (e, out) -> {
            if (!view.hasFd(e)) {
                return false;
            }
            FdInfo f = view.fd(e);
            return f != null && g.get(e, f, out);
        };
    }

    /** An IP socket whose peer is known (the tuple, or at least the destination). */
    private static boolean connected(FdInfo f) {
        return (f.type == FdType.IPV4_SOCK || f.type == FdType.IPV6_SOCK) && f.dip != null;
    }

    private static boolean ip(FieldValue out, byte[] ip) {
        if (ip == null) {
            return false;
        }
        out.setBytes(ip);
        return true;
    }

    private static boolean port(FieldValue out, int port) {
        out.setLong(port);
        return true;
    }

    /** The process's fd table, on any event (as libsinsp): a shell's execve shows its stdin's type. */
    private Decl.Getter types(int fdIndex) {
        return (e, out) -> {
            ThreadInfo t = view.thread(e);
            if (t == null) {
                return false;
            }
            if (fdIndex >= 0) {
                FdInfo f = t.fds.get(fdIndex);
                if (f == null) {
                    return false;
                }
                out.setList(List.of(f.type.typeName()));
                return true;
            }
            List<String> types = new ArrayList<>();
            t.fds.forEach((fd, f) -> {
                if (!types.contains(f.type.typeName())) {
                    types.add(f.type.typeName());
                }
            });
            out.setList(types);
            return true;
        };
    }
}
