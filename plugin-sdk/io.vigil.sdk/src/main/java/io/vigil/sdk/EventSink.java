package io.vigil.sdk;

import org.osgi.annotation.versioning.ProviderType;

/** Receives the events of a batch from an {@link EventCapture}; implemented by the platform. */
@ProviderType
@FunctionalInterface
public interface EventSink {

    /** Handles one event; the event must not be kept after this call returns. */
    void accept(Event event);
}
