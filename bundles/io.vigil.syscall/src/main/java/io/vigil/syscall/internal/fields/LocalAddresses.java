package io.vigil.syscall.internal.fields;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;

/**
 * The addresses of this host's interfaces, to tell the local end of a connection from the
 * remote one ({@code fd.lip}, {@code fd.rip}, {@code fd.is_server}). Re-read every minute.
 */
final class LocalAddresses {

    private static final long REFRESH_NANOS = 60_000_000_000L;

    private volatile byte[][] addresses = new byte[0][];
    private long nextRefresh;

    boolean isLocal(byte[] ip) {
        if (ip == null) {
            return false;
        }
        long now = System.nanoTime();
        if (now - nextRefresh >= 0) {
            nextRefresh = now + REFRESH_NANOS;
            refresh();
        }
        for (byte[] a : addresses) {
            if (Arrays.equals(a, ip)) {
                return true;
            }
        }
        return false;
    }

    private void refresh() {
        List<byte[]> out = new ArrayList<>();
        try {
            Enumeration<NetworkInterface> nics = NetworkInterface.getNetworkInterfaces();
            while (nics != null && nics.hasMoreElements()) {
                Enumeration<InetAddress> addrs = nics.nextElement().getInetAddresses();
                while (addrs.hasMoreElements()) {
                    out.add(addrs.nextElement().getAddress());
                }
            }
        } catch (java.net.SocketException e) {
            // Keep the previous list: a transient failure must not flip local/remote.
            return;
        }
        addresses = out.toArray(new byte[0][]);
    }
}
