package io.vigil.itests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A running {@code bin/vigil} of the built distribution with its own {@code etc/} (a copy whose
 * SSH console listens on a free port), its own data directory and Karaf lock, so it runs beside
 * any other Vigil on the machine; its standard output (alerts) and error go to files.
 */
final class PrivateVigil implements AutoCloseable {

    final Path home;
    final Path etc;
    final Path alerts;
    final Path stderr;
    final int sshPort;
    private final Map<String, String> env;
    private final Process process;

    private PrivateVigil(Path home, Path etc, Path alerts, Path stderr, int sshPort, Map<String, String> env,
            Process process) {
        this.home = home;
        this.etc = etc;
        this.alerts = alerts;
        this.stderr = stderr;
        this.sshPort = sshPort;
        this.env = env;
        this.process = process;
    }

    /** The distribution under test. */
    static Path distribution() {
        Path home = Path.of(System.getProperty("vigil.dist", "../karaf-dist/target/assembly")).toAbsolutePath()
                .normalize();
        if (!Files.isExecutable(home.resolve("bin/vigil"))) {
            fail("the distribution is built: " + home.resolve("bin/vigil"));
        }
        return home;
    }

    /** Starts {@code bin/vigil ARGS} in {@code dir} and waits until it is ready (its ready file). */
    static PrivateVigil start(Path dir, String... args) throws Exception {
        Path home = distribution();
        Path etc = dir.resolve("etc");
        copyTree(home.resolve("etc"), etc);
        int port = freePort();
        Path shell = etc.resolve("org.apache.karaf.shell.cfg");
        String cfg = Files.readString(shell, StandardCharsets.UTF_8);
        if (!cfg.matches("(?s).*\\nsshPort\\s*=\\s*\\d+.*")) {
            fail("etc/org.apache.karaf.shell.cfg sets sshPort:\n" + cfg);
        }
        Files.writeString(shell, cfg.replaceFirst("\\nsshPort\\s*=\\s*\\d+", "\nsshPort = " + port));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path ready = dir.resolve("ready");
        Map<String, String> env = Map.of("KARAF_ETC", etc.toString(), "KARAF_DATA", data.toString(),
                "CHECK_ROOT_INSTANCE_RUNNING", "false", "EXTRA_JAVA_OPTS", "-Dkaraf.lock.dir=" + data);
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/vigil").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-o", "vigil.ready_file=" + ready));
        Path alerts = dir.resolve("alerts.txt");
        Path stderr = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(alerts.toFile())
                .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        PrivateVigil v = new PrivateVigil(home, etc, alerts, stderr, port, env, pb.start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.exists(ready)) {
            if (!v.process.isAlive()) {
                fail("bin/vigil exited with " + v.process.exitValue() + ":\n" + v.stderr());
            }
            if (System.nanoTime() > deadline) {
                v.close();
                fail("bin/vigil did not become ready within 180 s:\n" + v.stderr());
            }
            Thread.sleep(100);
        }
        return v;
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    String alerts() throws IOException {
        return Files.readString(alerts, StandardCharsets.UTF_8);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The output (stdout and stderr) and exit code of a command run against this Vigil. */
    record Result(int code, String out) {
    }

    /** Runs Karaf's one-shot {@code bin/client} with {@code command} against this Vigil's console. */
    Result client(String command) throws Exception {
        return run(List.of(home.resolve("bin/client").toString(), "-a", String.valueOf(sshPort), "-u", "karaf", "-p",
                "karaf", command), Map.of());
    }

    /**
     * Runs {@code cmd} with this installation's environment plus {@code extraEnv}, standard input
     * at its end (as in scripts and CI); fails the test if it takes more than 120 s.
     */
    Result run(List<String> cmd, Map<String, String> extraEnv) throws Exception {
        Path out = Files.createTempFile("vigil-command", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            pb.environment().remove("DISPLAY");
            pb.environment().putAll(extraEnv);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish within 120 s; output so far:\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The environment a tool of this installation ({@code bin/client}) needs to find its etc/. */
    Map<String, String> env() {
        return env;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: Vigil stops cleanly
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
