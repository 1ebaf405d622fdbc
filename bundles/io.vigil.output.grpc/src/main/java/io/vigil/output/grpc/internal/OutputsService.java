package io.vigil.output.grpc.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vigil.output.grpc.internal.proto.request;
import io.vigil.output.grpc.internal.proto.response;
import io.vigil.output.grpc.internal.proto.serviceGrpc;

/**
 * Falco's {@code falco.outputs.service}: {@code sub} streams each alert live to every
 * subscriber, {@code get} hands over (and empties) the bounded backlog. Never blocks the
 * publisher: a subscriber whose stream is not ready loses the alert, and that is counted.
 */
final class OutputsService extends serviceGrpc.serviceImplBase {

    private final int backlogCapacity;
    private final ArrayDeque<response> backlog = new ArrayDeque<>();
    private final Set<ServerCallStreamObserver<response>> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong backlogDropped = new AtomicLong();
    private final AtomicLong subscriberDropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    OutputsService(int backlogCapacity) {
        this.backlogCapacity = backlogCapacity;
    }

    /** Sends one alert to every subscriber and keeps it for {@code get}. */
    void publish(response r) {
        synchronized (backlog) {
            if (backlog.size() == backlogCapacity) {
                backlog.pollFirst();
                backlogDropped.incrementAndGet();
            }
            backlog.addLast(r);
        }
        for (ServerCallStreamObserver<response> s : subscribers) {
            synchronized (s) {
                if (s.isCancelled()) {
                    subscribers.remove(s);
                } else if (s.isReady()) {
                    s.onNext(r);
                    sent.incrementAndGet();
                } else {
                    subscriberDropped.incrementAndGet(); // a slow reader must not grow our memory
                }
            }
        }
    }

    @Override
    public StreamObserver<request> sub(StreamObserver<response> out) {
        ServerCallStreamObserver<response> s = (ServerCallStreamObserver<response>) out;
        s.setOnCancelHandler(() -> subscribers.remove(s));
        subscribers.add(s);
        return new StreamObserver<>() {
            @Override
            public void onNext(request value) {
                // requests carry no options yet: the subscription is the stream itself
            }

            @Override
            public void onError(Throwable t) {
                subscribers.remove(s);
            }

            @Override
            public void onCompleted() {
                subscribers.remove(s);
                synchronized (s) {
                    s.onCompleted();
                }
            }
        };
    }

    @Override
    public void get(request req, StreamObserver<response> out) {
        List<response> pending;
        synchronized (backlog) {
            pending = new ArrayList<>(backlog);
            backlog.clear();
        }
        for (response r : pending) {
            out.onNext(r);
            sent.incrementAndGet();
        }
        out.onCompleted();
    }

    /** Ends every subscription, as the server is going away. */
    void closeSubscribers() {
        for (ServerCallStreamObserver<response> s : subscribers) {
            synchronized (s) {
                try {
                    s.onError(Status.UNAVAILABLE.withDescription("Vigil output channel stopped").asRuntimeException());
                } catch (RuntimeException e) {
                    // already closed
                }
            }
        }
        subscribers.clear();
    }

    int subscribers() {
        return subscribers.size();
    }

    long backlogDropped() {
        return backlogDropped.get();
    }

    long subscriberDropped() {
        return subscriberDropped.get();
    }

    long sent() {
        return sent.get();
    }
}
