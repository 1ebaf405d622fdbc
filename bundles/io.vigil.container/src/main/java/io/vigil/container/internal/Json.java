package io.vigil.container.internal;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The one JSON reader of the container clients. Jackson's data binding is some 700 classes: they
 * are loaded when a runtime is first asked about a container, not when the clients are made,
 * so a host without containers does not carry them.
 */
final class Json {

    private Json() {
    }

    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper();
    }

    static JsonNode read(byte[] json) throws IOException {
        return Mapper.INSTANCE.readTree(json);
    }

    static JsonNode read(String json) throws IOException {
        return Mapper.INSTANCE.readTree(json);
    }

    /** The node of a value that is not there; its {@code path(...)} is missing too. */
    static JsonNode missing() {
        return MissingNode.getInstance();
    }
}
