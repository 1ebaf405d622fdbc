package io.vigil.syscall.internal.state;

/** Formats addresses, ports and socket tuples exactly as Falco prints them. */
public final class NetFormat {

    private NetFormat() {
    }

    /** {@code a.b.c.d} or the compressed IPv6 form (RFC 5952, as inet_ntop prints it). */
    public static String ip(byte[] addr) {
        StringBuilder sb = new StringBuilder(40);
        appendIp(sb, addr);
        return sb.toString();
    }

    public static void appendIp(StringBuilder sb, byte[] a) {
        if (a == null) {
            sb.append("<NA>");
        } else if (a.length == 4) {
            sb.append(a[0] & 0xff).append('.').append(a[1] & 0xff).append('.')
                    .append(a[2] & 0xff).append('.').append(a[3] & 0xff);
        } else {
            appendIpv6(sb, a);
        }
    }

    private static void appendIpv6(StringBuilder sb, byte[] a) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        // inet_ntop prints IPv4-mapped and IPv4-compatible addresses with a dotted tail.
        boolean mapped = w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0xffff;
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] == 0) {
                int j = i;
                while (j < 8 && w[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        int limit = mapped ? 6 : 8;
        boolean needColon = false;
        int i = 0;
        while (i < limit) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen;
                needColon = false;
                continue;
            }
            if (needColon) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
            needColon = true;
            i++;
        }
        if (mapped) {
            if (needColon) {
                sb.append(':');
            }
            sb.append(a[12] & 0xff).append('.').append(a[13] & 0xff).append('.')
                    .append(a[14] & 0xff).append('.').append(a[15] & 0xff);
        }
    }

    /** {@code ip:port}. */
    public static String endpoint(byte[] ip, int port) {
        StringBuilder sb = new StringBuilder(48);
        appendIp(sb, ip);
        return sb.append(':').append(port).toString();
    }

    /** {@code sip:sport->dip:dport}, Falco's {@code fd.name} of a connected IP socket. */
    public static String tuple(byte[] sip, int sport, byte[] dip, int dport) {
        StringBuilder sb = new StringBuilder(96);
        appendIp(sb, sip);
        sb.append(':').append(sport).append("->");
        appendIp(sb, dip);
        return sb.append(':').append(dport).toString();
    }

    /** {@code srcptr->dstptr path} in hex, Falco's {@code fd.name} of a connected unix socket. */
    public static String unixTuple(long source, long dest, String path) {
        return Long.toHexString(source) + "->" + Long.toHexString(dest) + " " + path;
    }

    /** True for an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}). */
    public static boolean isV4Mapped(byte[] a) {
        if (a == null || a.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }

    /** The IPv4 tail of a mapped address. */
    public static byte[] v4Tail(byte[] a) {
        return new byte[] {a[12], a[13], a[14], a[15]};
    }
}
