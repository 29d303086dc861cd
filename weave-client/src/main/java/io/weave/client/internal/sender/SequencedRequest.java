package io.weave.client.internal.sender;

import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

/**
 * A request as a {@link RequestSource} hands it out, numbered in the order it was accepted.
 *
 * @param sequence the request's number: the first accepted request is 1, each next one is one more
 * @param request the request
 */
public record SequencedRequest(long sequence, WireRequest request) {

	public RequestType type() {
		return this.request.type();
	}

	public boolean isCall() {
		return this.request.type() == RequestType.CALL_START || this.request.type() == RequestType.CALL_END;
	}

	public int size() {
		return this.request.size();
	}

	@Override
	public String toString() {
		return "#" + this.sequence + " " + this.request;
	}

}
