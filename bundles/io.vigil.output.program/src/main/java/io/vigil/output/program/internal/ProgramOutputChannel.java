package io.vigil.output.program.internal;

import java.io.IOException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.vigil.output.support.AlertFormatter;
import io.vigil.output.support.LineProcess;
import io.vigil.sdk.Alert;
import io.vigil.sdk.OutputChannel;

/**
 * Falco's {@code program_output}: each alert as one line on the standard input of
 * {@code sh -c program}, either a process per alert or one process kept alive, never waiting
 * on the program longer than the timeout.
 */
@Component(service = OutputChannel.class, configurationPid = ProgramOutputChannel.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ProgramOutputChannel.Config.class, factory = true)
public final class ProgramOutputChannel implements OutputChannel {

    /** The factory PID: one configuration per program. */
    public static final String PID = "io.vigil.output.program";

    /** One program alerts are piped to. */
    @ObjectClassDefinition(name = "Vigil program output", description = "Pipes alerts to a command (Falco's program_output)")
    public @interface Config {
        @AttributeDefinition(description = "Channel name shown by vigil:outputs")
        String vigil_output_name() default "program";

        @AttributeDefinition(description = "Least severe priority sent, e.g. warning")
        String vigil_output_priority() default "debug";

        @AttributeDefinition(description = "The command, run with sh -c; reads one alert per line")
        String program();

        @AttributeDefinition(description = "Keep one process and write a line per alert (else a process per alert)")
        boolean keep__alive() default false;

        @AttributeDefinition(description = "Longest wait for the program, per alert, in milliseconds; then it is killed")
        long timeout__ms() default 5000;

        boolean json__output() default false;

        boolean json__include__output__property() default true;

        boolean json__include__tags__property() default true;

        boolean json__include__output__fields__property() default true;

        boolean time__format__iso__8601() default false;

        @AttributeDefinition(description = "Static fields added to every alert, each 'name=value'")
        String[] extra__fields() default {};
    }

    private final String name;
    private final List<String> command;
    private final long timeoutMillis;
    private final AlertFormatter formatter;
    private final LineProcess kept;

    /**
     * Checks the configuration; a kept-alive program starts with the first alert.
     *
     * @throws IllegalArgumentException naming the attribute that is wrong
     */
    @Activate
    public ProgramOutputChannel(Config config) {
        this.name = config.vigil_output_name();
        if (config.program() == null || config.program().isBlank()) {
            throw new IllegalArgumentException("program is empty: give a command, e.g. 'cat >> /var/log/alerts'");
        }
        if (config.timeout__ms() <= 0) {
            throw new IllegalArgumentException("timeout_ms must be > 0, got " + config.timeout__ms());
        }
        this.command = List.of("sh", "-c", config.program());
        this.timeoutMillis = config.timeout__ms();
        this.formatter = new AlertFormatter(config.json__output(), config.json__include__output__property(),
                config.json__include__tags__property(), config.json__include__output__fields__property(),
                config.time__format__iso__8601(),
                AlertFormatter.parseExtraFields("extra_fields", config.extra__fields()), ZoneId.systemDefault());
        this.kept = config.keep__alive() ? new LineProcess(command, timeoutMillis, "vigil-program-" + name) : null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) throws IOException {
        String line = formatter.format(alert);
        if (kept != null) {
            kept.writeLine(line);
        } else {
            LineProcess.runOnce(command, line + "\n", timeoutMillis);
        }
    }

    /** Closes a kept-alive program's input and stops it. */
    @Deactivate
    public void close() {
        if (kept != null) {
            kept.close();
        }
    }

    /** Counters beyond the runtime's: lines retried after the kept program died, and its starts. */
    @Override
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("retries", kept == null ? 0L : kept.retries());
        m.put("process_starts", kept == null ? 0L : kept.starts());
        return m;
    }
}
