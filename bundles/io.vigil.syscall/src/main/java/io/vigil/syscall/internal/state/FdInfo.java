package io.vigil.syscall.internal.state;

/**
 * What Vigil knows about one open file descriptor: its type, name (an absolute path, a socket
 * tuple formatted as Falco does, ...) and, for sockets, addresses, ports and role.
 *
 * <p>Derived strings ({@link #directory()}, {@link #filename()}) are computed once per name,
 * so repeated field extraction does not allocate.
 */
public final class FdInfo {

    /** Layer-4 protocols, with Falco's {@code fd.l4proto} names. */
    public static final int L4_UNKNOWN = 0;
    public static final int L4_TCP = 1;
    public static final int L4_UDP = 2;
    public static final int L4_ICMP = 3;
    public static final int L4_RAW = 4;

    public static final int ROLE_NONE = 0;
    public static final int ROLE_CLIENT = 1;
    public static final int ROLE_SERVER = 2;

    private static final String[] L4_NAMES = {"<NA>", "tcp", "udp", "icmp", "raw"};

    public FdType type = FdType.UNKNOWN;
    private String name = "";
    public String nameRaw = "";
    /** Open flags as passed to the syscall (raw Linux values). */
    public long openFlags;
    public long dev;
    public long ino;
    public boolean upperLayer;
    public boolean lowerLayer;

    public int l4proto = L4_UNKNOWN;
    public int role = ROLE_NONE;
    public boolean connected;
    /** Client ("source") and server ("destination") ends, 4 or 16 bytes; null if unknown. */
    public byte[] sip;
    public byte[] dip;
    public int sport;
    public int dport;
    /** Bound address of a listening socket. */
    public byte[] serverIp;
    public int serverPort;
    /** Kernel socket pointers of a unix socket tuple. */
    public long unixSource;
    public long unixDest;

    private String directory;
    private String filename;

    public FdInfo() {
    }

    public FdInfo(FdType type, String name) {
        this.type = type;
        setName(name);
        this.nameRaw = name;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null ? "" : name;
        this.directory = null;
        this.filename = null;
    }

    public String l4protoName() {
        return L4_NAMES[l4proto];
    }

    public boolean isFile() {
        return type == FdType.FILE;
    }

    /** {@code fd.directory}: the name up to its last slash, Falco's way. */
    public String directory() {
        String d = directory;
        if (d == null) {
            d = computeDirectory(name, type != FdType.DIRECTORY);
            directory = d;
        }
        return d;
    }

    /** {@code fd.filename}: the last path component, Falco's way. */
    public String filename() {
        String f = filename;
        if (f == null) {
            int pos = name.lastIndexOf('/');
            if (pos < 0) {
                f = "/";
            } else if (pos < name.length() - 1) {
                f = name.substring(pos + 1);
            } else {
                f = name;
            }
            filename = f;
        }
        return f;
    }

    /** The directory of a file path as Falco computes it; directories are returned whole. */
    public static String computeDirectory(String path, boolean isFileLike) {
        if (!isFileLike) {
            return path;
        }
        int pos = path.lastIndexOf('/');
        if (pos > 0) {
            return pos < path.length() - 1 ? path.substring(0, pos) : path;
        }
        return "/";
    }

    /** A copy for a child process's own fd table (fork without CLONE_FILES). */
    public FdInfo copy() {
        FdInfo c = new FdInfo();
        c.type = type;
        c.name = name;
        c.nameRaw = nameRaw;
        c.openFlags = openFlags;
        c.dev = dev;
        c.ino = ino;
        c.upperLayer = upperLayer;
        c.lowerLayer = lowerLayer;
        c.l4proto = l4proto;
        c.role = role;
        c.connected = connected;
        c.sip = sip;
        c.dip = dip;
        c.sport = sport;
        c.dport = dport;
        c.serverIp = serverIp;
        c.serverPort = serverPort;
        c.unixSource = unixSource;
        c.unixDest = unixDest;
        c.directory = directory;
        c.filename = filename;
        return c;
    }

    /** Recomputes {@link #name()} from the socket tuple, as Falco names connected sockets. */
    public void nameFromTuple() {
        if (type == FdType.IPV4_SOCK || type == FdType.IPV6_SOCK) {
            setName(NetFormat.tuple(sip, sport, dip, dport));
        }
    }

    @Override
    public String toString() {
        return "<" + type.typeChar() + ">" + name;
    }
}
