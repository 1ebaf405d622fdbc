package io.vigil.container.internal;

import java.io.IOException;

/** Asks one container engine's API for a container's metadata; called on a fetcher thread, never on the event thread. */
public interface MetadataClient {

    /** The engine's name for messages and counters, e.g. {@code docker}. */
    String name();

    /** True if this client is the one to ask about {@code id}. */
    boolean handles(ContainerIdentity id);

    /**
     * The container's metadata.
     *
     * @return null if the engine does not know the container
     * @throws IOException if the engine cannot be reached, is too slow, or answers garbage;
     *                     the message names the socket and what went wrong
     */
    ContainerInfo fetch(ContainerIdentity id) throws IOException;
}
