package io.vigil.engine;

import static io.vigil.engine.Rules.matches;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Each of Falco's operators, modifiers and transformers, with Falco's semantics. */
class OperatorsTest {

    private static final Map<String, Object> EV = Map.ofEntries(
            Map.entry("evt.type", "openat"),
            Map.entry("proc.name", "bash"),
            Map.entry("proc.cmdline", "bash -c Echo"),
            Map.entry("proc.pid", 4242L),
            Map.entry("proc.cwd", "/home/user"),
            Map.entry("proc.aname[2]", "sshd"),
            Map.entry("proc.env[HOME]", "/root"),
            Map.entry("fd.name", "/etc/shadow"),
            Map.entry("fd.directory", "/etc"),
            Map.entry("fd.filename", "shadow"),
            Map.entry("fd.num", -1L),
            Map.entry("evt.num", -2L), // UINT64 max - 1
            Map.entry("evt.arg[0]", "first"),
            Map.entry("evt.arg[flags]", "O_RDONLY|O_CLOEXEC"),
            Map.entry("evt.is_open_read", true),
            Map.entry("fd.sip", new byte[] {10, 1, 2, 3}),
            Map.entry("fd.rip", "192.168.1.7"),
            Map.entry("evt.buffer", new byte[] {0x0a, 0x0b, 0x0c}),
            Map.entry("fd.types", List.of("ipv4", "file")),
            Map.entry("ka.req.pod.containers.image", List.of("nginx", "busybox")));

    @Test
    void equalityAndInequality() {
        assertTrue(matches("proc.name = bash", EV));
        assertTrue(matches("proc.name == bash", EV));
        assertFalse(matches("proc.name = sh", EV));
        assertTrue(matches("proc.name != sh", EV));
        assertFalse(matches("proc.name != bash", EV));
        assertTrue(matches("proc.cmdline = \"bash -c Echo\"", EV));
        assertTrue(matches("proc.cmdline = 'bash -c Echo'", EV));
    }

    @Test
    void missingFieldComparisonsAreFalseIncludingNotEquals() {
        assertFalse(matches("proc.pname = bash", EV));
        assertFalse(matches("proc.pname != bash", EV));
        assertFalse(matches("proc.pname in (bash)", EV));
        assertFalse(matches("proc.ppid > 0", EV));
        assertFalse(matches("proc.ppid != 0", EV));
        assertTrue(matches("not proc.pname = bash", EV));
        assertFalse(matches("proc.pname exists", EV));
        assertTrue(matches("proc.name exists", EV));
    }

    @Test
    void stringOperators() {
        assertTrue(matches("proc.cmdline contains \"-c\"", EV));
        assertFalse(matches("proc.cmdline contains echo", EV));
        assertTrue(matches("proc.cmdline icontains ECHO", EV));
        assertTrue(matches("fd.name startswith /etc/", EV));
        assertFalse(matches("fd.name startswith /usr", EV));
        assertTrue(matches("fd.name endswith shadow", EV));
        // libsinsp's grammar takes only numbers after < <= > >=, or another field
        assertTrue(matches("proc.name < val(fd.filename)", EV));
        assertTrue(matches("proc.name <= val(proc.name)", EV));
        assertTrue(matches("fd.filename > val(proc.name)", EV));
        assertTrue(matches("proc.name >= val(proc.name)", EV));
        assertTrue(Rules.load(Rules.rule("proc.name < bz")).errors().get(0).message().contains("expected a number"));
    }

    @Test
    void globLetsStarCrossSlashes() {
        assertTrue(matches("fd.name glob '/etc/*'", EV));
        assertTrue(matches("fd.name glob '/*/shadow'", EV));
        assertTrue(matches("fd.name glob '*shad?w'", EV));
        assertTrue(matches("fd.name glob '/etc/[rs]hadow'", EV));
        assertFalse(matches("fd.name glob '/etc/[!s]hadow'", EV));
        assertFalse(matches("fd.name glob '/usr/*'", EV));
        assertTrue(matches("fd.name iglob '/ETC/SHA*'", EV));
        assertFalse(matches("fd.name glob '/ETC/SHA*'", EV));
    }

    @Test
    void pmatchMatchesWholePathComponents() {
        assertTrue(matches("fd.name pmatch (/etc)", EV));
        assertTrue(matches("fd.name pmatch (/usr, /etc/shadow)", EV));
        assertTrue(matches("fd.name pmatch (/)", EV));
        assertFalse(matches("fd.name pmatch (/et)", EV));
        assertFalse(matches("fd.name pmatch (/etc/sha)", EV));
    }

    @Test
    void regexIsAnchoredRe2() {
        assertTrue(matches("proc.name regex 'ba.h'", EV));
        assertTrue(matches("proc.cmdline regex '.*-c.*'", EV));
        assertFalse(matches("proc.cmdline regex '-c'", EV));
        assertTrue(Rules.load(Rules.rule("proc.name regex '(a'")).errors().get(0).message()
                .contains("invalid regex"));
    }

    @Test
    void inAndIntersectsOnScalarsAndLists() {
        assertTrue(matches("proc.name in (sh, bash, zsh)", EV));
        assertFalse(matches("proc.name in (sh, zsh)", EV));
        assertTrue(matches("proc.name intersects (bash)", EV));
        assertTrue(matches("fd.types intersects (file, dir)", EV));
        assertFalse(matches("fd.types in (file, dir)", EV));
        assertTrue(matches("fd.types in (file, ipv4, dir)", EV));
        assertTrue(Rules.load(Rules.rule("fd.types = file")).errors().get(0).message()
                .contains("not supported"));
    }

    @Test
    void modifiersOneofAnyofAllof() {
        assertTrue(matches("proc.cmdline contains anyof (zsh, bash)", EV));
        assertFalse(matches("proc.cmdline contains anyof (zsh, fish)", EV));
        assertTrue(matches("proc.cmdline contains allof (bash, -c)", EV));
        assertFalse(matches("proc.cmdline contains allof (bash, zsh)", EV));
        assertTrue(matches("proc.cmdline contains oneof (bash, zsh)", EV));
        assertFalse(matches("proc.cmdline contains oneof (bash, -c)", EV));
        assertTrue(matches("proc.name = anyof (sh, bash)", EV));
        assertTrue(matches("proc.name != allof (sh, zsh)", EV));
        assertTrue(matches("fd.name startswith anyof (/usr, /etc)", EV));
    }

    @Test
    void numericComparisonsAndUnsigned64() {
        assertTrue(matches("proc.pid = 4242", EV));
        assertTrue(matches("proc.pid > 4000 and proc.pid < 5000", EV));
        assertTrue(matches("proc.pid >= 4242 and proc.pid <= 4242", EV));
        assertTrue(matches("proc.pid in (1, 4242)", EV));
        assertTrue(matches("proc.pid = 0x1092", EV));
        assertTrue(matches("fd.num < 0", EV), "INT64 is signed");
        assertTrue(matches("evt.num > 1000", EV), "UINT64 compares unsigned: 2^64-2 > 1000");
        assertTrue(matches("evt.num = 18446744073709551614", EV));
        assertTrue(Rules.load(Rules.rule("proc.pid contains 4")).errors().get(0).message()
                .contains("'contains' operator not supported for numeric filters"));
        assertTrue(Rules.load(Rules.rule("proc.pid = abc")).errors().get(0).message().contains("not a valid number"));
    }

    @Test
    void booleans() {
        assertTrue(matches("evt.is_open_read = true", EV));
        assertFalse(matches("evt.is_open_read = false", EV));
        assertTrue(matches("evt.is_open_read != false", EV));
    }

    @Test
    void ipAddressesAndNetworks() {
        assertTrue(matches("fd.sip = 10.1.2.3", EV));
        assertFalse(matches("fd.sip = 10.1.2.4", EV));
        assertTrue(matches("fd.sip in (127.0.0.1, 10.1.2.3)", EV));
        assertTrue(matches("fd.sip = 10.0.0.0/8", EV));
        assertFalse(matches("fd.sip = 11.0.0.0/8", EV));
        assertTrue(matches("fd.sip != 192.168.0.0/16", EV));
        assertTrue(matches("fd.rip = 192.168.1.7", EV), "a text address in a hand-written event");
        assertTrue(matches("fd.net = 10.1.0.0/16", Map.of("evt.type", "connect", "fd.net", new byte[] {10, 1, 9, 9})));
        assertTrue(Rules.load(Rules.rule("fd.sip = 10.1.2")).errors().get(0).message().contains("not a valid IP"));
        assertTrue(Rules.load(Rules.rule("fd.sip contains 10")).errors().get(0).message().contains("not supported"));
    }

    @Test
    void byteBuffers() {
        assertTrue(matches("evt.buffer bcontains 0b0c", EV));
        assertFalse(matches("evt.buffer bcontains 0c0b", EV));
        assertTrue(matches("evt.buffer bstartswith 0a", EV));
        assertFalse(matches("evt.buffer bstartswith 0b", EV));
        assertTrue(Rules.load(Rules.rule("evt.buffer bcontains xyz")).errors().get(0).message().contains("hexadecimal"));
        assertTrue(Rules.load(Rules.rule("proc.name bcontains 00")).errors().get(0).message().contains("not supported"));
    }

    @Test
    void fieldArguments() {
        assertTrue(matches("proc.aname[2] = sshd", EV));
        assertTrue(matches("proc.env[HOME] = /root", EV));
        assertTrue(matches("evt.arg[0] = first", EV));
        assertTrue(matches("evt.arg.flags contains O_RDONLY", EV), "evt.arg.flags is evt.arg[flags]");
        assertTrue(matches("evt.arg[flags] contains O_CLOEXEC", EV));
        assertTrue(Rules.load(Rules.rule("evt.arg exists")).errors().get(0).message().contains("requires an argument"));
    }

    @Test
    void transformers() {
        assertTrue(matches("toupper(proc.name) = BASH", EV));
        assertTrue(matches("tolower(proc.cmdline) contains echo", EV));
        assertTrue(matches("basename(fd.name) = shadow", EV));
        assertTrue(matches("len(proc.name) = 4", EV));
        assertTrue(matches("len(fd.types) = 2", EV));
        assertTrue(matches("b64(proc.env[B]) = hello", Map.of("evt.type", "openat", "proc.env[B]", "aGVsbG8=")));
        assertTrue(matches("concat(fd.directory, \"/\", fd.filename) = /etc/shadow", EV));
        assertTrue(matches("join(\",\", fd.types) = \"ipv4,file\"", EV));
        assertTrue(matches("tolower(toupper(proc.name)) = bash", EV));
        assertFalse(matches("toupper(proc.pname) = BASH", EV), "a transformer of a missing field is missing");
        assertTrue(Rules.load(Rules.rule("toupper(proc.pid) = 1")).errors().get(0).message()
                .contains("not supported by 'toupper'"));
    }

    @Test
    void fieldOnTheRightWithVal() {
        assertTrue(matches("fd.directory = val(fd.directory)", EV));
        assertTrue(matches("fd.name startswith val(fd.directory)", EV));
        assertFalse(matches("fd.name = val(proc.cwd)", EV));
        assertFalse(matches("fd.name != val(proc.pname)", EV), "a missing right side is false too");
        assertTrue(matches("proc.name = tolower(proc.name)", EV));
        assertTrue(Rules.load(Rules.rule("proc.name = tolower(val(proc.name))")).errors().get(0).message()
                .contains("expected field transformer argument"), "val() is not a transformer argument in Falco");
        assertTrue(Rules.load(Rules.rule("fd.name regex val(proc.cwd)")).errors().get(0).message()
                .contains("doesn't support right-hand side fields"));
    }

    @Test
    void booleanLogicAndPrecedence() {
        assertTrue(matches("proc.name = sh or proc.name = bash and proc.pid = 4242", EV));
        assertFalse(matches("(proc.name = sh or proc.name = bash) and proc.pid = 1", EV));
        assertTrue(matches("not proc.name = sh", EV));
        assertTrue(matches("not not proc.name = bash", EV));
        assertTrue(matches("not(proc.name = sh)", EV));
        assertTrue(matches("proc.name=bash and(proc.pid=4242)", EV));
        assertTrue(matches("proc.name in (\"sh\", 'bash')", EV));
    }

    @Test
    void quotedStringEscapes() {
        Map<String, Object> ev = Map.of("evt.type", "openat", "proc.cmdline", "a \"b\"\tc\\d");
        assertTrue(matches("proc.cmdline = \"a \\\"b\\\"\\tc\\\\d\"", ev));
        assertTrue(matches("proc.cmdline contains '\"b\"'", ev));
        assertTrue(matches("proc.cmdline contains \"\\x62\"", ev));
        assertTrue(Rules.load(Rules.rule("proc.cmdline = \"a\\q\"")).errors().get(0).message()
                .contains("unsupported string escape"));
    }
}
