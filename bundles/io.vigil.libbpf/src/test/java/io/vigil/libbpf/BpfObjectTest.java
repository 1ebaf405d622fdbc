package io.vigil.libbpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libbpf through jnr-ffi on this kernel: errors name the object and carry the verifier's words. */
class BpfObjectTest {

    @TempDir
    Path tmp;

    @Test
    void hostHasWhatCaptureNeeds() throws BpfException {
        BpfSupport.check();
        assertTrue(BpfObject.possibleCpus() >= 1);
    }

    @Test
    void notAnElfFileIsRejectedByName() {
        BpfException e = assertThrows(BpfException.class, () -> BpfObject.open(new byte[] {1, 2, 3, 4}, "junk.o"));
        assertTrue(e.getMessage().startsWith("cannot open BPF object junk.o: "), e.getMessage());
    }

    @Test
    void verifierRejectionCarriesTheLog() throws Exception {
        Path src = tmp.resolve("rejected.bpf.c");
        try (var in = getClass().getResourceAsStream("rejected.bpf.c")) {
            Files.copy(in, src);
        }
        Path obj = tmp.resolve("rejected.bpf.o");
        Process cc = new ProcessBuilder("clang", "-O2", "-g", "-target", "bpf", "-c", src.toString(), "-o",
                obj.toString()).redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes());
        assertEquals(0, cc.waitFor(), "clang: " + out);
        try (BpfObject o = BpfObject.open(Files.readAllBytes(obj), "rejected.bpf.o")) {
            assertEquals(List.of("null_deref"), o.programNames());
            BpfException e = assertThrows(BpfException.class, o::load);
            assertTrue(e.getMessage().contains("the kernel verifier rejected program null_deref"), e.getMessage());
            assertNotNull(e.verifierLog());
            assertTrue(e.verifierLog().contains("invalid mem access"), e.verifierLog());
            BpfException again = assertThrows(BpfException.class, () -> o.map("nosuchmap"));
            assertTrue(again.getMessage().contains("not loaded"), again.getMessage());
        }
    }

    @Test
    void bootClockMatchesUptime() throws Exception {
        double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        long expected = System.currentTimeMillis() * 1_000_000L - (long) (uptime * 1e9);
        long boot = BootClock.bootTimeEpochNanos();
        assertTrue(Math.abs(boot - expected) < 1_000_000_000L, "boot " + boot + " vs " + expected);
    }
}
