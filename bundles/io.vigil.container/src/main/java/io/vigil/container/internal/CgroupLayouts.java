package io.vigil.container.internal;

import java.util.List;
import java.util.Set;

/**
 * Recognises containers by the cgroup layouts their engines create, and nothing else.
 *
 * <p>Only known layouts count: {@code /docker/<64hex>}, {@code docker-<64hex>.scope},
 * {@code cri-containerd-<64hex>.scope}, a bare {@code <64hex>} under a {@code kubepods} pod,
 * {@code crio-<64hex>[.scope]}, {@code libpod-<64hex>[.scope]}, {@code /lxc.payload.<name>},
 * {@code /lxc/<name>}, {@code machine-lxc\x2d<name>.scope}, and containerd's
 * {@code /<namespace>/<id>} for configured namespaces only. A generic "the last component is
 * an id" rule would take sandboxes such as {@code /process_api/<32hex>} for containers and
 * break every host rule, so anything else is the host.
 */
public final class CgroupLayouts {

    private static final int FULL_ID_LENGTH = 64;

    private final Set<String> containerdNamespaces;

    /** @param containerdNamespaces the containerd namespaces whose {@code /<ns>/<id>} cgroups are containers */
    public CgroupLayouts(Set<String> containerdNamespaces) {
        this.containerdNamespaces = Set.copyOf(containerdNamespaces);
    }

    /**
     * The container of a thread from its cgroups ({@code controller=path} entries, or
     * {@code /proc/PID/cgroup} lines {@code N:controllers:path}); the first entry in a known
     * layout decides; {@link ContainerIdentity#HOST} if none is.
     */
    public ContainerIdentity identify(List<String> cgroups) {
        for (String entry : cgroups) {
            ContainerIdentity c = identifyPath(pathOf(entry));
            if (c != null) {
                return c;
            }
        }
        return ContainerIdentity.HOST;
    }

    /** The path part of a cgroup entry. */
    static String pathOf(String entry) {
        int eq = entry.indexOf('=');
        if (eq >= 0 && entry.indexOf('/') > eq) {
            return entry.substring(eq + 1);
        }
        int first = entry.indexOf(':');
        int second = first < 0 ? -1 : entry.indexOf(':', first + 1);
        return second < 0 ? entry : entry.substring(second + 1);
    }

    /** The container of one cgroup path, or null if the path is in no known layout. */
    public ContainerIdentity identifyPath(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return null;
        }
        String[] seg = path.startsWith("/") ? path.substring(1).split("/") : path.split("/");
        String podUid = null;
        boolean kubepods = false;
        for (int i = 0; i < seg.length; i++) {
            String s = seg[i];
            String next = i + 1 < seg.length ? seg[i + 1] : null;
            if (s.equals("kubepods") || s.startsWith("kubepods.") || s.startsWith("kubepods-")) {
                kubepods = true;
            }
            String uid = podUid(s);
            if (uid != null) {
                podUid = uid;
            }
            String id;
            if (s.equals("docker") && next != null && isFullId(next)) {
                return ContainerIdentity.of(ContainerType.DOCKER, next, null, podUid);
            } else if ((id = scopedId(s, "docker-", true)) != null) {
                return ContainerIdentity.of(ContainerType.DOCKER, id, null, podUid);
            } else if ((id = scopedId(s, "cri-containerd-", true)) != null) {
                return ContainerIdentity.of(ContainerType.CONTAINERD, id, null, podUid);
            } else if ((id = scopedId(s, "crio-", false)) != null) {
                return ContainerIdentity.of(ContainerType.CRIO, id, null, podUid);
            } else if ((id = scopedId(s, "libpod-", false)) != null) {
                return ContainerIdentity.of(ContainerType.PODMAN, id, null, podUid);
            } else if (kubepods && podUid != null && isFullId(s)) {
                // cgroupfs driver of a CRI runtime: kubepods/<qos>/pod<uid>/<id>
                return ContainerIdentity.of(ContainerType.CONTAINERD, s, null, podUid);
            } else if (s.startsWith("lxc.payload.") && s.length() > "lxc.payload.".length()) {
                return ContainerIdentity.of(ContainerType.LXC, s.substring("lxc.payload.".length()), null, null);
            } else if (i == 0 && s.equals("lxc") && next != null && !next.isEmpty() && !next.startsWith("lxc.monitor")) {
                return ContainerIdentity.of(ContainerType.LXC, next, null, null);
            } else if (s.startsWith("machine-lxc\\x2d") && s.endsWith(".scope")
                    && s.length() > "machine-lxc\\x2d".length() + ".scope".length()) {
                String name = s.substring("machine-lxc\\x2d".length(), s.length() - ".scope".length());
                return ContainerIdentity.of(ContainerType.LIBVIRT_LXC, name, null, null);
            }
        }
        if (seg.length == 2 && containerdNamespaces.contains(seg[0]) && isContainerdId(seg[1])) {
            return ContainerIdentity.of(ContainerType.CONTAINERD, seg[1], seg[0], null);
        }
        return null;
    }

    /** The id in {@code <prefix><64hex>.scope} (or without {@code .scope} if not required), else null. */
    private static String scopedId(String s, String prefix, boolean scopeRequired) {
        if (!s.startsWith(prefix)) {
            return null;
        }
        int end = s.endsWith(".scope") ? s.length() - ".scope".length() : s.length();
        if (scopeRequired && end == s.length()) {
            return null;
        }
        return end - prefix.length() == FULL_ID_LENGTH && isHex(s, prefix.length(), end) ? s.substring(prefix.length(), end) : null;
    }

    /** The pod uid of a {@code pod<uid>} (cgroupfs) or {@code kubepods-<qos>-pod<uid>.slice} (systemd) segment. */
    private static String podUid(String s) {
        if (s.startsWith("pod") && s.length() > 3 && s.indexOf('.') < 0) {
            return s.substring(3);
        }
        int at = s.lastIndexOf("-pod");
        if (s.startsWith("kubepods") && s.endsWith(".slice") && at >= 0) {
            String uid = s.substring(at + 4, s.length() - ".slice".length());
            return uid.isEmpty() ? null : uid.replace('_', '-');
        }
        return null;
    }

    private static boolean isFullId(String s) {
        return s.length() == FULL_ID_LENGTH && isHex(s, 0, s.length());
    }

    /** containerd's identifier rule: alphanumerics separated by single {@code . _ -}. */
    private static boolean isContainerdId(String s) {
        if (s.isEmpty() || s.length() > 76 || !Character.isLetterOrDigit(s.charAt(0))
                || !Character.isLetterOrDigit(s.charAt(s.length() - 1))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** True if {@code s[from, to)} is lower-case hex. */
    static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return to > from;
    }
}
