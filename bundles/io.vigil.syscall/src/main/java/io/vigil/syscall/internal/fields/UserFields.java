package io.vigil.syscall.internal.fields;

import static io.vigil.syscall.internal.fields.Decl.add;
import static io.vigil.syscall.internal.fields.Decl.text;

import java.util.List;

import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldType;
import io.vigil.syscall.internal.state.ThreadInfo;
import io.vigil.syscall.internal.state.UserDb;

/** Falco's {@code user.*} and {@code group.*} fields, names from the host's databases. */
final class UserFields {

    private static final String NA = "<NA>";

    private final EventView view;
    private final UserDb db;

    UserFields(EventView view) {
        this.view = view;
        this.db = view.state().users();
    }

    static void declare(List<FieldDescriptor> d) {
        add(d, "user", "user.uid", FieldType.UINT32, "The effective user id of the thread.");
        add(d, "user", "user.name", FieldType.STRING, "The name of the user (from the host's passwd database).");
        add(d, "user", "user.homedir", FieldType.STRING, "The home directory of the user.");
        add(d, "user", "user.shell", FieldType.STRING, "The login shell of the user.");
        add(d, "user", "user.loginuid", FieldType.INT64, "The audit login uid of the process; -1 if not set.");
        add(d, "user", "user.loginname", FieldType.STRING, "The name of the login user.");
        add(d, "group", "group.gid", FieldType.UINT32, "The effective group id of the thread.");
        add(d, "group", "group.name", FieldType.STRING, "The name of the group (from the host's group database).");
    }

    Decl.Getter bind(String name) {
        switch (name) {
            case "user.uid":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    return t != null && out.setLong(t.uid) != null;
                };
            case "user.name":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    if (t == null) {
                        return false;
                    }
                    UserDb.User u = db.user(t.uid);
                    return text(out, u != null ? u.name() : t.uid == 0 ? "root" : NA);
                };
            case "user.homedir":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    if (t == null) {
                        return false;
                    }
                    UserDb.User u = db.user(t.uid);
                    return text(out, u != null ? u.homedir() : t.uid == 0 ? "/root" : NA);
                };
            case "user.shell":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    if (t == null) {
                        return false;
                    }
                    UserDb.User u = db.user(t.uid);
                    return text(out, u != null ? u.shell() : NA);
                };
            case "user.loginuid":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    return t != null && out.setLong(t.loginuid < ThreadInfo.NO_LOGINUID ? t.loginuid : -1) != null;
                };
            case "user.loginname":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    if (t == null) {
                        return false;
                    }
                    UserDb.User u = t.loginuid < ThreadInfo.NO_LOGINUID ? db.user(t.loginuid) : null;
                    return text(out, u != null ? u.name() : t.loginuid == 0 ? "root" : NA);
                };
            case "group.gid":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    return t != null && out.setLong(t.gid) != null;
                };
            case "group.name":
                return (e, out) -> {
                    ThreadInfo t = view.thread(e);
                    if (t == null) {
                        return false;
                    }
                    UserDb.Group g = db.group(t.gid);
                    return text(out, g != null ? g.name() : t.gid == 0 ? "root" : NA);
                };
            default:
                return null;
        }
    }
}
