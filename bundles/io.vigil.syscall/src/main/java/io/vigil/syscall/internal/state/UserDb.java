package io.vigil.syscall.internal.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Users and groups of the host, from {@code /etc/passwd} and {@code /etc/group}. The files are
 * re-read when their modification time or size changes, checked at most once per
 * {@code recheckNanos}, so lookups on the event path neither allocate nor touch the disk.
 */
public final class UserDb {

    /** One passwd entry. */
    public record User(long uid, long gid, String name, String homedir, String shell) {
    }

    /** One group entry. */
    public record Group(long gid, String name) {
    }

    private final Path passwd;
    private final Path group;
    private final long recheckNanos;
    private volatile IntMap<User> users = new IntMap<>();
    private volatile IntMap<Group> groups = new IntMap<>();
    private long passwdStamp = Long.MIN_VALUE;
    private long groupStamp = Long.MIN_VALUE;
    private long nextCheck;
    private int lookups;

    public UserDb(Path passwd, Path group, long recheckNanos) {
        this.passwd = passwd;
        this.group = group;
        this.recheckNanos = recheckNanos;
        refresh();
    }

    /** The host's databases, rechecked every 5 seconds. */
    public static UserDb host() {
        return new UserDb(Path.of("/etc/passwd"), Path.of("/etc/group"), 5_000_000_000L);
    }

    public User user(long uid) {
        maybeRefresh();
        return uid < 0 || uid > 0xffffffffL ? null : users.get((int) uid);
    }

    public Group group(long gid) {
        maybeRefresh();
        return gid < 0 || gid > 0xffffffffL ? null : groups.get((int) gid);
    }

    // Reading the clock costs as much as the lookup, so it is read once per 256 lookups.
    private void maybeRefresh() {
        if ((++lookups & 0xff) != 1 && recheckNanos > 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - nextCheck >= 0) {
            nextCheck = now + recheckNanos;
            refresh();
        }
    }

    /** Re-reads whichever file changed since the last read. */
    public synchronized void refresh() {
        long ps = stamp(passwd);
        if (ps != passwdStamp) {
            passwdStamp = ps;
            users = parsePasswd(read(passwd));
        }
        long gs = stamp(group);
        if (gs != groupStamp) {
            groupStamp = gs;
            groups = parseGroup(read(group));
        }
    }

    private static long stamp(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis() * 31 + Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    static IntMap<User> parsePasswd(List<String> lines) {
        IntMap<User> map = new IntMap<>(Math.max(16, lines.size()));
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length < 7 || line.startsWith("#")) {
                continue;
            }
            try {
                long uid = Long.parseLong(f[2]);
                long gid = Long.parseLong(f[3]);
                // The first entry for a uid wins, as getpwuid returns it.
                if (map.get((int) uid) == null) {
                    map.put((int) uid, new User(uid, gid, f[0], f[5], f[6]));
                }
            } catch (NumberFormatException e) {
                // A malformed line is skipped, like the C library does.
            }
        }
        return map;
    }

    static IntMap<Group> parseGroup(List<String> lines) {
        IntMap<Group> map = new IntMap<>(Math.max(16, lines.size()));
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length < 3 || line.startsWith("#")) {
                continue;
            }
            try {
                long gid = Long.parseLong(f[2]);
                if (map.get((int) gid) == null) {
                    map.put((int) gid, new Group(gid, f[0]));
                }
            } catch (NumberFormatException e) {
                // skipped, see above
            }
        }
        return map;
    }
}
