package io.vigil.syscall.internal.fields;

import static io.vigil.syscall.internal.fields.Decl.add;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldType;
import io.vigil.syscall.api.EventInfo;
import io.vigil.syscall.api.SyscallEvent;
import io.vigil.syscall.internal.state.FdInfo;
import io.vigil.syscall.internal.state.LinuxFlags;
import io.vigil.syscall.internal.state.StateUpdater;
import io.vigil.syscall.internal.state.ThreadInfo;

/**
 * Falco's {@code fs.path.*} fields: the path a successful file-system event acted on, or the
 * source and target of renames, links, symlinks and mounts.
 */
final class FsPathFields {

    private static final String G = "fs.path";

    /** Which parameters hold the path, source and target, per event name (Falco's choice). */
    private record Spec(String path, String source, String target) {
    }

    private static final Map<String, Spec> SPECS = new HashMap<>();

    static {
        for (String e : new String[] {"mkdir", "mkdirat", "rmdir", "unlink", "chown", "lchown"}) {
            SPECS.put(e, new Spec("path", null, null));
        }
        for (String e : new String[] {"unlinkat", "open", "openat", "openat2", "umount", "umount2"}) {
            SPECS.put(e, new Spec("name", null, null));
        }
        SPECS.put("chmod", new Spec("filename", null, null));
        SPECS.put("fchmodat", new Spec("filename", null, null));
        SPECS.put("fchownat", new Spec("pathname", null, null));
        SPECS.put("fchmod", new Spec("fd", null, null));
        SPECS.put("fchown", new Spec("fd", null, null));
        for (String e : new String[] {"rename", "renameat", "renameat2"}) {
            SPECS.put(e, new Spec(null, "oldpath", "newpath"));
        }
        SPECS.put("link", new Spec(null, "newpath", "oldpath"));
        SPECS.put("linkat", new Spec(null, "newpath", "oldpath"));
        SPECS.put("symlink", new Spec(null, "linkpath", "target"));
        SPECS.put("symlinkat", new Spec(null, "linkpath", "target"));
        SPECS.put("mount", new Spec(null, "dev", "dir"));
    }

    private final EventView view;
    private final ParamFormatter fmt;

    FsPathFields(EventView view) {
        this.view = view;
        this.fmt = new ParamFormatter(view);
    }

    static void declare(List<FieldDescriptor> d) {
        add(d, G, "fs.path.name", FieldType.STRING, "The absolute path a file-system event acted on.");
        add(d, G, "fs.path.nameraw", FieldType.STRING, "The path a file-system event acted on, as passed.");
        add(d, G, "fs.path.source", FieldType.STRING, "The absolute source path of a rename, link, symlink or mount.");
        add(d, G, "fs.path.sourceraw", FieldType.STRING, "The source path as passed.");
        add(d, G, "fs.path.target", FieldType.STRING, "The absolute target path of a rename, link, symlink or mount.");
        add(d, G, "fs.path.targetraw", FieldType.STRING, "The target path as passed.");
    }

    Decl.Getter bind(String name) {
        int role = name.contains("source") ? 1 : name.contains("target") ? 2 : 0;
        boolean isRaw = name.endsWith("raw");
        StringBuilder sb = new StringBuilder(256);
        return (e, out) -> {
            Spec spec = SPECS.get(e.info().name());
            if (spec == null || !succeeded(e)) {
                return false;
            }
            String param = role == 0 ? spec.path() : role == 1 ? spec.source() : spec.target();
            if (param == null) {
                return false;
            }
            EventInfo info = e.info();
            int i = info.paramIndex(param);
            if (i < 0 || i >= e.paramCount() || e.isParamEmpty(i)) {
                return false;
            }
            ThreadInfo t = view.thread(e);
            if (param.equals("fd")) {
                FdInfo f = t == null ? null : t.fds.get(e.paramLong(i));
                if (f == null) {
                    return false;
                }
                out.setText(isRaw ? f.nameRaw : f.name());
                return true;
            }
            sb.setLength(0);
            fmt.text(e, i, sb);
            if (isRaw || (sb.length() > 0 && sb.charAt(0) == '/') || t == null
                    || param.equals("target") || param.equals("dev")) {
                out.setText(sb);
                return true;
            }
            int d = info.paramIndex(ParamFormatter.dirfdName(param));
            if (d < 0 && param.equals("newpath")) {
                d = info.paramIndex("newdir");
            } else if (d < 0 && param.equals("oldpath")) {
                d = info.paramIndex("olddir");
            }
            long dirfd = d < 0 || e.isParamEmpty(d) ? LinuxFlags.AT_FDCWD : e.paramLong(d);
            out.setText(StateUpdater.resolveAt(t, dirfd, sb.toString()));
            return true;
        };
    }

    private static boolean succeeded(SyscallEvent e) {
        String n = e.info().name();
        if (n.equals("open") || n.equals("openat") || n.equals("openat2")) {
            return e.result() >= 0;
        }
        return e.result() == 0;
    }
}
