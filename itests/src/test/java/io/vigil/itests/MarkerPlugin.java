package io.vigil.itests;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.vigil.sdk.Event;
import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSink;
import io.vigil.sdk.EventSource;
import io.vigil.sdk.FieldAccessor;
import io.vigil.sdk.FieldDescriptor;
import io.vigil.sdk.FieldExtractor;
import io.vigil.sdk.FieldType;

/**
 * A test plugin registered from inside the framework: a source of events at a steady rate,
 * every tenth of which is a "marker", and its fields. It counts the markers it emitted, so a
 * test can check that every one of them was evaluated by exactly one ruleset.
 */
final class MarkerPlugin {

    static final String SOURCE = "marker";

    /** One event: a sequence number and whether it is a marker. */
    record MarkerEvent(long number, long timestamp, boolean marker) implements Event {
        @Override
        public String source() {
            return SOURCE;
        }

        @Override
        public int type() {
            return 0;
        }
    }

    final AtomicLong emitted = new AtomicLong();
    final AtomicLong markers = new AtomicLong();
    volatile boolean paused;

    final EventSource source = new EventSource() {
        @Override
        public String name() {
            return SOURCE;
        }

        @Override
        public EventCapture open(Map<String, String> params) {
            return new EventCapture() {
                private volatile boolean closed;

                @Override
                public int poll(EventSink sink, long timeoutMillis) throws InterruptedException {
                    if (closed) {
                        return END;
                    }
                    Thread.sleep(1);
                    if (paused) {
                        return 0;
                    }
                    int n = 0;
                    for (int i = 0; i < 5; i++) { // about 5,000 events a second
                        long seq = emitted.incrementAndGet();
                        boolean marker = seq % 10 == 0;
                        sink.accept(new MarkerEvent(seq, System.currentTimeMillis() * 1_000_000L, marker));
                        if (marker) {
                            markers.incrementAndGet();
                        }
                        n++;
                    }
                    return n;
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }
    };

    static final FieldDescriptor SEQ = FieldDescriptor.of("marker.seq", FieldType.UINT64, "Sequence number.",
            SOURCE, "marker");
    static final FieldDescriptor KIND = FieldDescriptor.of("marker.kind", FieldType.STRING,
            "'marker' for every tenth event, 'filler' otherwise.", SOURCE, "marker");

    final FieldExtractor fields = new FieldExtractor() {
        @Override
        public String name() {
            return "marker";
        }

        @Override
        public List<FieldDescriptor> fields() {
            return List.of(SEQ, KIND);
        }

        @Override
        public FieldAccessor bind(FieldDescriptor field, String argument) {
            if (field.equals(SEQ)) {
                return (e, out) -> e instanceof MarkerEvent m && out.setLong(m.number()) != null;
            }
            return (e, out) -> e instanceof MarkerEvent m && out.setText(m.marker() ? "marker" : "filler") != null;
        }
    };
}
