package io.vigil.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vigil.engine.FalcoRuleEngine;
import io.vigil.engine.api.EngineConfig;
import io.vigil.engine.api.LoadResult;
import io.vigil.engine.api.RuleFile;
import io.vigil.sdk.Alert;
import io.vigil.syscall.api.EventInfo;
import io.vigil.syscall.api.ParamInfo;
import io.vigil.syscall.api.SyscallEventTable;
import io.vigil.syscall.api.SyscallRecord;
import io.vigil.syscall.api.SyscallRecordBuilder;
import io.vigil.syscall.internal.SyscallEventParser;
import io.vigil.syscall.internal.SyscallStateService;
import io.vigil.syscall.internal.ThreadStatesService;
import io.vigil.syscall.internal.state.ThreadInfo;

/**
 * Falco's "Terminal shell in container" fires for a real {@code docker exec -t sh}: the shell's
 * execve (rebuilt from what /proc says about the real process, as the probe would record it)
 * goes through the real syscall parser and Falco's rules with the real container fields.
 */
class TerminalShellRuleTest {

    /** An execve exit record of thread {@code t}, its parameters filled from the thread's state. */
    static SyscallRecord execveOf(ThreadInfo t) {
        SyscallEventTable table = SyscallEventTable.get();
        int code = -1;
        for (int c : table.codes("execve")) {
            if (table.info(c).params().stream().anyMatch(p -> p.name().equals("exe"))) {
                code = c;
            }
        }
        EventInfo info = table.info(code);
        SyscallRecordBuilder b = SyscallRecordBuilder.of(code).thread(t.tid, t.pid).timestamp(1_000_000).result(0);
        for (ParamInfo p : info.params()) {
            switch (p.name()) {
                case "res" -> b.addLong(0);
                case "exe" -> b.addString(t.exe);
                case "args" -> b.addStrings(t.args());
                case "tid" -> b.addLong(t.tid);
                case "pid" -> b.addLong(t.pid);
                case "ptid" -> b.addLong(t.ptid);
                case "cwd" -> b.addString(t.cwd.path);
                case "comm" -> b.addString(t.comm);
                case "cgroups" -> b.addStrings(t.cgroups());
                case "env" -> b.addStrings(t.env());
                case "tty" -> b.addLong(t.tty);
                case "loginuid" -> b.addLong(t.loginuid);
                case "uid" -> b.addLong(t.uid);
                case "gid" -> b.addLong(t.gid);
                case "vtid" -> b.addLong(t.vtid);
                case "vpid" -> b.addLong(t.vpid);
                case "pgid", "vpgid" -> b.addLong(t.pid);
                case "trusted_exepath" -> b.addString(t.exepath);
                case "pidns_init_start_ts" -> b.addLong(t.pidnsInitStartTs);
                case "fdlimit" -> b.addLong(t.fdlimit);
                default -> {
                    switch (p.type()) {
                        case STRING, PATH, BYTES, SOCKADDR, SOCKTUPLE, CHARBUF_ARRAY -> b.addEmpty();
                        default -> b.addLong(0);
                    }
                }
            }
        }
        byte[] bytes = b.build();
        SyscallRecord r = new SyscallRecord(0);
        r.wrap(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0, bytes.length, 1);
        return r;
    }

    @Test
    void aShellExecdWithATerminalIntoDockerFiresFalcosRule() throws Exception {
        Engines.run("docker-up");
        try {
            String name = "vigil-shell-" + ProcessHandle.current().pid();
            String id = Engines.run("docker-run", name).split(" ")[0];
            int shell = Integer.parseInt(Engines.run("docker-shell", name));
            SyscallStateService state = TestThreads.hostState();
            ContainerFieldExtractor containers = new ContainerFieldExtractor(new ThreadStatesService(state), Set.of(),
                    List.of(new DockerApiClient(ContainerType.DOCKER, Engines.ROOT.resolve("docker/docker.sock"), 2000)),
                    64, 5_000_000_000L);
            LoadResult load = new FalcoRuleEngine().load(List.of(RuleFile.read(FalcoRulesLoadTest.rules("falco_rules.yaml"))),
                    FalcoRulesLoadTest.catalog(containers, state), EngineConfig.defaults("h"));
            assertEquals(List.of(), load.errors());
            SyscallRecord execve = execveOf(state.state().threads().get(shell));
            new SyscallEventParser(state).parse(execve);
            new ContainerEventParser(new ContainerStateService(new ThreadStatesService(state), Set.of(), List.of(), 16, 0))
                    .parse(execve);
            List<Alert> alerts = new ArrayList<>();
            load.ruleset().evaluate(execve, alerts::add);
            assertTrue(alerts.stream().anyMatch(a -> a.rule().equals("Terminal shell in container")),
                    () -> "alerts: " + alerts + "\n" + load.ruleset().explain("Terminal shell in container", execve));
            assertEquals(id.substring(0, 12), ContainerFieldsTest.extract(containers, execve, "container.id"));
            assertEquals(name, ContainerFieldsTest.extract(containers, execve, "container.name"),
                    () -> containers.fetcher().stats().toString());
            assertEquals("localhost/vigil-test/busybox", ContainerFieldsTest.extract(containers, execve,
                    "container.image.repository"));
            containers.close();
        } finally {
            Engines.run("docker-down");
        }
    }
}
