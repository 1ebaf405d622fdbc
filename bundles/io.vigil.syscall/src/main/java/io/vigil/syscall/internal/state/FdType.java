package io.vigil.syscall.internal.state;

/** The kind of object an fd refers to, with Falco's {@code fd.typechar} and {@code fd.type} names. */
public enum FdType {
    FILE('f', "file"),
    DIRECTORY('d', "directory"),
    IPV4_SOCK('4', "ipv4"),
    IPV6_SOCK('6', "ipv6"),
    IPV4_SERVSOCK('4', "ipv4"),
    IPV6_SERVSOCK('6', "ipv6"),
    FIFO('p', "pipe"),
    UNIX_SOCK('u', "unix"),
    EVENT('e', "event"),
    UNKNOWN('o', "<NA>"),
    SIGNALFD('s', "signalfd"),
    EVENTPOLL('l', "eventpoll"),
    INOTIFY('i', "inotify"),
    TIMERFD('t', "timerfd"),
    NETLINK('n', "netlink"),
    BPF('b', "bpf"),
    USERFAULTFD('u', "userfaultfd"),
    IO_URING('r', "io_uring"),
    MEMFD('m', "memfd"),
    PIDFD('P', "pidfd");

    private final char typeChar;
    private final String typeCharString;
    private final String typeName;

    FdType(char typeChar, String typeName) {
        this.typeChar = typeChar;
        this.typeCharString = String.valueOf(typeChar);
        this.typeName = typeName;
    }

    public char typeChar() {
        return typeChar;
    }

    /** {@code fd.typechar} as a shared string. */
    public String typeCharString() {
        return typeCharString;
    }

    /** {@code fd.type}. */
    public String typeName() {
        return typeName;
    }

    public boolean isIpSocket() {
        return this == IPV4_SOCK || this == IPV6_SOCK || this == IPV4_SERVSOCK || this == IPV6_SERVSOCK;
    }

    public boolean isServerSocket() {
        return this == IPV4_SERVSOCK || this == IPV6_SERVSOCK;
    }
}
