package io.vigil.runtime.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

import io.vigil.runtime.internal.VigilSettings.OutputSettings;
import io.vigil.sdk.Alert;
import io.vigil.sdk.AlertFormat;
import io.vigil.sdk.OutputChannel;

/**
 * Falco's {@code stdout_output} and {@code file_output}: one alert per line, as Falco's JSON
 * or text line. The file channel reopens the file per alert unless {@code keep_alive}, so
 * log rotation works as in Falco.
 */
final class StandardOutputChannel implements OutputChannel {

    private final String name;
    private final OutputSettings settings;
    private final java.nio.file.Path file;
    private final PrintStream stdout;
    private OutputStream open;

    private StandardOutputChannel(String name, OutputSettings settings, java.nio.file.Path file, PrintStream stdout) {
        this.name = name;
        this.settings = settings;
        this.file = file;
        this.stdout = stdout;
    }

    static StandardOutputChannel stdout(OutputSettings settings, PrintStream out) {
        return new StandardOutputChannel("stdout", settings, null, out);
    }

    static StandardOutputChannel file(OutputSettings settings) {
        return new StandardOutputChannel("file", settings, settings.file(), null);
    }

    @Override
    public String name() {
        return name;
    }

    String format(Alert a) {
        return settings.json()
                ? AlertFormat.json(a, settings.includeOutput(), settings.includeTags(), settings.includeOutputFields())
                : AlertFormat.text(a, settings.iso8601(), ZoneId.systemDefault());
    }

    @Override
    public void deliver(Alert alert) throws IOException {
        String line = format(alert);
        if (stdout != null) {
            stdout.println(line);
            if (stdout.checkError()) {
                throw new IOException("writing to standard output failed");
            }
            return;
        }
        if (open == null) {
            open = java.nio.file.Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.WRITE);
        }
        open.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        if (!settings.fileKeepAlive()) {
            open.close();
            open = null;
        }
    }

    @Override
    public void flush() throws IOException {
        if (stdout != null) {
            stdout.flush();
        } else if (open != null) {
            open.flush();
        }
    }

    /** Closes a kept-open file; the next alert opens it again. */
    void close() throws IOException {
        if (open != null) {
            open.close();
            open = null;
        }
    }
}
