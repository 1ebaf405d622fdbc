package io.vigil.output.syslog.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.vigil.output.support.AlertFormatter;
import io.vigil.output.support.TlsSettings;
import io.vigil.sdk.Alert;
import io.vigil.sdk.OutputChannel;

/**
 * Falco's {@code syslog_output}: each alert as one syslog message whose severity is the
 * alert's priority, to the local socket or to a remote server over UDP, TCP or TLS.
 */
@Component(service = OutputChannel.class, configurationPid = SyslogOutputChannel.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SyslogOutputChannel.Config.class, factory = true)
public final class SyslogOutputChannel implements OutputChannel {

    /** The factory PID: one configuration per syslog destination. */
    public static final String PID = "io.vigil.output.syslog";

    /** One syslog destination. */
    @ObjectClassDefinition(name = "Vigil syslog output", description = "Alerts to syslog (Falco's syslog_output)")
    public @interface Config {
        @AttributeDefinition(description = "Channel name shown by vigil:outputs")
        String vigil_output_name() default "syslog";

        @AttributeDefinition(description = "Least severe priority sent, e.g. warning")
        String vigil_output_priority() default "debug";

        @AttributeDefinition(description = "local (the syslog socket), udp, tcp or tls (RFC 5424)")
        String transport() default "local";

        @AttributeDefinition(description = "The local syslog socket (a unix datagram socket)")
        String socket() default "/dev/log";

        @AttributeDefinition(description = "Remote syslog server, for udp/tcp/tls")
        String host() default "";

        @AttributeDefinition(description = "Remote port; 0: 514 for udp/tcp, 6514 for tls")
        int port() default 0;

        @AttributeDefinition(description = "Syslog facility: user, daemon, local0 ... local7, ...")
        String facility() default "user";

        @AttributeDefinition(description = "APP-NAME (the tag) of each message")
        String app__name() default "vigil";

        boolean json__output() default false;

        boolean json__include__output__property() default true;

        boolean json__include__tags__property() default true;

        boolean json__include__output__fields__property() default true;

        boolean time__format__iso__8601() default false;

        @AttributeDefinition(description = "Static fields added to every alert, each 'name=value'")
        String[] extra__fields() default {};

        @AttributeDefinition(description = "tls: skip server certificate and host name verification")
        boolean insecure() default false;

        String ca__cert() default "";

        String ca__bundle() default "";

        String ca__path() default "";

        @AttributeDefinition(description = "tls: PEM client certificate chain (mutual TLS)")
        String client__cert() default "";

        @AttributeDefinition(description = "tls: PEM private key of the client certificate")
        String client__key() default "";

        long connect__timeout__ms() default 5000;

        @AttributeDefinition(description = "Longest wait for one message to be taken (socket write or logger)")
        long write__timeout__ms() default 5000;

        @AttributeDefinition(description = "tcp/tls: sends retried on a new connection after an error")
        int max__retries() default 1;
    }

    private final String name;
    private final int facility;
    private final AlertFormatter formatter;
    private final SyslogTransport transport;
    private final String localHostname;

    /**
     * Checks the configuration and prepares the transport (connections are made on first use).
     *
     * @throws IllegalArgumentException naming the attribute that is wrong
     * @throws IOException if a TLS file cannot be used
     */
    @Activate
    public SyslogOutputChannel(Config config) throws IOException {
        this.name = config.vigil_output_name();
        this.facility = SyslogFormat.facility(config.facility());
        this.formatter = new AlertFormatter(config.json__output(), config.json__include__output__property(),
                config.json__include__tags__property(), config.json__include__output__fields__property(),
                config.time__format__iso__8601(),
                AlertFormatter.parseExtraFields("extra_fields", config.extra__fields()), ZoneId.systemDefault());
        this.localHostname = localHostname();
        String procId = Long.toString(ProcessHandle.current().pid());
        String kind = config.transport().trim().toLowerCase(Locale.ROOT);
        if (config.max__retries() < 0 || config.write__timeout__ms() <= 0 || config.connect__timeout__ms() <= 0) {
            throw new IllegalArgumentException("max_retries must be >= 0 and the timeouts > 0");
        }
        switch (kind) {
            case "local":
                this.transport = new LocalSocketTransport(config.socket(), config.app__name(),
                        config.write__timeout__ms(), name);
                break;
            case "udp":
                this.transport = new UdpTransport(remote(config, 514), config.app__name(), procId);
                break;
            case "tcp":
            case "tls":
                boolean tls = kind.equals("tls");
                TlsSettings t = new TlsSettings(config.insecure(), config.ca__cert(), config.ca__bundle(),
                        config.ca__path(), config.client__cert(), config.client__key());
                this.transport = new StreamTransport(remote(config, tls ? 6514 : 514), tls ? t.sslContext() : null,
                        !config.insecure(), (int) config.connect__timeout__ms(), config.write__timeout__ms(),
                        config.max__retries(), config.app__name(), procId, name);
                break;
            default:
                throw new IllegalArgumentException("transport '" + config.transport()
                        + "' is not one of local, udp, tcp, tls");
        }
    }

    private static InetSocketAddress remote(Config c, int defaultPort) {
        if (c.host().isBlank()) {
            throw new IllegalArgumentException("transport " + c.transport() + " needs host (the syslog server)");
        }
        int port = c.port() == 0 ? defaultPort : c.port();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + c.port() + " is not 1-65535");
        }
        return new InetSocketAddress(c.host().trim(), port);
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) throws IOException {
        String host = alert.hostname().isEmpty() ? localHostname : alert.hostname();
        transport.send(SyslogFormat.pri(facility, alert.priority()), alert.time(), host, formatter.format(alert),
                alert.priority());
    }

    /** Closes the connection or stops logger. */
    @Deactivate
    public void close() {
        transport.close();
    }

    /** Counters beyond the runtime's: retries and reconnections (tcp/tls), logger starts (local). */
    @Override
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        if (transport instanceof StreamTransport s) {
            m.put("retries", s.retries());
            m.put("reconnects", s.reconnects());
        } else if (transport instanceof LocalSocketTransport l) {
            m.put("retries", 0L);
            m.put("process_starts", l.starts());
        } else {
            m.put("retries", 0L);
        }
        return m;
    }
}
