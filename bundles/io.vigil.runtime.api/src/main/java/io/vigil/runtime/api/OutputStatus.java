package io.vigil.runtime.api;

/**
 * An output channel as {@code vigil:outputs} shows it.
 *
 * @param name      the channel instance name
 * @param queued    alerts waiting in its queue
 * @param delivered alerts delivered
 * @param failed    deliveries that failed
 * @param dropped   alerts dropped because the queue was full
 */
public record OutputStatus(String name, int queued, long delivered, long failed, long dropped) {
}
