package io.vigil.output.grpc.internal;

import java.util.Map;

import com.google.protobuf.Timestamp;

import io.vigil.output.grpc.internal.proto.priority;
import io.vigil.output.grpc.internal.proto.response;
import io.vigil.output.grpc.internal.proto.source;
import io.vigil.sdk.Alert;

/** Converts alerts to Falco's gRPC {@code falco.outputs.response}. */
final class AlertMessages {

    private AlertMessages() {
    }

    static response toResponse(Alert a) {
        response.Builder b = response.newBuilder()
                .setTime(Timestamp.newBuilder()
                        .setSeconds(Math.floorDiv(a.time(), 1_000_000_000L))
                        .setNanos((int) Math.floorMod(a.time(), 1_000_000_000L)))
                .setPriority(priority.forNumber(a.priority().ordinal()))
                .setSourceDeprecated(legacySource(a.source()))
                .setSource(a.source())
                .setRule(a.rule())
                .setOutput(a.output())
                .setHostname(a.hostname())
                .addAllTags(a.tags());
        for (Map.Entry<String, Object> e : a.outputFields().entrySet()) {
            // Falco's gRPC API carries field values as text; a missing value is <NA> as in text output
            b.putOutputFields(e.getKey(), e.getValue() == null ? "<NA>" : e.getValue().toString());
        }
        return b.build();
    }

    private static source legacySource(String s) {
        switch (s) {
            case "syscall":
                return source.SYSCALL;
            case "k8s_audit":
                return source.K8S_AUDIT;
            case "internal":
                return source.INTERNAL;
            default:
                return source.PLUGIN;
        }
    }
}
