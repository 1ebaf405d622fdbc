package io.vigil.syscall.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class SyscallEventTableTest {

    private final SyscallEventTable table = SyscallEventTable.get();

    @Test
    void looksUpByNameAndCode() {
        EventInfo openat = table.info("openat");
        assertEquals(SyscallEventTable.OPENAT, openat.code());
        assertEquals("openat", table.name(SyscallEventTable.OPENAT));
        assertEquals(List.of("fd", "dirfd", "name", "flags", "mode", "dev", "ino"),
                openat.params().stream().map(ParamInfo::name).toList());
        assertArrayEquals(new int[] {SyscallEventTable.EXECVE}, table.codes("execve"));
        assertEquals(0, table.codes("nosuchcall").length);
        assertNull(table.name(0));
        assertNull(table.info(9999));
        assertEquals("syscall", table.source());
        assertEquals(SyscallEventTable.CONTAINER + 1, table.size());
    }

    @Test
    void execveHasFalcosParameterOrder() {
        EventInfo execve = table.info(SyscallEventTable.EXECVE);
        assertEquals(0, execve.paramIndex("res"));
        assertEquals(1, execve.paramIndex("exe"));
        assertEquals(2, execve.paramIndex("args"));
        assertEquals(6, execve.paramIndex("cwd"));
        assertEquals(15, execve.paramIndex("env"));
        assertEquals(18, execve.paramIndex("loginuid"));
        assertEquals(23, execve.paramIndex("exe_ino"));
        assertEquals(26, execve.paramIndex("uid"));
        assertEquals(27, execve.paramIndex("trusted_exepath"));
        assertEquals(29, execve.paramIndex("gid"));
        assertEquals(ParamType.CHARBUF_ARRAY, execve.params().get(2).type());
    }

    @Test
    void relativePathsNameTheirDirfd() {
        assertEquals(1, table.dirfdParam(SyscallEventTable.OPENAT, 2));
        assertEquals(3, table.dirfdParam(SyscallEventTable.RENAMEAT2, 4));
        assertEquals(-1, table.dirfdParam(SyscallEventTable.OPEN, 1));
        assertEquals(-1, table.dirfdParam(SyscallEventTable.OPENAT, 99));
    }

    @Test
    void everyCodeIsDefinedAndNamesAreUnique() {
        assertEquals(SyscallEventTable.CONTAINER, table.all().size());
        Map<String, Integer> seen = new HashMap<>();
        for (EventInfo info : table.all()) {
            assertTrue(info.params().size() <= RecordLayout.MAX_PARAMS, info.name());
            assertNull(seen.put(info.name(), info.code()), "duplicate " + info.name());
        }
    }

    /** The probe's header and this table must agree on every code. */
    @Test
    void codesMatchTheProbeHeader() throws IOException {
        Path header = Path.of("../../bpf/vigil_events.h");
        String text = Files.readString(header);
        Matcher m = Pattern.compile("VE_([A-Z0-9_]+) = (\\d+),").matcher(text);
        int n = 0;
        while (m.find()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            int code = Integer.parseInt(m.group(2));
            if (code == 0) {
                continue;
            }
            assertEquals(name, table.name(code), "code " + code + " in " + header);
            n++;
        }
        assertEquals(table.all().size() - 1, n, "all but container, which no probe writes");
        assertTrue(text.contains("#define VIGIL_HDR_SIZE " + RecordLayout.HEADER_SIZE));
    }
}
