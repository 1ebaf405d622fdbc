package io.vigil.output.file.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.vigil.output.support.AlertFormatter;
import io.vigil.sdk.Alert;
import io.vigil.sdk.OutputChannel;

/**
 * Falco's {@code file_output} as a factory channel: appends one alert per line. Opened per
 * alert, or with {@code keep_alive} kept open and reopened as soon as log rotation has moved
 * or deleted the file (the path's inode is no longer the open file's).
 */
@Component(service = OutputChannel.class, configurationPid = FileOutputChannel.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FileOutputChannel.Config.class, factory = true)
public final class FileOutputChannel implements OutputChannel {

    /** The factory PID: one configuration per file. */
    public static final String PID = "io.vigil.output.file";

    /** One file alerts are appended to. */
    @ObjectClassDefinition(name = "Vigil file output", description = "Appends alerts to a file (Falco's file_output)")
    public @interface Config {
        @AttributeDefinition(description = "Channel name shown by vigil:outputs")
        String vigil_output_name() default "file";

        @AttributeDefinition(description = "Least severe priority sent, e.g. warning")
        String vigil_output_priority() default "debug";

        @AttributeDefinition(description = "The file alerts are appended to (created if missing)")
        String filename();

        @AttributeDefinition(description = "Keep the file open between alerts (reopened after rotation)")
        boolean keep__alive() default false;

        boolean json__output() default false;

        boolean json__include__output__property() default true;

        boolean json__include__tags__property() default true;

        boolean json__include__output__fields__property() default true;

        boolean time__format__iso__8601() default false;

        @AttributeDefinition(description = "Static fields added to every alert, each 'name=value'")
        String[] extra__fields() default {};
    }

    private final String name;
    private final Path file;
    private final boolean keepAlive;
    private final AlertFormatter formatter;
    private final AtomicLong reopens = new AtomicLong();
    private OutputStream out;
    private Object openInode;

    /**
     * Checks the configuration; the file is opened with the first alert.
     *
     * @throws IllegalArgumentException naming the attribute that is wrong
     */
    @Activate
    public FileOutputChannel(Config config) {
        this.name = config.vigil_output_name();
        if (config.filename() == null || config.filename().isBlank()) {
            throw new IllegalArgumentException("filename is empty: give the file alerts are appended to");
        }
        this.file = Path.of(config.filename().trim());
        this.keepAlive = config.keep__alive();
        this.formatter = new AlertFormatter(config.json__output(), config.json__include__output__property(),
                config.json__include__tags__property(), config.json__include__output__fields__property(),
                config.time__format__iso__8601(),
                AlertFormatter.parseExtraFields("extra_fields", config.extra__fields()), ZoneId.systemDefault());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void deliver(Alert alert) throws IOException {
        byte[] line = (formatter.format(alert) + "\n").getBytes(StandardCharsets.UTF_8);
        if (!keepAlive) {
            try (OutputStream o = open()) {
                o.write(line);
            }
            return;
        }
        if (out != null && rotated()) {
            closeQuietly(); // what was buffered goes to the rotated file, where it belongs
            reopens.incrementAndGet();
        }
        if (out == null) {
            out = new BufferedOutputStream(open(), 64 * 1024);
            openInode = inode();
        }
        try {
            out.write(line);
        } catch (IOException e) {
            closeQuietly();
            throw new IOException("writing " + file + ": " + e.getMessage(), e);
        }
    }

    private OutputStream open() throws IOException {
        try {
            // APPEND: after copytruncate rotation writes go to the new end, not past a hole
            return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot open " + file + " for appending: " + e, e);
        }
    }

    private Object inode() throws IOException {
        return Files.getAttribute(file, "unix:ino");
    }

    /** True if the path no longer names the open file: moved away or deleted by rotation. */
    private boolean rotated() throws IOException {
        try {
            return !inode().equals(openInode);
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    /** Closes the file now; the next alert opens the path again (Falco reopens on SIGUSR1). */
    public synchronized void reopen() {
        if (out != null) {
            closeQuietly();
            reopens.incrementAndGet();
        }
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            // the file is being let go
        }
        out = null;
        openInode = null;
    }

    @Override
    public synchronized void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** Flushes and closes the file. */
    @Deactivate
    public synchronized void close() {
        if (out != null) {
            closeQuietly();
        }
    }

    /** Counters beyond the runtime's: reopens after rotation (a file channel never retries). */
    @Override
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("retries", 0L);
        m.put("reopens", reopens.get());
        return m;
    }
}
