package io.vigil.syscall.api;

/**
 * The encoding of socket parameters, shared by probe and decoders.
 *
 * <p>SOCKADDR: one family byte, then for {@link #AF_INET} 4 address bytes and a 2-byte port,
 * for {@link #AF_INET6} 16 address bytes and a 2-byte port, for {@link #AF_UNIX} the path
 * bytes (NUL-terminated or not); ports are in network byte order, addresses as in the kernel.
 *
 * <p>SOCKTUPLE: one family byte, then for IPv4 source address (4), source port (2),
 * destination address (4), destination port (2); for IPv6 the same with 16-byte addresses;
 * for AF_UNIX source and destination kernel pointers (8 each) then the path. "Source" is
 * the local end for outgoing connections and the remote end for accepted ones, as in Falco.
 */
public final class SockAddr {
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;

    private SockAddr() {
    }
}
