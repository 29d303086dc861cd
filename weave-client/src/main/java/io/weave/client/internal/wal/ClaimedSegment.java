package io.weave.client.internal.wal;

import java.io.IOException;
import java.nio.file.Files;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A segment this process sends, because its own writer writes it or because it adopted it from
 * a dead writer: holds the sender lock, the read cursor and the acknowledgement state. The
 * checkpoint moves only when acknowledgements close a gap, and is persisted every few
 * acknowledgements, on a timer and on close. Once the segment is read to its final end and
 * everything in it is resolved, it is deleted with its lock and checkpoint files.
 */
final class ClaimedSegment {

	private static final Logger logger = LoggerFactory.getLogger(ClaimedSegment.class);

	private final SegmentFile file;

	private final WrittenSegment written;

	private final SegmentCursor cursor;

	private final long adoptedSize;

	private final int checkpointEvery;

	private final WalCounters counters;

	private final AckTracker acks;

	private SegmentClaim sendClaim;

	private long persisted;

	private int unpersisted;

	private long dirtySince;

	private volatile long lines;

	private volatile long resolved;

	private boolean scanned;

	private long scannedEnd;

	private boolean deleted;

	private ClaimedSegment(SegmentFile file, WrittenSegment written, SegmentClaim sendClaim, long checkpoint,
			long adoptedSize, int checkpointEvery, WalCounters counters) {
		this.file = file;
		this.written = written;
		this.sendClaim = sendClaim;
		this.cursor = new SegmentCursor(file.path(), checkpoint);
		this.acks = new AckTracker(checkpoint);
		this.persisted = checkpoint;
		this.adoptedSize = adoptedSize;
		this.checkpointEvery = checkpointEvery;
		this.counters = counters;
	}

	static ClaimedSegment own(WrittenSegment written, SegmentClaim sendClaim, int checkpointEvery,
			WalCounters counters) {
		return new ClaimedSegment(written.file(), written, sendClaim, 0, 0, checkpointEvery, counters);
	}

	static ClaimedSegment adopted(SegmentFile file, SegmentClaim sendClaim, long checkpoint, long size,
			int checkpointEvery, WalCounters counters) {
		return new ClaimedSegment(file, null, sendClaim, checkpoint, size, checkpointEvery, counters);
	}

	String name() {
		return this.file.name();
	}

	SegmentFile file() {
		return this.file;
	}

	/** This process's writer's segment, or {@code null} for an adopted one. */
	WrittenSegment written() {
		return this.written;
	}

	SegmentCursor cursor() {
		return this.cursor;
	}

	/** How far the reader may read: the writer's visible end, or the adopted file's size. */
	long limit() {
		return (this.written != null) ? this.written.end() : this.adoptedSize;
	}

	/** Counts a line the reader met; returns its sequence in the writer's stream ({@code 0} if adopted). */
	long nextLine() {
		long index = this.lines++;
		return (this.written != null) ? this.written.firstSequence() + index : 0;
	}

	/** Marks a line resolved; {@code false} when it already was (or the segment is gone). */
	synchronized boolean resolve(long start, long end) {
		if (this.deleted || !this.acks.resolve(start, end)) {
			return false;
		}
		this.resolved++;
		if (this.acks.lowWater() > this.persisted) {
			if (this.unpersisted++ == 0) {
				this.dirtySince = System.nanoTime();
			}
			if (this.unpersisted >= this.checkpointEvery) {
				persist();
			}
		}
		return true;
	}

	/**
	 * Resolves the records of this writer's segment from {@code start} to its end, which its
	 * file no longer has; returns how many they were.
	 */
	synchronized long loseRest(long start) {
		long missing = this.written.records() - this.lines;
		if (missing <= 0 || !this.acks.resolve(start, this.written.end())) {
			return 0;
		}
		this.lines += missing;
		this.resolved += missing;
		return missing;
	}

	/** The reader reached the segment's final end. */
	synchronized void scanned(long end) {
		this.scanned = true;
		this.scannedEnd = end;
	}

	/** Whether the reader has read up to the writer's final end; for a segment the writer just closed. */
	boolean isReadToEnd() {
		return this.written != null && this.written.isDone() && this.cursor.position() >= this.written.end();
	}

	/** Whether the segment was deleted or let go of: nothing more happens to it here. */
	synchronized boolean isGone() {
		return this.deleted;
	}

	synchronized long lowWater() {
		return this.acks.lowWater();
	}

	/** Records not resolved yet: exact for what was written or read, estimated for the unread rest of an adopted file. */
	long pending() {
		if (this.written != null) {
			return Math.max(0, this.written.records() - this.resolved);
		}
		long unread = Segments.estimateLines(this.file.path(), this.cursor.position(), this.adoptedSize);
		return Math.max(0, this.lines - this.resolved) + unread;
	}

	/** Persists the checkpoint if it has waited for longer than {@code maxNanos}. */
	synchronized void persistIfOlder(long maxNanos) {
		if (!this.deleted && this.unpersisted > 0 && System.nanoTime() - this.dirtySince >= maxNanos) {
			persist();
		}
	}

	/**
	 * Deletes the segment if it is read to its final end and fully resolved; returns the bytes
	 * freed, or {@code -1} if it stays.
	 */
	synchronized long deleteIfFinished() {
		if (this.deleted || !this.scanned || this.acks.lowWater() < this.scannedEnd) {
			return -1;
		}
		this.deleted = true;
		long size = Segments.size(this.file.path());
		closeCursor();
		try {
			// The segment goes first: without it, what remains are orphans nobody sends.
			Files.deleteIfExists(this.file.path());
		}
		catch (IOException ex) {
			logger.warn("Could not delete sent segment {}", this.file.path(), ex);
			this.counters.error("Could not delete " + this.file.path() + ": " + ex);
			persist();
			releaseClaim();
			return -1;
		}
		try {
			Files.deleteIfExists(this.file.checkpointPath());
			Files.deleteIfExists(this.file.checkpointTempPath());
			this.sendClaim.releaseAndDelete();
			this.sendClaim = null;
			SegmentClaim.deleteIfUnclaimed(this.file.lockPath());
		}
		catch (IOException ex) {
			logger.debug("Could not delete the files beside {}", this.file.path(), ex);
		}
		return size;
	}

	/** Lets go of the segment, leaving it on disk for the next sender: checkpoint, unlock. */
	synchronized void release() {
		if (this.deleted) {
			return;
		}
		this.deleted = true;
		if (this.unpersisted > 0) {
			persist();
		}
		closeCursor();
		releaseClaim();
	}

	private void persist() {
		long offset = this.acks.lowWater();
		try {
			Checkpoint.write(this.file, offset);
			this.persisted = offset;
			this.unpersisted = 0;
		}
		catch (IOException ex) {
			logger.warn("Could not write the checkpoint of {}", this.file.path(), ex);
			this.counters.error("Could not write checkpoint " + this.file.checkpointPath() + ": " + ex);
		}
	}

	private void closeCursor() {
		try {
			this.cursor.close();
		}
		catch (IOException ex) {
			// read-only
		}
	}

	private void releaseClaim() {
		if (this.sendClaim != null) {
			try {
				this.sendClaim.release();
			}
			catch (IOException ex) {
				logger.debug("Could not release {}", this.sendClaim.file(), ex);
			}
			this.sendClaim = null;
		}
	}

}
