package io.vigil.sdk;

import java.io.IOException;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named source of events ({@code syscall}, {@code k8s_audit}, {@code aws_cloudtrail}, ...),
 * registered as an OSGi service. Rules declare the source they apply to with {@code source:}.
 *
 * <p>Shaped like Falco's source capability: a source opens captures, a capture yields
 * batches.
 */
@ConsumerType
public interface EventSource {

    /** Service property carrying the source name, for filtering. */
    String SOURCE_PROPERTY = "vigil.source";

    /** The source name used in rules' {@code source:} key. */
    String name();

    /**
     * Opens a capture.
     *
     * @param params source-specific open parameters (from the configuration)
     * @throws IOException with a message naming what is missing (a device, a privilege, a
     *                     file) if the capture cannot start
     */
    EventCapture open(Map<String, String> params) throws IOException;
}
