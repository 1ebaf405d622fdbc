package io.vigil.source.ebpf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.vigil.syscall.api.EventInfo;
import io.vigil.syscall.api.SyscallEventTable;

/** The Java side of the filter must agree with the probe's syscall numbers. */
class SyscallNumbersTest {

    @Test
    void everyEventTypeHasTheProbesSyscallNumber() throws Exception {
        Path header = Path.of("../../bpf/vigil_syscalls.h");
        Matcher m = Pattern.compile("#define NR_(\\w+) (\\d+)").matcher(Files.readString(header));
        int n = 0;
        while (m.find()) {
            EventInfo info = SyscallEventTable.get().info(m.group(1));
            assertTrue(info != null, m.group(1) + " of " + header + " has no event type");
            assertArrayEquals(new int[] {Integer.parseInt(m.group(2))}, SyscallNumbers.slots(info.code()),
                    m.group(1));
            n++;
        }
        assertEquals(SyscallEventTable.get().all().size() - 2, n, "all but procexit and container are syscalls");
        assertArrayEquals(new int[] {SyscallNumbers.PROCEXIT_SLOT}, SyscallNumbers.slots(SyscallEventTable.PROCEXIT));
        assertTrue(Files.readString(header).contains("#define VIGIL_FILTER_PROCEXIT " + SyscallNumbers.PROCEXIT_SLOT));
    }

    @Test
    void filterEnablesExactlyTheRequestedTypes() {
        BitSet types = new BitSet();
        types.set(SyscallEventTable.OPENAT);
        types.set(SyscallEventTable.PROCEXIT);
        byte[] f = SyscallNumbers.filter(types);
        int on = 0;
        for (byte b : f) {
            on += b;
        }
        assertEquals(2, on);
        assertEquals(1, f[257]);
        assertEquals(1, f[SyscallNumbers.PROCEXIT_SLOT]);
        byte[] all = SyscallNumbers.filter(null);
        int allOn = 0;
        for (byte b : all) {
            allOn += b;
        }
        assertEquals(SyscallEventTable.get().all().size() - 1, allOn, "every type but container has a slot");
    }
}
