package io.vigil.output.grpc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import io.vigil.output.grpc.internal.proto.priority;
import io.vigil.output.grpc.internal.proto.request;
import io.vigil.output.grpc.internal.proto.response;
import io.vigil.output.grpc.internal.proto.serviceGrpc;
import io.vigil.output.grpc.internal.proto.source;
import io.vigil.output.support.testing.Configs;
import io.vigil.output.support.testing.TestAlerts;
import io.vigil.output.support.testing.TestPki;

/** A grpc-java client, as Falco's clients are, subscribing over a unix socket and over mTLS. */
class GrpcOutputChannelTest {

    @TempDir
    Path dir;

    private static GrpcOutputChannel channel(Object... keyValues) throws Exception {
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new GrpcOutputChannel(Configs.of(GrpcOutputChannel.Config.class, props));
    }

    /** Collects a server stream. */
    private static final class Collector implements StreamObserver<response> {
        final BlockingQueue<Object> items = new LinkedBlockingQueue<>();

        @Override
        public void onNext(response r) {
            items.add(r);
        }

        @Override
        public void onError(Throwable t) {
            items.add(t);
        }

        @Override
        public void onCompleted() {
            items.add("completed");
        }

        Object next() throws InterruptedException {
            Object o = items.poll(20, TimeUnit.SECONDS);
            assertNotNull(o, "nothing arrived from the server");
            return o;
        }
    }

    private static void awaitSubscribers(GrpcOutputChannel ch, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ch.stats().get("subscribers") < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, ch.stats().get("subscribers"));
    }

    private static void assertShellAlert(response r, int n) {
        assertEquals(TestAlerts.TIME / 1_000_000_000L, r.getTime().getSeconds());
        assertEquals(TestAlerts.TIME % 1_000_000_000L, r.getTime().getNanos());
        assertEquals(priority.NOTICE, r.getPriority());
        assertEquals(source.SYSCALL, r.getSourceDeprecated());
        assertEquals("syscall", r.getSource());
        assertEquals("Terminal shell in container", r.getRule());
        assertEquals("A shell was spawned in a container (n=" + n + " proc.name=bash \"quoted\")", r.getOutput());
        assertEquals("host-a", r.getHostname());
        assertEquals(List.of("container", "mitre_execution", "shell"), r.getTagsList());
        assertEquals(Map.of("container.id", "<NA>", "evt.time", Long.toString(TestAlerts.TIME), "proc.name", "bash",
                "proc.pid", Long.toString(4242 + n)), r.getOutputFieldsMap());
    }

    @Test
    void subStreamsAlertsOverAUnixSocket() throws Exception {
        Path sock = dir.resolve("run").resolve("vigil.sock");
        GrpcOutputChannel ch = channel("bind_address", "unix://" + sock, "vigil.output.name", "grpc-local");
        EpollEventLoopGroup group = new EpollEventLoopGroup(1);
        ManagedChannel client = NettyChannelBuilder.forAddress(new DomainSocketAddress(sock.toString()))
                .eventLoopGroup(group).channelType(EpollDomainSocketChannel.class).usePlaintext().build();
        try {
            assertEquals("grpc-local", ch.name());
            Collector got = new Collector();
            StreamObserver<request> requests = serviceGrpc.newStub(client).sub(got);
            requests.onNext(request.getDefaultInstance());
            awaitSubscribers(ch, 1);
            for (int i = 0; i < 3; i++) {
                ch.deliver(TestAlerts.shell(i));
            }
            for (int i = 0; i < 3; i++) {
                assertShellAlert((response) got.next(), i);
            }
            requests.onCompleted();
            assertEquals("completed", got.next());
            awaitSubscribers(ch, 0);

            // get hands over what was queued (the three alerts), then the queue is empty
            Iterator<response> backlog = serviceGrpc.newBlockingStub(client).get(request.getDefaultInstance());
            List<response> all = new ArrayList<>();
            backlog.forEachRemaining(all::add);
            assertEquals(3, all.size());
            assertShellAlert(all.get(2), 2);
            assertTrue(!serviceGrpc.newBlockingStub(client).get(request.getDefaultInstance()).hasNext());
            assertEquals(6L, ch.stats().get("sent"));
        } finally {
            client.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            ch.close();
        }
    }

    @Test
    void mutualTlsOverTcpAdmitsOnlyClientsWithACertificateOfTheCa() throws Exception {
        TestPki pki = TestPki.get();
        GrpcOutputChannel ch = channel("bind_address", "127.0.0.1:0", "cert_chain", pki.serverCertPem.toString(),
                "private_key", pki.serverKeyPem.toString(), "root_certs", pki.caPem.toString());
        ManagedChannel withCert = NettyChannelBuilder.forAddress("127.0.0.1", ch.port())
                .sslContext(GrpcSslContexts.configure(SslContextBuilder.forClient()
                        .trustManager(pki.caPem.toFile())
                        .keyManager(pki.clientCertPem.toFile(), pki.clientKeyPem.toFile())).build())
                .build();
        ManagedChannel withoutCert = NettyChannelBuilder.forAddress("127.0.0.1", ch.port())
                .sslContext(GrpcSslContexts.configure(SslContextBuilder.forClient().trustManager(pki.caPem.toFile())).build())
                .build();
        try {
            Collector got = new Collector();
            StreamObserver<request> requests = serviceGrpc.newStub(withCert).sub(got);
            requests.onNext(request.getDefaultInstance());
            awaitSubscribers(ch, 1);
            ch.deliver(TestAlerts.shell(5));
            assertShellAlert((response) got.next(), 5);
            requests.onCompleted();

            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> serviceGrpc.newBlockingStub(withoutCert).get(request.getDefaultInstance()).hasNext());
            assertEquals(io.grpc.Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
        } finally {
            withCert.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            withoutCert.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            ch.close();
        }
    }

    @Test
    void tcpWithoutCertificatesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> channel("bind_address", "127.0.0.1:0"));
        assertTrue(e.getMessage().contains("set cert_chain and private_key"), e.getMessage());
    }
}
