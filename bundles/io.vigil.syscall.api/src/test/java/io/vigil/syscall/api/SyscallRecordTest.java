package io.vigil.syscall.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

class SyscallRecordTest {

    private static byte[] openat() {
        return SyscallRecordBuilder.of(SyscallEventTable.OPENAT).timestamp(1_000).thread(42, 40).cpu(1)
                .result(3).addLong(3).addLong(SyscallEventTable.AT_FDCWD).addString("/etc/shadow")
                .addLong(0x80000).addLong(0).addLong(0x803).addLong(1234).build();
    }

    @Test
    void decodesAllFields() {
        byte[] bytes = openat();
        SyscallRecord r = new SyscallRecord(5_000);
        assertTrue(r.wrap(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0, bytes.length, 7));
        assertEquals("openat", r.info().name());
        assertEquals(6_000, r.timestamp());
        assertEquals(7, r.number());
        assertEquals(42, r.tid());
        assertEquals(40, r.pid());
        assertEquals(1, r.cpu());
        assertEquals(3, r.result());
        assertEquals(7, r.paramCount());
        assertEquals(-100, r.paramLong(1));
        assertEquals("/etc/shadow", r.paramString(2));
        assertEquals(11, r.paramStringLength(2));
        assertEquals(0x80000, r.paramLong(3));
        assertEquals(1234, r.paramLong(6));
    }

    @Test
    void truncatedRecordLosesOnlyTheCutParameters() {
        byte[] bytes = openat();
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        SyscallRecord r = new SyscallRecord(0);
        // Cut inside the path: fd and dirfd survive.
        int cut = RecordLayout.HEADER_SIZE + 14 + 16 + 4;
        assertTrue(r.wrap(buf, 0, cut, 1));
        assertEquals(2, r.paramCount());
        assertTrue(r.isParamEmpty(2));
        assertEquals("", r.paramString(2));
        assertEquals(0, r.paramLong(5));
        assertFalse(r.wrap(buf, 0, 20, 1));
    }

    @Test
    void liesInTheHeaderAreBounded() {
        byte[] bytes = openat();
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putShort(RecordLayout.NPARAMS, (short) 0x7fff);
        buf.putInt(RecordLayout.LEN, Integer.MAX_VALUE);
        SyscallRecord r = new SyscallRecord(0);
        assertTrue(r.wrap(buf, 0, bytes.length, 1));
        assertTrue(r.paramCount() < 7);
        buf.putShort(RecordLayout.TYPE, (short) 999);
        assertFalse(r.wrap(buf, 0, bytes.length, 1));
    }

    @Test
    void decodesStringListsAndSignedSmallValues() {
        byte[] bytes = SyscallRecordBuilder.of(SyscallEventTable.KILL).result(-1)
                .addBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff})
                .addBytes(new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff})
                .addBytes(new byte[] {9}).build();
        SyscallRecord r = new SyscallRecord(0);
        assertTrue(r.wrap(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0, bytes.length, 1));
        assertEquals(-1, r.paramLong(0));
        assertEquals(-2, r.paramLong(1));
        assertEquals(9, r.paramLong(2));

        byte[] exec = SyscallRecordBuilder.of(SyscallEventTable.EXECVE).addLong(0).addString("nginx")
                .addStrings(List.of("-g", "daemon off;")).build();
        assertTrue(r.wrap(ByteBuffer.wrap(exec).order(ByteOrder.LITTLE_ENDIAN), 0, exec.length, 2));
        assertEquals(List.of("-g", "daemon off;"), r.paramStrings(2));
        assertEquals(3, r.paramCount());
    }

    /** Random damage to real records must never make the decoder throw or read out of bounds. */
    @Test
    void damagedRecordsNeverThrow() {
        java.util.Random rnd = new java.util.Random(42);
        byte[] good = SyscallRecordBuilder.of(SyscallEventTable.EXECVE).addLong(0).addString("/bin/sh")
                .addStrings(List.of("-c", "id")).addLong(1).addLong(1).addLong(0).addString("/").build();
        SyscallRecord r = new SyscallRecord(0);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = good.clone();
            for (int k = rnd.nextInt(6); k >= 0; k--) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextBoolean()) {
                b[RecordLayout.TYPE] = (byte) (1 + rnd.nextInt(SyscallEventTable.FCNTL));
                b[RecordLayout.TYPE + 1] = 0;
            }
            int available = rnd.nextInt(b.length + 1);
            if (r.wrap(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN), 0, available, round)) {
                for (int i = -1; i <= r.info().params().size(); i++) {
                    r.paramLong(i);
                    r.paramString(i);
                    r.paramStrings(i);
                    r.copyParam(i, new byte[8]);
                    if (i >= 0 && i < r.paramCount()) {
                        assertTrue(r.paramOffset(i) + r.paramLength(i) <= available);
                    }
                }
            }
        }
    }
}
