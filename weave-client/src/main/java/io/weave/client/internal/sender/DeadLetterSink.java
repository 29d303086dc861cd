package io.weave.client.internal.sender;

import io.weave.client.internal.wire.WireRequest;

/**
 * Receives the requests the sender gave up on because they can never succeed: rejected by the
 * server, too large, or malformed. Called on the sender thread; must return quickly and not throw.
 */
@FunctionalInterface
public interface DeadLetterSink {

	/**
	 * @param request the request
	 * @param reason why it cannot be sent, e.g. the server's error message
	 */
	void deadLetter(WireRequest request, String reason);

}
