package io.weave.client.internal.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentSkipListMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segments this process sends, oldest first, and what has been resolved in them: its own
 * writer's segments, registered as they are created, and segments of dead writers it adopted.
 * Resolutions (acknowledgements, dead letters, skipped lines) go through here so that the
 * checkpoints, the flush watermark and the deletion of finished segments stay in step.
 */
final class Ledger {

	private static final Logger logger = LoggerFactory.getLogger(Ledger.class);

	private final ConcurrentSkipListMap<String, ClaimedSegment> segments = new ConcurrentSkipListMap<>();

	private final WalSettings settings;

	private final SpaceQuota quota;

	private final WalCounters counters;

	private final AckWatermark watermark;

	private final DeadLetterFile deadLetters;

	private final WarnThrottle refusedWarnings = new WarnThrottle(Duration.ofMinutes(1));

	Ledger(WalSettings settings, SpaceQuota quota, WalCounters counters, AckWatermark watermark,
			DeadLetterFile deadLetters) {
		this.settings = settings;
		this.quota = quota;
		this.counters = counters;
		this.watermark = watermark;
		this.deadLetters = deadLetters;
	}

	/** Registers a segment this process's writer just created, with the sender lock it took for it. */
	void own(WrittenSegment segment, SegmentClaim sendClaim) {
		this.segments.put(segment.file().name(), ClaimedSegment.own(segment, sendClaim,
				this.settings.checkpointEveryAcks(), this.counters));
	}

	/**
	 * Adopts a segment if its writer is gone and no other sender has it: takes its sender lock,
	 * then checks its writer lock is free. A live writer's segment is never taken.
	 */
	boolean adopt(SegmentFile file) throws IOException {
		if (this.segments.containsKey(file.name())) {
			return false;
		}
		SegmentClaim sendClaim = SegmentClaim.tryAcquire(file.sendLockPath());
		if (sendClaim == null) {
			return false;
		}
		try {
			if (!Files.exists(file.path())) {
				sendClaim.releaseAndDelete();
				return false;
			}
			if (SegmentClaim.isHeld(file.lockPath())) {
				sendClaim.release();
				return false;
			}
			long checkpoint = Checkpoint.read(file);
			// A writer that died leaves its file preallocated: read only up to its data.
			this.segments.put(file.name(), ClaimedSegment.adopted(file, sendClaim, checkpoint,
					SegmentTail.dataEnd(file.path()), this.settings.checkpointEveryAcks(), this.counters));
			logger.debug("Adopted segment {} from offset {}", file.path(), checkpoint);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			sendClaim.release();
			throw ex;
		}
	}

	Collection<ClaimedSegment> segments() {
		return this.segments.values();
	}

	ClaimedSegment get(String name) {
		return this.segments.get(name);
	}

	void ack(WalEntry entry) {
		if (resolve(this.segments.get(entry.segment()), entry.start(), entry.end(), entry.sequence())) {
			this.counters.acked.increment();
		}
	}

	/**
	 * Records the entry in the dead-letter file and resolves it; left pending if that write
	 * fails. A letter the full file refuses is resolved all the same, so that it does not hold
	 * up the log, and counted as refused: the record is lost, and said so.
	 */
	void deadLetter(WalEntry entry, String reason) {
		ClaimedSegment segment = this.segments.get(entry.segment());
		if (segment == null) {
			return;
		}
		boolean kept;
		try {
			kept = this.deadLetters.add(entry, reason);
		}
		catch (IOException ex) {
			logger.warn("Could not dead-letter {}; it stays in the log", entry, ex);
			this.counters.error("Could not write dead letter: " + ex);
			return;
		}
		if (!resolve(segment, entry.start(), entry.end(), entry.sequence())) {
			return;
		}
		if (kept) {
			this.counters.deadLettered.increment();
		}
		else {
			refused(entry);
		}
	}

	private void refused(WalEntry entry) {
		this.counters.deadLettersRefused.increment();
		this.counters.error("Dead-letter file full: refused " + entry);
		if (this.refusedWarnings.tryAcquire()) {
			logger.warn("Dead-letter file {} is full ({} bytes): refused {} letters so far, the latest {}; "
					+ "replay or remove the letters it holds", this.deadLetters.path(), this.deadLetters.maxBytes(),
					this.counters.deadLettersRefused.sum(), entry);
		}
	}

	/** Resolves a line the reader itself disposed of (quarantined or expired). */
	void skip(ClaimedSegment segment, long start, long end, long sequence) {
		resolve(segment, start, end, sequence);
	}

	/** The reader reached a segment's final end. */
	void scanned(ClaimedSegment segment, long end) {
		segment.scanned(end);
		deleteIfFinished(segment);
	}

	void persistCheckpoints() {
		long maxNanos = this.settings.checkpointInterval().toNanos();
		for (ClaimedSegment segment : this.segments.values()) {
			segment.persistIfOlder(maxNanos);
		}
	}

	/** Deletes what is finished and lets go of the rest, which stays for the next sender. */
	void close() {
		for (ClaimedSegment segment : this.segments.values()) {
			if (segment.isReadToEnd()) {
				segment.scanned(segment.written().end());
			}
			deleteIfFinished(segment);
			segment.release();
			this.segments.remove(segment.name(), segment);
		}
	}

	/** Forgets a segment that cannot be read now; it stays on disk to be adopted again. */
	void forget(ClaimedSegment segment) {
		segment.release();
		this.segments.remove(segment.name(), segment);
	}

	private boolean resolve(ClaimedSegment segment, long start, long end, long sequence) {
		if (segment == null || !segment.resolve(start, end)) {
			return false;
		}
		if (sequence > 0) {
			this.watermark.resolve(sequence);
		}
		deleteIfFinished(segment);
		return true;
	}

	private void deleteIfFinished(ClaimedSegment segment) {
		long freed = segment.deleteIfFinished();
		if (freed >= 0) {
			this.quota.release(freed);
		}
		if (segment.isGone()) {
			this.segments.remove(segment.name(), segment);
		}
	}

}
