package io.weave.client.internal.wal;

import java.time.Instant;

import io.weave.client.internal.wire.WireRequest;

/**
 * A record handed to the sender by {@link WalReader#poll}. Give it back through
 * {@link Wal#ack} once the server acknowledged it, or {@link Wal#deadLetter} to give up on it.
 *
 * @param request the request as appended
 * @param segment the name of the segment file holding it
 * @param start the byte offset of its line in the segment
 * @param end the byte offset just past its line
 * @param sequence its position in this process's writer stream, or {@code 0} when it comes
 * from a segment adopted from another (dead) writer
 * @param appendedAt when it was appended
 */
public record WalEntry(WireRequest request, String segment, long start, long end, long sequence,
		Instant appendedAt) {

	/** The size of the request body, which is what a batch of requests is bounded by. */
	public int size() {
		return this.request.size();
	}

	@Override
	public String toString() {
		return this.request + "@" + this.segment + ":" + this.start;
	}

}
