package io.vigil.syscall.internal.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sockets of the host's network namespace by inode, read from {@code /proc/net}, so the
 * bootstrap can give fds found in {@code /proc/<pid>/fd} their type, tuple and name.
 */
final class SocketTable {

    private static final int TCP_LISTEN = 0x0A;

    private final Map<Long, FdInfo> byInode = new HashMap<>();

    SocketTable(Path procNet) {
        readInet(procNet.resolve("tcp"), FdInfo.L4_TCP, false);
        readInet(procNet.resolve("tcp6"), FdInfo.L4_TCP, true);
        readInet(procNet.resolve("udp"), FdInfo.L4_UDP, false);
        readInet(procNet.resolve("udp6"), FdInfo.L4_UDP, true);
        readInet(procNet.resolve("raw"), FdInfo.L4_RAW, false);
        readInet(procNet.resolve("raw6"), FdInfo.L4_RAW, true);
        readUnix(procNet.resolve("unix"));
        readNetlink(procNet.resolve("netlink"));
    }

    /** A fresh fd description for the socket with this inode, or null if unknown. */
    FdInfo lookup(long inode) {
        FdInfo info = byInode.get(inode);
        return info == null ? null : info.copy();
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }

    private void readInet(Path file, int l4, boolean v6) {
        List<String> lines = lines(file);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            try {
                String[] local = f[1].split(":");
                String[] remote = f[2].split(":");
                int state = Integer.parseInt(f[3], 16);
                long inode = Long.parseLong(f[9]);
                if (inode == 0) {
                    continue;
                }
                byte[] lip = parseAddr(local[0]);
                int lport = Integer.parseInt(local[1], 16);
                byte[] rip = parseAddr(remote[0]);
                int rport = Integer.parseInt(remote[1], 16);
                FdInfo info = new FdInfo();
                info.l4proto = l4;
                boolean mapped = v6 && NetFormat.isV4Mapped(lip) && (NetFormat.isV4Mapped(rip) || isZero(rip));
                if (mapped) {
                    lip = NetFormat.v4Tail(lip);
                    rip = NetFormat.v4Tail(rip);
                }
                boolean ipv6 = lip.length == 16;
                boolean listening = l4 == FdInfo.L4_TCP ? state == TCP_LISTEN : isZero(rip) && rport == 0;
                if (listening) {
                    info.type = ipv6 ? FdType.IPV6_SERVSOCK : FdType.IPV4_SERVSOCK;
                    info.serverIp = lip;
                    info.serverPort = lport;
                    info.role = FdInfo.ROLE_SERVER;
                    info.setName(NetFormat.endpoint(lip, lport));
                } else {
                    info.type = ipv6 ? FdType.IPV6_SOCK : FdType.IPV4_SOCK;
                    info.sip = lip;
                    info.sport = lport;
                    info.dip = rip;
                    info.dport = rport;
                    info.connected = true;
                    info.role = FdInfo.ROLE_CLIENT;
                    info.nameFromTuple();
                }
                byInode.put(inode, info);
            } catch (RuntimeException e) {
                // A line we cannot read leaves that socket unknown; the rest still counts.
            }
        }
    }

    private static boolean isZero(byte[] a) {
        for (byte b : a) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** /proc/net prints addresses as 32-bit words in host (little-endian) order. */
    static byte[] parseAddr(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int word = 0; word < out.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int pos = word * 8 + (3 - b) * 2;
                out[word * 4 + b] = (byte) Integer.parseInt(hex.substring(pos, pos + 2), 16);
            }
        }
        return out;
    }

    private void readUnix(Path file) {
        List<String> lines = lines(file);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length < 7) {
                continue;
            }
            try {
                long inode = Long.parseLong(f[6]);
                FdInfo info = new FdInfo();
                info.type = FdType.UNIX_SOCK;
                info.unixSource = Long.parseUnsignedLong(f[0].replace(":", ""), 16);
                String path = f.length > 7 ? f[7] : "";
                info.setName(path);
                info.nameRaw = path;
                byInode.put(inode, info);
            } catch (RuntimeException e) {
                // skipped, see readInet
            }
        }
    }

    private void readNetlink(Path file) {
        List<String> lines = lines(file);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            try {
                FdInfo info = new FdInfo();
                info.type = FdType.NETLINK;
                byInode.put(Long.parseLong(f[f.length - 1]), info);
            } catch (RuntimeException e) {
                // skipped, see readInet
            }
        }
    }
}
