package io.vigil.engine.internal.eval;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4/IPv6 addresses and networks as network-order bytes, without name resolution. */
public final class IpAddresses {

    private IpAddresses() {
    }

    /**
     * An address or network parsed from {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code ::1} or
     * {@code fe80::/10}.
     *
     * @param address 4 or 16 bytes
     * @param prefix  prefix length, or -1 for a single address
     */
    public record Net(byte[] address, int prefix) {
        /** True if {@code a} (the first {@code len} bytes) is this address or inside this network. */
        public boolean contains(byte[] a, int len) {
            // a network-valued field carries its address then one prefix-length byte
            int alen = (len == 5 || len == 17) ? len - 1 : len;
            int plen = prefix;
            if (alen != address.length) {
                return false;
            }
            int bits = plen < 0 ? alen * 8 : plen;
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != address[i]) {
                    return false;
                }
            }
            int rem = bits % 8;
            if (rem != 0) {
                int mask = (0xff << (8 - rem)) & 0xff;
                return (a[full] & mask) == (address[full] & mask);
            }
            return true;
        }
    }

    /** Parses an address or a network; null if {@code s} is neither. */
    public static Net parse(String s) {
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        int prefix = -1;
        byte[] b = parseAddress(addr);
        if (b == null) {
            return null;
        }
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (prefix < 0 || prefix > b.length * 8) {
                return null;
            }
        }
        return new Net(b, prefix);
    }

    static byte[] parseAddress(String s) {
        if (s.indexOf(':') >= 0) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return null;
                }
            }
            try {
                // a literal with ':' is never resolved through DNS
                byte[] b = InetAddress.getByName(s).getAddress();
                return b.length == 16 || b.length == 4 ? b : null;
            } catch (UnknownHostException | SecurityException e) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3) {
                return null;
            }
            int v;
            try {
                v = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return b;
    }

    /** Dotted IPv4, or RFC 5952 IPv6; a trailing prefix byte is printed as {@code /n}. */
    public static String format(byte[] b, int len) {
        int alen = (len == 5 || len == 17) ? len - 1 : len;
        String s;
        if (alen == 4) {
            s = (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        } else if (alen == 16) {
            try {
                byte[] copy = java.util.Arrays.copyOf(b, 16);
                s = InetAddress.getByAddress(copy).getHostAddress();
            } catch (UnknownHostException e) {
                s = "<NA>";
            }
        } else {
            return "<NA>";
        }
        return alen == len ? s : s + "/" + (b[alen] & 0xff);
    }
}
