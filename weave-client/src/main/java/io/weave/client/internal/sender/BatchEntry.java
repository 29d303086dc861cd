package io.weave.client.internal.sender;

import java.util.List;

import io.weave.client.internal.transport.RequestBodies;

/**
 * One item of a call batch: a call start or end for {@code upsert_batch}, or a merged call for
 * {@code calls/complete}, with the requests its acknowledgement resolves.
 *
 * @param requests the requests this item resolves
 * @param completed the merged call in calls-complete mode, {@code null} for an upsert item
 */
record BatchEntry(List<SequencedRequest> requests, CompletedCall completed) {

	static BatchEntry upsert(SequencedRequest call) {
		return new BatchEntry(List.of(call), null);
	}

	static BatchEntry complete(List<SequencedRequest> requests, CompletedCall call) {
		return new BatchEntry(List.copyOf(requests), call);
	}

	boolean isComplete() {
		return this.completed != null;
	}

	/** The request of an upsert item. */
	SequencedRequest request() {
		return this.requests.get(0);
	}

	/** The project of a calls-complete item, {@code null} for an upsert item. */
	String projectId() {
		return isComplete() ? this.completed.projectId() : null;
	}

	/** An upper bound of the bytes this item adds to a batch body. */
	long size() {
		return isComplete() ? this.completed.size() + 1 : request().size() + RequestBodies.UPSERT_ITEM_OVERHEAD;
	}

}
