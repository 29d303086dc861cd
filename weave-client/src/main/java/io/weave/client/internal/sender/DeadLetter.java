package io.weave.client.internal.sender;

import java.time.Instant;

import io.weave.client.internal.wire.RequestType;

/**
 * A summary of a dead-lettered request, kept for diagnostics. The body itself is not kept, so
 * that a few oversized requests cannot pin large amounts of memory.
 *
 * @param type the request kind
 * @param key the call id or object name
 * @param size the body size in bytes
 * @param reason why it was dead-lettered
 * @param at when it was dead-lettered
 * @param bodyPreview the start of the body
 */
public record DeadLetter(RequestType type, String key, int size, String reason, Instant at, String bodyPreview) {

	@Override
	public String toString() {
		return this.type.wireName() + "[" + this.key + ", " + this.size + " bytes]: " + this.reason;
	}

}
