package io.vigil.syscall.internal.state;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The state the syscall fields read: threads with their fd tables, users and groups, the
 * context of the current event, and host facts. Updated only by {@link StateUpdater} on the
 * event thread; read by extractors on the same thread.
 */
public final class SyscallState {

    private final ThreadTable threads;
    private final UserDb users;
    private final ProcReader proc;
    private final EventContext context = new EventContext();
    private final String hostname;
    private long firstEventTs;
    private long lastEventTs;
    private long previousEventTs;

    public SyscallState(ThreadTable threads, UserDb users, ProcReader proc) {
        this.threads = threads;
        this.users = users;
        this.proc = proc;
        this.hostname = readHostname();
    }

    /** State of this host: threads read from {@code /proc}, users from {@code /etc}. */
    public static SyscallState host(int capacity) {
        ProcReader reader = new ProcReader(Path.of("/proc"));
        ThreadTable table = new ThreadTable(capacity, reader::isAlive);
        SyscallState state = new SyscallState(table, UserDb.host(), reader);
        reader.bootstrap(table);
        return state;
    }

    public ThreadTable threads() {
        return threads;
    }

    public UserDb users() {
        return users;
    }

    /** Reads threads from /proc on demand, or null if this state has no /proc. */
    public ProcReader proc() {
        return proc;
    }

    public EventContext context() {
        return context;
    }

    /** {@code evt.hostname}: {@code FALCO_HOSTNAME} if set, else the kernel's host name. */
    public String hostname() {
        return hostname;
    }

    /** The timestamp of the first event seen, for {@code evt.reltime}. */
    public long firstEventTs() {
        return firstEventTs;
    }

    /** The timestamp of the event before the current one, 0 if none, for {@code evt.deltatime}. */
    public long previousEventTs() {
        return previousEventTs;
    }

    void noteEvent(long ts) {
        if (firstEventTs == 0) {
            firstEventTs = ts;
        }
        previousEventTs = lastEventTs;
        lastEventTs = ts;
    }

    private static String readHostname() {
        String env = System.getenv("FALCO_HOSTNAME");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (Exception e) {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (Exception e2) {
                return "";
            }
        }
    }
}
