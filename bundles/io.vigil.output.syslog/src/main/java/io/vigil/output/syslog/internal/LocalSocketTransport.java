package io.vigil.output.syslog.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.vigil.output.support.LineProcess;
import io.vigil.sdk.Priority;

/**
 * The local syslog socket ({@code /dev/log}), which is a unix <em>datagram</em> socket that
 * Java 17's NIO cannot open (it has unix stream sockets only). Messages go through one
 * long-lived util-linux {@code logger} fed a line per alert with its priority prefix, which
 * writes them to the socket as glibc's syslog(3) (what Falco uses) does.
 */
final class LocalSocketTransport implements SyslogTransport {

    private final LineProcess logger;
    private final Path socket;

    LocalSocketTransport(String socket, String appName, long timeoutMillis, String channelName) {
        this.socket = Path.of(socket);
        this.logger = new LineProcess(List.of("logger", "--socket", socket, "--socket-errors=on", "--prio-prefix",
                "--tag", appName, "--id=" + ProcessHandle.current().pid()), timeoutMillis,
                "vigil-syslog-" + channelName);
    }

    @Override
    public void send(int pri, long time, String hostname, String message, Priority priority) throws IOException {
        if (!Files.exists(socket)) {
            // logger would start, fail and exit after taking the line: say so before
            throw new IOException("syslog socket " + socket + " does not exist (is a syslog daemon running?)");
        }
        // logger reads one message per line: a line break inside the alert would split it
        logger.writeLine("<" + pri + ">" + message.replace('\n', ' ').replace('\r', ' '));
    }

    /** Times logger was started (1 + restarts after it died). */
    long starts() {
        return logger.starts();
    }

    @Override
    public void close() {
        logger.close();
    }
}
