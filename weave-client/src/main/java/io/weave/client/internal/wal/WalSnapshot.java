package io.weave.client.internal.wal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The backlog of a project's write-ahead log directory at one moment, with this process's
 * counters (monotonic over its {@link Wal}'s life).
 *
 * @param mode {@value Wal#MODE_SENDING} when this process sends what it logs,
 * {@value Wal#MODE_WAL_ONLY} when it only writes
 * @param directory the project directory
 * @param segments segment files in the directory, whoever wrote them
 * @param bytes their total size
 * @param appended records this process appended
 * @param pending records in the directory not resolved yet; exact for what this process wrote or
 * read, estimated from sizes for segments it has not read
 * @param oldestPendingAge how long the oldest unresolved record has waited, {@code null} when
 * nothing is pending
 * @param acked records the sender acknowledged
 * @param deadLettered records given up on and written to the dead-letter file
 * @param deadLettersRefused records given up on that the full dead-letter file refused: resolved
 * unkept, so lost
 * @param corrupt lines that failed their checksum or did not parse, quarantined
 * @param torn incomplete last lines of segments whose writer died, quarantined
 * @param dropped appends refused because the log was full
 * @param failed appends that failed with an I/O error, or after close
 * @param expired records discarded unsent because they exceeded the maximum age
 * @param lastError the last error, or {@code null}
 * @param lastErrorAt when it happened, or {@code null}
 * @param senderState what the sender is doing, set by the sender ({@code null} from the log)
 * @param lastSendError the sender's last error, set by the sender ({@code null} from the log)
 */
public record WalSnapshot(String mode, Path directory, int segments, long bytes, long appended, long pending,
		Duration oldestPendingAge, long acked, long deadLettered, long deadLettersRefused, long corrupt, long torn,
		long dropped, long failed, long expired, String lastError, Instant lastErrorAt, String senderState,
		String lastSendError) {

	/** This snapshot with the sender's view added. */
	public WalSnapshot withSender(String senderState, String lastSendError) {
		return new WalSnapshot(this.mode, this.directory, this.segments, this.bytes, this.appended, this.pending,
				this.oldestPendingAge, this.acked, this.deadLettered, this.deadLettersRefused, this.corrupt, this.torn,
				this.dropped, this.failed, this.expired, this.lastError, this.lastErrorAt, senderState, lastSendError);
	}

}
