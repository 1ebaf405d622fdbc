package io.vigil.output.grpc.internal;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.vigil.sdk.Alert;
import io.vigil.sdk.OutputChannel;

/**
 * Falco's gRPC output: a server with Falco's {@code falco.outputs.service} API on a unix socket
 * ({@code unix:///path}) or on TCP with TLS, mutual when {@code root_certs} is set, so existing
 * Falco gRPC clients subscribe to Vigil's alerts unchanged.
 */
@Component(service = OutputChannel.class, configurationPid = GrpcOutputChannel.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GrpcOutputChannel.Config.class, factory = true)
public final class GrpcOutputChannel implements OutputChannel {

    /** The factory PID: one configuration per listening address. */
    public static final String PID = "io.vigil.output.grpc";

    /** One gRPC server; attribute names are Falco's {@code grpc:} keys. */
    @ObjectClassDefinition(name = "Vigil gRPC output", description = "Serves Falco's gRPC outputs API (falco.outputs)")
    public @interface Config {
        @AttributeDefinition(description = "Channel name shown by vigil:outputs")
        String vigil_output_name() default "grpc";

        @AttributeDefinition(description = "Least severe priority sent, e.g. warning")
        String vigil_output_priority() default "debug";

        @AttributeDefinition(description = "unix:///path/to.sock, or host:port (TCP, needs TLS)")
        String bind__address() default "unix:///run/vigil/vigil.sock";

        @AttributeDefinition(description = "Server threads; 0: one per core")
        int threadiness() default 0;

        @AttributeDefinition(description = "TCP: PEM private key of the server (PKCS#8)")
        String private__key() default "";

        @AttributeDefinition(description = "TCP: PEM certificate chain of the server")
        String cert__chain() default "";

        @AttributeDefinition(description = "TCP: PEM CA certificates; set, clients must present a certificate they signed")
        String root__certs() default "";

        @AttributeDefinition(description = "Alerts kept for the get method; the oldest are dropped beyond")
        int backlog__size() default 1000;
    }

    private final String name;
    private final OutputsService service;
    private final Server server;
    private final EventLoopGroup[] groups;
    private final String address;

    /**
     * Starts the server.
     *
     * @throws IllegalArgumentException naming the attribute that is wrong
     * @throws IOException if the address cannot be bound or a TLS file cannot be used
     */
    @Activate
    public GrpcOutputChannel(Config config) throws IOException {
        this.name = config.vigil_output_name();
        if (config.backlog__size() < 1) {
            throw new IllegalArgumentException("backlog_size must be >= 1, got " + config.backlog__size());
        }
        this.service = new OutputsService(config.backlog__size());
        this.address = config.bind__address().trim();
        int threads = config.threadiness() > 0 ? config.threadiness() : Runtime.getRuntime().availableProcessors();
        NettyServerBuilder b;
        if (address.startsWith("unix://")) {
            Path socket = Path.of(address.substring("unix://".length()));
            if (!Epoll.isAvailable()) {
                throw new IOException("unix socket " + socket + ": Netty's epoll transport is unavailable: "
                        + Epoll.unavailabilityCause());
            }
            if (socket.getParent() != null) {
                Files.createDirectories(socket.getParent());
            }
            Files.deleteIfExists(socket); // a socket file left by a previous run refuses bind()
            EpollEventLoopGroup boss = new EpollEventLoopGroup(1);
            EpollEventLoopGroup workers = new EpollEventLoopGroup(threads);
            groups = new EventLoopGroup[] {boss, workers};
            b = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                    .channelType(EpollServerDomainSocketChannel.class)
                    .bossEventLoopGroup(boss).workerEventLoopGroup(workers);
        } else {
            groups = new EventLoopGroup[0];
            b = NettyServerBuilder.forAddress(tcpAddress(address));
            if (config.cert__chain().isBlank() || config.private__key().isBlank()) {
                throw new IllegalArgumentException("bind_address " + address
                        + " is TCP: set cert_chain and private_key (and root_certs for mutual TLS); alerts are not served in clear text");
            }
            SslContextBuilder tls = GrpcSslContexts.forServer(file("cert_chain", config.cert__chain()),
                    file("private_key", config.private__key()));
            if (!config.root__certs().isBlank()) {
                tls.trustManager(file("root_certs", config.root__certs())).clientAuth(ClientAuth.REQUIRE);
            }
            b.sslContext(tls.build());
        }
        this.server = b.addService(service).build();
        try {
            server.start();
        } catch (IOException e) {
            shutdownGroups();
            throw new IOException("gRPC output " + name + ": cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    private static InetSocketAddress tcpAddress(String a) {
        int colon = a.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("bind_address '" + a + "' is neither unix:///path nor host:port");
        }
        String host = a.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(host, Integer.parseInt(a.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bind_address '" + a + "': bad port");
        }
    }

    private static File file(String attribute, String path) {
        File f = new File(path.trim());
        if (!f.canRead()) {
            throw new IllegalArgumentException(attribute + " " + f + " cannot be read");
        }
        return f;
    }

    /** The port the server listens on (TCP), for tests binding port 0. */
    int port() {
        return server.getPort();
    }

    @Override
    public String name() {
        return name;
    }

    /** Hands the alert to the subscribers and the backlog; never blocks on a client. */
    @Override
    public void deliver(Alert alert) {
        service.publish(AlertMessages.toResponse(alert));
    }

    /** Ends subscriptions and stops the server, waiting a bounded time. */
    @Deactivate
    public void close() {
        service.closeSubscribers();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        shutdownGroups();
        if (address.startsWith("unix://")) {
            try {
                Files.deleteIfExists(Path.of(address.substring("unix://".length())));
            } catch (IOException e) {
                // left for the next start to remove
            }
        }
    }

    private void shutdownGroups() {
        for (EventLoopGroup g : groups) {
            g.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }

    /** Counters beyond the runtime's: subscribers, alerts sent and those a slow subscriber or the backlog lost. */
    @Override
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("retries", 0L);
        m.put("subscribers", (long) service.subscribers());
        m.put("sent", service.sent());
        m.put("subscriber_dropped", service.subscriberDropped());
        m.put("backlog_dropped", service.backlogDropped());
        return m;
    }
}
