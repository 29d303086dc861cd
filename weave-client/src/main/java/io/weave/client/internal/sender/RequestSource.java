package io.weave.client.internal.sender;

import java.util.concurrent.TimeUnit;

/**
 * Where the {@link Sender} takes its requests from: an in-memory queue, or a durable log.
 * <p>
 * Contract: every accepted request gets the next sequence number (1, 2, 3, … without gaps) and
 * is handed out by {@code poll} exactly once, in sequence order. Only the sender thread polls.
 */
public interface RequestSource {

	/**
	 * Returns the next request without waiting.
	 * @return the next request, or {@code null} if none is ready
	 */
	SequencedRequest poll();

	/**
	 * Waits for the next request.
	 * @param timeout how long to wait at most
	 * @param unit the unit of {@code timeout}
	 * @return the next request, or {@code null} if none came in time or {@link #wakeUp()} was called
	 * @throws InterruptedException if the thread was interrupted while waiting
	 */
	SequencedRequest poll(long timeout, TimeUnit unit) throws InterruptedException;

	/** Makes a waiting {@link #poll(long, TimeUnit)}, or else the next one, return at once. */
	void wakeUp();

	/** The sequence number of the latest accepted request, {@code 0} before the first. */
	long lastSequence();

	/** How many accepted requests have not been polled yet. */
	int size();

	/**
	 * Called once for each polled request when the sender is done with it, so that a durable
	 * source can release it.
	 * @param request the request
	 * @param resolution what became of it
	 */
	default void resolved(SequencedRequest request, Resolution resolution) {
	}

	/**
	 * Whether requests the sender gives up on without a verdict stay safe in the source (a
	 * write-ahead log) for a later run, rather than being lost.
	 */
	default boolean isDurable() {
		return false;
	}

	/** Stops accepting requests: anything offered from now on is dropped. */
	void close();

}
