package io.weave.client.internal;

import java.time.Duration;
import java.util.function.Consumer;

import io.weave.client.DeadLetterReplay;
import io.weave.client.FlushResult;
import io.weave.client.WeaveBacklog;
import io.weave.client.internal.sender.FlushProgress;
import io.weave.client.internal.wire.JsonBytes;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

/**
 * Where the client puts its requests for upload: an in-memory queue, or the write-ahead log,
 * each with the sender that drains it.
 */
public interface Outbox {

	/** Takes a request for upload; never throws, and waits only where a full log is set to block. */
	void offer(WireRequest request);

	/**
	 * Takes a call's start or end request whose compact JSON body was just written to
	 * {@code body}, which is this thread's and is overwritten after the call returns.
	 * @param callId the call's id, which this client generates as plain ASCII
	 * @param at when the call started or ended, epoch milliseconds
	 */
	default void offer(RequestType type, String callId, long at, JsonBytes body) {
		offer(WireRequest.compact(type, callId, body.toByteArray()));
	}

	/**
	 * Waits until every request offered before the call is resolved, or the timeout passes.
	 * @param timeout how long to wait at most
	 * @param interval how often to report progress, or {@code null} for no reports
	 * @param listener hears progress, or {@code null}
	 * @return what the flush achieved; never throws
	 */
	FlushResult flush(Duration timeout, Duration interval, Consumer<FlushProgress> listener);

	/** Queues the dead letters for upload again and removes them from the dead letters; never throws. */
	DeadLetterReplay replayDeadLetters();

	/** What is waiting and what failed. */
	WeaveBacklog backlog();

	/** Stops sending; what was not sent is dropped, or stays in the log for a later run. */
	void close();

}
