package io.vigil.syscall.internal.fields;

import java.util.Arrays;

import io.vigil.syscall.api.EventInfo;
import io.vigil.syscall.api.ParamInfo;
import io.vigil.syscall.api.ParamType;
import io.vigil.syscall.api.SyscallEvent;
import io.vigil.syscall.internal.state.EventContext;
import io.vigil.syscall.internal.state.FdInfo;
import io.vigil.syscall.internal.state.SyscallState;
import io.vigil.syscall.internal.state.ThreadInfo;

/**
 * Finds the thread and fd an event refers to: from the context the state parser set for the
 * event, or, if the parser did not see this event, by looking its ids and fd parameter up.
 */
public final class EventView {

    private final SyscallState state;
    private int[] fdParam = new int[0];
    private TypeFacts[] facts = new TypeFacts[0];

    /** What the evt.* fields need to know about an event type, computed once per type. */
    static final class TypeFacts {
        final EventInfo info;
        /** The type carries a return value (first parameter res or the new fd; not procexit). */
        final boolean hasResult;
        /** open, openat or openat2. */
        final boolean open;
        final boolean creat;
        final int flagsParam;
        final int modeParam;
        /** 1 for reads through an fd, 2 for writes, 0 otherwise. */
        final int ioKind;

        TypeFacts(EventInfo info) {
            this.info = info;
            String n = info.name();
            java.util.List<ParamInfo> p = info.params();
            ParamType first = p.isEmpty() ? null : p.get(0).type();
            hasResult = !n.equals("procexit") && (first == ParamType.ERRNO
                    || first == ParamType.FD || first == ParamType.PID);
            open = n.equals("open") || n.equals("openat") || n.equals("openat2");
            creat = n.equals("creat");
            flagsParam = info.paramIndex("flags");
            modeParam = info.paramIndex("mode");
            String c = info.category();
            ioKind = c.equals("io_read") ? 1 : c.equals("io_write") ? 2 : 0;
        }
    }

    /** The facts of the event's type, cached per type code. */
    TypeFacts facts(SyscallEvent e) {
        int code = e.type();
        EventInfo info = e.info();
        if (code < 0) {
            return new TypeFacts(info);
        }
        if (code >= facts.length) {
            facts = Arrays.copyOf(facts, Math.max(code + 1, facts.length * 2));
        }
        TypeFacts f = facts[code];
        if (f == null || f.info != info) {
            f = new TypeFacts(info);
            facts[code] = f;
        }
        return f;
    }

    public EventView(SyscallState state) {
        this.state = state;
    }

    public SyscallState state() {
        return state;
    }

    private EventContext context(SyscallEvent e) {
        EventContext c = state.context();
        return c.number == e.number() && c.thread != null && c.thread.tid == e.tid() ? c : null;
    }

    public ThreadInfo thread(SyscallEvent e) {
        EventContext c = context(e);
        return c != null ? c.thread : state.threads().get(e.tid());
    }

    /** True if the event is about an fd (Falco's fd-using and fd-creating events). */
    public boolean hasFd(SyscallEvent e) {
        EventContext c = context(e);
        return c != null ? c.hasFd() : fdIndex(e) >= 0 && !e.isParamEmpty(fdIndex(e));
    }

    public long fdNum(SyscallEvent e) {
        EventContext c = context(e);
        return c != null ? c.fdNum : e.paramLong(fdIndex(e));
    }

    /** The fd's description, or null if the event has none or it is unknown. */
    public FdInfo fd(SyscallEvent e) {
        EventContext c = context(e);
        if (c != null) {
            return c.fd;
        }
        int i = fdIndex(e);
        ThreadInfo t = state.threads().get(e.tid());
        return i < 0 || t == null || e.isParamEmpty(i) ? null : t.fds.get(e.paramLong(i));
    }

    /** The resolved path of an fd-less file event (a failed open), or null. */
    public String path(SyscallEvent e, boolean raw) {
        EventContext c = context(e);
        return c == null ? null : raw ? c.pathRaw : c.path;
    }

    public boolean nameChanged(SyscallEvent e) {
        EventContext c = context(e);
        return c != null && c.nameChanged;
    }

    private int fdIndex(SyscallEvent e) {
        int code = e.type();
        if (code < 0) {
            return e.info().paramIndex("fd");
        }
        if (code >= fdParam.length) {
            int old = fdParam.length;
            fdParam = Arrays.copyOf(fdParam, Math.max(code + 1, old * 2));
            Arrays.fill(fdParam, old, fdParam.length, Integer.MIN_VALUE);
        }
        int i = fdParam[code];
        if (i == Integer.MIN_VALUE) {
            i = e.info().paramIndex("fd");
            if (i < 0) {
                i = e.info().paramIndex("oldfd");
            }
            fdParam[code] = i;
        }
        return i;
    }
}
