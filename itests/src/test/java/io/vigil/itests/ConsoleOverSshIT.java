package io.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vigil.itests.PrivateVigil.Result;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console of a running {@code bin/vigil}, reached from outside the framework as an
 * operator does: OpenSSH's {@code ssh} and Karaf's {@code bin/client} with a one-shot command,
 * both with a standard input that is not a terminal (as in scripts and CI).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleOverSshIT {

    static final String RULE_ONE = "Console IT rule one";
    static final String RULE_TWO = "Console IT rule two";

    @TempDir
    static Path dir;

    static PrivateVigil vigil;
    static Path askpass;

    @BeforeAll
    static void start() throws Exception {
        Path rules = dir.resolve("console-rules.yaml");
        Files.writeString(rules, String.join("\n",
                "- rule: " + RULE_ONE,
                "  desc: never fires (console test)",
                "  condition: evt.type = openat and fd.name = /nonexistent/console-it/one",
                "  output: one %fd.name",
                "  priority: WARNING",
                "  tags: [console_it]",
                "- rule: " + RULE_TWO,
                "  desc: never fires (console test)",
                "  condition: evt.type = openat and fd.name = /nonexistent/console-it/two",
                "  output: two %fd.name",
                "  priority: NOTICE",
                "  tags: [console_it]",
                ""));
        Path config = dir.resolve("vigil.yaml");
        Files.writeString(config, "rules_files: [" + rules + "]\njson_output: true\n");
        askpass = dir.resolve("askpass.sh");
        Files.writeString(askpass, "#!/bin/sh\necho karaf\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        vigil = PrivateVigil.start(dir, "-c", config.toString(), "-M", "600");
        // The SSH server is one of Karaf's startup bundles: it may open its port after Vigil is ready.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Result r = ssh("shell:echo console-ready");
        while (!r.out().contains("console-ready") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            r = ssh("shell:echo console-ready");
        }
        assertTrue(r.out().contains("console-ready"), "the SSH console answers; last try: " + r + "\n" + vigil.stderr());
    }

    @AfterAll
    static void stop() throws Exception {
        if (vigil != null) {
            vigil.close();
        }
    }

    /** Runs {@code command} through OpenSSH's client, password from SSH_ASKPASS, stdin at its end. */
    static Result ssh(String command) throws Exception {
        return vigil.run(List.of("ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "PubkeyAuthentication=no", "-o",
                "PreferredAuthentications=password,keyboard-interactive", "-o", "NumberOfPasswordPrompts=1", "-o",
                "ConnectTimeout=20", "-p", String.valueOf(vigil.sshPort), "karaf@127.0.0.1", command),
                Map.of("SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force"));
    }

    /** Runs {@code command} as Karaf's one-shot {@code bin/client} command, stdin at its end. */
    static Result client(String command) throws Exception {
        return vigil.client(command);
    }

    /** The "Enabled" cell of {@code rule}'s row in vigil:rules' table. */
    static String enabledCell(String table, String rule) {
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > 3 && cells[0].trim().equals(rule)) {
                return cells[3].trim();
            }
        }
        return fail("no row for '" + rule + "' in:\n" + table);
    }

    static long stat(String table, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s*\\|\\s*(\\d+)").matcher(table);
        assertTrue(m.find(), "a '" + name + "' row in:\n" + table);
        return Long.parseLong(m.group(1));
    }

    @Test
    @Order(1)
    void rulesListsTheLoadedRulesOverSsh() throws Exception {
        Result r = ssh("vigil:rules");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("Rule") && r.out().contains("Enabled"), "a table header:\n" + r.out());
        assertEquals("yes", enabledCell(r.out(), RULE_ONE));
        assertEquals("yes", enabledCell(r.out(), RULE_TWO));
        assertEquals(2, r.out().lines().filter(l -> l.contains("console_it")).count(), r.out());
    }

    @Test
    @Order(2)
    void ruleDisableChangesTheRulesState() throws Exception {
        Result d = ssh("vigil:rule-disable '" + RULE_TWO + "'");
        assertEquals(0, d.code(), d.out());
        assertTrue(d.out().contains("disabled: " + RULE_TWO), d.out());
        assertTrue(d.out().contains("1 rules changed state"), d.out());
        Result r = ssh("vigil:rules");
        assertEquals("yes", enabledCell(r.out(), RULE_ONE));
        assertEquals("no", enabledCell(r.out(), RULE_TWO));
    }

    @Test
    @Order(3)
    void reloadReportsEachFileAndCountsInStats() throws Exception {
        long before = stat(ssh("vigil:stats").out(), "reloads");
        Result r = ssh("vigil:reload");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains(dir.resolve("console-rules.yaml") + ": Ok"), r.out());
        assertTrue(r.out().contains("Rules reloaded."), r.out());
        Result s = ssh("vigil:stats");
        assertEquals(0, s.code(), s.out());
        assertEquals(before + 1, stat(s.out(), "reloads"), s.out());
        assertTrue(stat(s.out(), "uptime (s)") >= 0);
        assertTrue(s.out().contains("events"), s.out());
    }

    @Test
    @Order(4)
    void binClientRunsAOneShotCommandWithStdinAtItsEnd() throws Exception {
        Result r = client("vigil:rules");
        assertEquals(0, r.code(), r.out());
        assertFalse(r.out().trim().equals("Closed"), "Karaf's client lost the command's output");
        assertEquals("yes", enabledCell(r.out(), RULE_ONE));
        Result e = client("shell:echo one-shot works");
        assertEquals(0, e.code(), e.out());
        assertTrue(e.out().contains("one-shot works"), e.out());
        // Words given separately make one command, as Karaf's client joins them.
        Result words = vigil.run(new ArrayList<>(List.of(vigil.home.resolve("bin/client").toString(), "-a",
                String.valueOf(vigil.sshPort), "-u", "karaf", "-p", "karaf", "vigil:rules", "'" + RULE_ONE + "'")),
                Map.of());
        assertEquals(0, words.code(), words.out());
        assertEquals("yes", enabledCell(words.out(), RULE_ONE));
        assertFalse(words.out().contains(RULE_TWO), "the name filter applies:\n" + words.out());
    }
}
