package io.weave.client.internal;

import java.time.Duration;
import java.util.function.Consumer;

import io.weave.client.DeadLetterReplay;
import io.weave.client.FlushResult;
import io.weave.client.WeaveBacklog;
import io.weave.client.internal.sender.FlushProgress;
import io.weave.client.internal.sender.Sender;
import io.weave.client.internal.wal.AppendResult;
import io.weave.client.internal.wal.Wal;
import io.weave.client.internal.wal.WalSnapshot;
import io.weave.client.internal.wire.JsonBytes;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

/**
 * Requests appended to the write-ahead log on the caller's thread, so that they are in the
 * operating system before the traced method returns, and sent from there by the sender —
 * or, in wal-only mode, left on disk for a later run.
 */
public final class WalOutbox implements Outbox {

	private static final Duration ACK_POLL = Duration.ofMillis(50);

	private final Wal wal;

	private final Sender sender;

	private final StatsRecorder stats;

	/**
	 * @param wal the log
	 * @param sender the sender draining it, or {@code null} in wal-only mode
	 * @param stats the client's counters
	 */
	public WalOutbox(Wal wal, Sender sender, StatsRecorder stats) {
		this.wal = wal;
		this.sender = sender;
		this.stats = stats;
		// what this process appended and the server has not acknowledged, read or not, sent or not
		stats.pendingFrom(() -> pending(wal.lastAppendedSequence()));
	}

	@Override
	public void offer(WireRequest request) {
		counted(this.wal.writer().append(request));
	}

	/** Copies the body straight from the caller's buffer into the log. */
	@Override
	public void offer(RequestType type, String callId, long at, JsonBytes body) {
		counted(this.wal.writer().append(type, callId, true, body.array(), body.length(), true, at));
	}

	private void counted(AppendResult result) {
		if (result.isAppended()) {
			this.stats.enqueued();
		}
		else {
			this.stats.dropped(1);
		}
	}

	/**
	 * Waits until everything this process appended before the call is acknowledged; records of
	 * adopted segments are sent meanwhile but not waited for. In wal-only mode nothing is sent,
	 * so the flush completes only if nothing was appended.
	 */
	@Override
	public FlushResult flush(Duration timeout, Duration interval, Consumer<FlushProgress> listener) {
		long start = System.nanoTime();
		long deadline = start + timeout.toNanos();
		long target = this.wal.lastAppendedSequence();
		long sentBefore = this.stats.sentCount();
		long failedBefore = this.stats.failedCount();
		long nextReport = (interval != null) ? start + interval.toNanos() : Long.MAX_VALUE;
		if (this.sender == null) {
			// wal-only: nothing is sent, but what was appended is made durable before returning
			this.wal.writer().sync();
		}
		boolean done = this.wal.ackedSequence() >= target;
		while (!done && this.sender != null && remaining(deadline) > 0) {
			this.sender.flush(slice(deadline));
			done = this.wal.awaitAcked(target, slice(deadline));
			if (!done && listener != null && System.nanoTime() - nextReport >= 0) {
				listener.accept(new FlushProgress(pending(target), this.stats.sentCount() - sentBefore,
						this.stats.failedCount() - failedBefore, Duration.ofNanos(System.nanoTime() - start)));
				nextReport += interval.toNanos();
			}
		}
		return new FlushResult(done, this.stats.sentCount() - sentBefore, done ? 0 : pending(target),
				this.stats.failedCount() - failedBefore, Duration.ofNanos(System.nanoTime() - start));
	}

	private static long remaining(long deadline) {
		return deadline - System.nanoTime();
	}

	/** A short wait, so that progress is reported and records appended meanwhile are picked up. */
	private static Duration slice(long deadline) {
		return Duration.ofNanos(Math.max(0, Math.min(remaining(deadline), ACK_POLL.toNanos())));
	}

	private long pending(long target) {
		return Math.max(0, target - this.wal.ackedSequence());
	}

	/** Appends the dead letters to the log again; the sender picks them up from there. */
	@Override
	public DeadLetterReplay replayDeadLetters() {
		return this.wal.replayDeadLetters();
	}

	@Override
	public WeaveBacklog backlog() {
		WalSnapshot snapshot = this.wal.snapshot();
		String lastError = (this.stats.snapshot().lastError() != null) ? this.stats.snapshot().lastError()
				: snapshot.lastError();
		return new WeaveBacklog(snapshot.mode(), snapshot.segments(), snapshot.bytes(),
				this.wal.settings().maxTotalBytes(), snapshot.pending(), snapshot.oldestPendingAge(),
				snapshot.deadLettered(), snapshot.deadLettersRefused(), snapshot.corrupt(), snapshot.torn(),
				this.stats.snapshot().requestsDropped(), snapshot.expired(), lastError, senderState());
	}

	private String senderState() {
		if (this.sender == null) {
			return "disabled";
		}
		return this.sender.isRunning() ? "running" : "stopped";
	}

	@Override
	public void close() {
		if (this.sender != null) {
			this.sender.close(Duration.ZERO);
		}
		this.wal.close();
	}

}
