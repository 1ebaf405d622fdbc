package io.vigil.bench.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic, realistic syscall stream: many processes (host daemons, containerised
 * services, shells) doing execve, openat, connect, accept, close, clone, ... with the values
 * Falco's extractors would give.
 */
final class EventStream {

    private static final String[][] PROGRAMS = {
        // name, exepath, parent, args
        {"nginx", "/usr/sbin/nginx", "nginx", "-g daemon off;"},
        {"java", "/usr/lib/jvm/java-17/bin/java", "containerd-shim", "-Xmx2g -jar /app/service.jar"},
        {"python3", "/usr/bin/python3.11", "gunicorn", "/app/manage.py runserver"},
        {"node", "/usr/local/bin/node", "npm", "/srv/app/server.js"},
        {"postgres", "/usr/lib/postgresql/15/bin/postgres", "postgres", "-D /var/lib/postgresql/data"},
        {"sshd", "/usr/sbin/sshd", "systemd", "-D"},
        {"systemd-journal", "/lib/systemd/systemd-journald", "systemd", ""},
        {"containerd", "/usr/bin/containerd", "systemd", ""},
        {"kubelet", "/usr/bin/kubelet", "systemd", "--config=/var/lib/kubelet/config.yaml"},
        {"cron", "/usr/sbin/cron", "systemd", "-f"},
        {"curl", "/usr/bin/curl", "bash", "-s https://example.com/health"},
        {"bash", "/usr/bin/bash", "sshd", "-l"},
        {"sh", "/usr/bin/dash", "cron", "-c /usr/local/bin/backup.sh"},
        {"redis-server", "/usr/bin/redis-server", "redis-server", "*:6379"},
        {"envoy", "/usr/local/bin/envoy", "pilot-agent", "-c /etc/istio/proxy/envoy-rev.json"},
        {"ls", "/usr/bin/ls", "bash", "-la /var/log"},
        {"git", "/usr/bin/git", "bash", "pull origin main"},
        {"apt-get", "/usr/bin/apt-get", "sh", "update"},
    };

    private static final String[] PATHS = {
        "/etc/ld.so.cache", "/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libssl.so.3",
        "/proc/self/stat", "/proc/meminfo", "/sys/fs/cgroup/cpu.max", "/var/log/nginx/access.log",
        "/var/lib/postgresql/data/base/16384/2619", "/tmp/tmp.k2j3h4", "/app/config/settings.yaml",
        "/etc/hosts", "/etc/resolv.conf", "/etc/nsswitch.conf", "/usr/share/zoneinfo/UTC",
        "/dev/null", "/dev/urandom", "/home/alice/.bashrc", "/var/run/secrets/kubernetes.io/serviceaccount/token",
        "/etc/passwd", "/etc/shadow", "/root/.ssh/authorized_keys", "/etc/ssl/certs/ca-certificates.crt",
    };

    private final SynthCatalog cat;
    private final Random rnd = new Random(42);

    EventStream(SynthCatalog cat) {
        this.cat = cat;
    }

    private final class Proc {
        final Object[] base;

        Proc(int pid) {
            String[] p = PROGRAMS[rnd.nextInt(PROGRAMS.length)];
            boolean inContainer = rnd.nextInt(10) < 4;
            base = new Object[cat.processSlots.size() + 64];
            set(base, "proc.name", p[0]);
            set(base, "proc.exe", p[1]);
            set(base, "proc.exepath", p[1]);
            set(base, "proc.cmdline", (p[0] + " " + p[3]).trim());
            set(base, "proc.args", p[3]);
            set(base, "proc.pname", p[2]);
            set(base, "proc.pexe", "/usr/bin/" + p[2]);
            set(base, "proc.pexepath", "/usr/bin/" + p[2]);
            set(base, "proc.pcmdline", p[2]);
            set(base, "proc.aname[1]", p[2]);
            set(base, "proc.aname[2]", "systemd");
            set(base, "proc.aname[3]", null);
            set(base, "proc.sname", "systemd");
            set(base, "proc.pid", (long) pid);
            set(base, "proc.vpid", inContainer ? (long) (pid % 100 + 1) : (long) pid);
            set(base, "proc.ppid", (long) (pid - 1));
            set(base, "thread.tid", (long) pid);
            set(base, "proc.tty", p[0].equals("bash") ? 34816L : 0L);
            set(base, "proc.cwd", "/");
            set(base, "proc.is_exe_upper_layer", false);
            set(base, "proc.is_exe_from_memfd", false);
            set(base, "proc.is_exe_writable", false);
            set(base, "proc.exe_ino.ctime", 1_600_000_000_000_000_000L);
            set(base, "proc.exe_ino.mtime", 1_600_000_000_000_000_000L);
            set(base, "proc.is_vpgid_leader", false);
            set(base, "proc.is_sid_leader", false);
            set(base, "user.name", inContainer ? "app" : (p[0].equals("bash") ? "alice" : "root"));
            set(base, "user.uid", inContainer ? 1000L : 0L);
            set(base, "user.loginuid", p[0].equals("bash") ? 1000L : -1L);
            set(base, "user.loginname", p[0].equals("bash") ? "alice" : "");
            set(base, "group.gid", 0L);
            set(base, "group.name", "root");
            set(base, "thread.cap_effective", "");
            set(base, "container.id", inContainer ? String.format("%012x", rnd.nextLong() & 0xffffffffffffL) : "host");
            set(base, "container.name", inContainer ? "svc-" + p[0] : "host");
            set(base, "container.image.repository", inContainer ? "docker.io/library/" + p[0] : null);
            set(base, "container.image.tag", inContainer ? "1.25" : null);
            set(base, "container.privileged", false);
            set(base, "k8s.ns.name", inContainer ? "default" : null);
            set(base, "k8s.pod.name", inContainer ? p[0] + "-7d9f8b-x2x9q" : null);
        }
    }

    private void set(Object[] arr, String field, Object v) {
        int s = cat.slot(field);
        if (s < arr.length) {
            arr[s] = v;
        }
    }

    /** {@code n} events from {@code processes} processes. */
    List<SynthEvent> generate(int n, int processes) {
        List<Proc> procs = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            procs.add(new Proc(1000 + i * 7));
        }
        int width = cat.eventSlots.size() + 16;
        List<SynthEvent> out = new ArrayList<>(n);
        long t = 1_733_000_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            Proc p = procs.get(rnd.nextInt(procs.size()));
            Object[] v = new Object[width];
            int r = rnd.nextInt(100);
            String type;
            if (r < 45) {
                type = "openat";
                String path = PATHS[rnd.nextInt(PATHS.length)];
                boolean write = rnd.nextInt(10) < 2;
                set(v, "fd.name", path);
                set(v, "fd.nameraw", path);
                int slash = path.lastIndexOf('/');
                set(v, "fd.directory", slash == 0 ? "/" : path.substring(0, slash));
                set(v, "fd.filename", path.substring(slash + 1));
                set(v, "fd.typechar", "f");
                set(v, "fd.type", "file");
                set(v, "fd.num", (long) (3 + rnd.nextInt(60)));
                set(v, "evt.is_open_read", !write);
                set(v, "evt.is_open_write", write);
                set(v, "evt.is_open_exec", false);
                set(v, "evt.arg[flags]", write ? "O_WRONLY|O_CREAT|O_CLOEXEC" : "O_RDONLY|O_CLOEXEC");
                set(v, "evt.rawres", 3L);
                set(v, "evt.res", "SUCCESS");
            } else if (r < 60) {
                type = "execve";
                set(v, "evt.res", "SUCCESS");
                set(v, "evt.rawres", 0L);
            } else if (r < 70) {
                type = "connect";
                byte[] dst = {10, 0, (byte) rnd.nextInt(4), (byte) (1 + rnd.nextInt(200))};
                set(v, "fd.typechar", "4");
                set(v, "fd.type", "ipv4");
                set(v, "fd.l4proto", "tcp");
                set(v, "fd.sockfamily", "ip");
                set(v, "fd.sip", dst);
                set(v, "fd.rip", dst);
                set(v, "fd.cip", new byte[] {10, 0, 9, 9});
                set(v, "fd.sport", 443L);
                set(v, "fd.rport", 443L);
                set(v, "fd.cport", (long) (32768 + rnd.nextInt(20000)));
                set(v, "fd.name", "10.0.9.9:43012->10.0.0.9:443");
                set(v, "fd.num", 7L);
                set(v, "evt.rawres", 0L);
                set(v, "evt.res", "SUCCESS");
                set(v, "fd.connected", true);
            } else if (r < 75) {
                type = "accept4";
                set(v, "fd.typechar", "4");
                set(v, "fd.l4proto", "tcp");
                set(v, "fd.sport", 8080L);
                set(v, "fd.lport", 8080L);
                set(v, "fd.sip", new byte[] {10, 0, 9, 9});
                set(v, "fd.cip", new byte[] {10, 0, 1, 17});
                set(v, "fd.name", "10.0.1.17:51234->10.0.9.9:8080");
            } else if (r < 85) {
                type = "close";
                set(v, "fd.num", 5L);
            } else if (r < 92) {
                type = "read";
                set(v, "fd.num", 5L);
            } else if (r < 96) {
                type = "clone";
            } else {
                type = rnd.nextBoolean() ? "mmap" : "setuid";
                set(v, "evt.arg[uid]", "root");
            }
            set(v, "evt.type", type);
            set(v, "evt.dir", "<");
            set(v, "evt.num", (long) i);
            set(v, "evt.time", "12:00:00.000000000");
            t += 1_000 + rnd.nextInt(5_000);
            out.add(new SynthEvent(cat.types.exit(type), i, t, v, p.base));
        }
        return out;
    }
}
