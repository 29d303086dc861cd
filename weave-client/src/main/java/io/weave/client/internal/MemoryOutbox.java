package io.weave.client.internal;

import java.time.Duration;
import java.util.function.Consumer;

import io.weave.client.DeadLetterReplay;
import io.weave.client.FlushResult;
import io.weave.client.WeaveBacklog;
import io.weave.client.WeaveStats;
import io.weave.client.internal.sender.FlushProgress;
import io.weave.client.internal.sender.HeldDeadLetters;
import io.weave.client.internal.sender.MemoryRequestQueue;
import io.weave.client.internal.sender.Sender;
import io.weave.client.internal.wire.WireRequest;

/** Requests held in a bounded in-memory queue until the sender uploads them. */
public final class MemoryOutbox implements Outbox {

	private final MemoryRequestQueue queue;

	private final Sender sender;

	private final StatsRecorder stats;

	private final HeldDeadLetters deadLetters;

	/**
	 * @param deadLetters where the sender puts what the server rejects
	 */
	public MemoryOutbox(MemoryRequestQueue queue, Sender sender, StatsRecorder stats, HeldDeadLetters deadLetters) {
		this.queue = queue;
		this.sender = sender;
		this.stats = stats;
		this.deadLetters = deadLetters;
	}

	@Override
	public void offer(WireRequest request) {
		this.queue.offer(request);
	}

	@Override
	public FlushResult flush(Duration timeout, Duration interval, Consumer<FlushProgress> listener) {
		return this.sender.flush(timeout, interval, listener);
	}

	/** Puts the held dead letters back into the upload queue. */
	@Override
	public DeadLetterReplay replayDeadLetters() {
		return this.deadLetters.replay(this.queue::requeue);
	}

	@Override
	public WeaveBacklog backlog() {
		WeaveStats current = this.stats.snapshot();
		return new WeaveBacklog("memory", 0, 0, 0, current.requestsPending(), null, current.requestsDeadLettered(),
				this.deadLetters.refused(), 0, 0, current.requestsDropped(), 0, current.lastError(),
				this.sender.isRunning() ? "running" : "stopped");
	}

	@Override
	public void close() {
		this.sender.close(Duration.ZERO);
	}

}
