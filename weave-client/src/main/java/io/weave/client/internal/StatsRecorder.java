package io.weave.client.internal;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.weave.client.WeaveStats;

/** Thread-safe counters behind {@link WeaveStats}; cheap to update from any thread. */
public final class StatsRecorder {

	private final LongAdder callsStarted = new LongAdder();

	private final LongAdder callsEnded = new LongAdder();

	private final LongAdder enqueued = new LongAdder();

	private final LongAdder sent = new LongAdder();

	private final LongAdder retried = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder deadLettered = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private volatile LastError lastError;

	private volatile LongSupplier pending = () -> 0;

	public void callStarted() {
		this.callsStarted.increment();
	}

	public void callEnded() {
		this.callsEnded.increment();
	}

	public void enqueued() {
		this.enqueued.increment();
	}

	public void sent(int requests, long bytes) {
		this.sent.add(requests);
		this.bytesSent.add(bytes);
	}

	public void retried(int requests) {
		this.retried.add(requests);
	}

	public void dropped(int requests) {
		this.dropped.add(requests);
	}

	public void deadLettered(int requests) {
		this.deadLettered.add(requests);
	}

	public void error(String message) {
		this.lastError = new LastError(message, Instant.now());
	}

	/** Where the number of accepted but unresolved requests comes from. */
	public void pendingFrom(LongSupplier pending) {
		this.pending = pending;
	}

	public long sentCount() {
		return this.sent.sum();
	}

	public long failedCount() {
		return this.dropped.sum() + this.deadLettered.sum();
	}

	public WeaveStats snapshot() {
		LastError error = this.lastError;
		return new WeaveStats(this.callsStarted.sum(), this.callsEnded.sum(), this.enqueued.sum(), this.sent.sum(),
				this.retried.sum(), this.dropped.sum(), this.deadLettered.sum(), this.bytesSent.sum(),
				this.pending.getAsLong(), (error != null) ? error.message : null, (error != null) ? error.at : null);
	}

	private record LastError(String message, Instant at) {
	}

}
