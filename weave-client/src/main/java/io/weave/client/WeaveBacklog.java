package io.weave.client;

import java.time.Duration;

import io.weave.client.internal.sender.SenderState;

/**
 * What is waiting to reach the trace server, for operators: the write-ahead log's segments
 * and records, what failed, and what the sender is doing. Holds no secret.
 *
 * @param mode {@code "memory"} (no write-ahead log), {@code "wal"} (logged, then sent) or
 * {@code "wal-only"} (logged, never sent by this process)
 * @param segments write-ahead log segment files in the project directory
 * @param bytes bytes of those segments
 * @param maxBytes the bound on {@code bytes}, or 0 without a write-ahead log
 * @param pendingRecords requests not yet acknowledged by the server
 * @param oldestPendingAge age of the oldest pending request, or {@code null} when none is pending
 * @param deadLettered requests the server rejected permanently, kept as dead letters for
 * {@link WeaveClient#replayDeadLetters() replay}
 * @param deadLettersRefused rejected requests the dead letters had no room for: not kept, so lost
 * @param corrupt log lines found corrupt and quarantined
 * @param torn torn log tails left by a crash
 * @param dropped requests dropped because the buffer or log was full, or retries ran out
 * @param expired requests discarded because they were older than the configured maximum age
 * @param lastError the last upload or log error, or {@code null}
 * @param senderState {@code "running"}, {@code "blocked"} (the server refuses the API key, URL or
 * TLS setup; records are kept and retried until it accepts them), {@code "disabled"} (wal-only)
 * or {@code "stopped"}
 * @param blockedReason why the sender is blocked, or {@code null} unless it is
 * @param writeError why the write-ahead log cannot write (the disk is full, …), or {@code null}
 * while it can
 */
public record WeaveBacklog(String mode, long segments, long bytes, long maxBytes, long pendingRecords,
		Duration oldestPendingAge, long deadLettered, long deadLettersRefused, long corrupt, long torn, long dropped,
		long expired, String lastError, String senderState, String blockedReason, String writeError) {

	/** The share of the log's bound in use, 0 to 1; 0 without a write-ahead log. */
	public double usedFraction() {
		return (this.maxBytes > 0) ? Math.min(1.0, (double) this.bytes / this.maxBytes) : 0.0;
	}

	/** Whether the server refuses the configuration and uploads wait: see {@code blockedReason}. */
	public boolean senderBlocked() {
		return SenderState.BLOCKED.value().equals(this.senderState);
	}

}
