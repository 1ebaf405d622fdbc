package io.vigil.source.ebpf.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.syscall.api.ParamInfo;
import io.vigil.syscall.api.SyscallRecord;

/** A copy of one captured event, kept after the cursor moves on (tests only). */
record Captured(String type, int tid, int pid, long res, long timestamp, Map<String, Object> params) {

    static Captured of(SyscallRecord r) {
        Map<String, Object> p = new LinkedHashMap<>();
        List<ParamInfo> infos = r.info().params();
        for (int i = 0; i < r.paramCount(); i++) {
            ParamInfo info = infos.get(i);
            Object v;
            if (r.isParamEmpty(i)) {
                v = null;
            } else {
                switch (info.type()) {
                    case STRING:
                    case PATH:
                        v = r.paramString(i);
                        break;
                    case CHARBUF_ARRAY:
                        v = r.paramStrings(i);
                        break;
                    case BYTES:
                    case SOCKADDR:
                    case SOCKTUPLE: {
                        byte[] b = new byte[r.paramLength(i)];
                        r.copyParam(i, b);
                        v = b;
                        break;
                    }
                    default:
                        v = r.paramLong(i);
                }
            }
            p.put(info.name(), v);
        }
        return new Captured(r.info().name(), r.tid(), r.pid(), r.result(), r.timestamp(), p);
    }

    long num(String name) {
        Object v = params.get(name);
        if (!(v instanceof Long)) {
            throw new AssertionError(type + " has no numeric " + name + ": " + this);
        }
        return (Long) v;
    }

    String str(String name) {
        return (String) params.get(name);
    }

    byte[] bytes(String name) {
        return (byte[]) params.get(name);
    }
}
