package io.weave.client.internal.wal;

import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * The segment this process's writer appends to (or appended to, once {@link #isDone() done}).
 * Its visible end only ever lands on a record boundary, so a reader tailing it never sees half a
 * record. Data goes through a {@link RandomAccessFile} rather than a channel because an
 * interrupt closes a channel under its user, and appends run on application threads.
 * <p>
 * Mutated under the writer's lock; read by anyone.
 */
final class WrittenSegment {

	private final SegmentFile file;

	private final RandomAccessFile data;

	private final SegmentClaim writerClaim;

	private final long firstSequence;

	private volatile long records;

	private volatile long end;

	private volatile boolean done;

	private volatile boolean broken;

	WrittenSegment(SegmentFile file, RandomAccessFile data, SegmentClaim writerClaim, long firstSequence) {
		this.file = file;
		this.data = data;
		this.writerClaim = writerClaim;
		this.firstSequence = firstSequence;
	}

	SegmentFile file() {
		return this.file;
	}

	long firstSequence() {
		return this.firstSequence;
	}

	/** The sequence of the last record written, {@code firstSequence - 1} when empty. */
	long lastSequence() {
		return this.firstSequence + this.records - 1;
	}

	long records() {
		return this.records;
	}

	/** The end of the last complete record: readers read up to here. */
	long end() {
		return this.end;
	}

	/** Whether the writer has moved on: {@link #end()} is final. */
	boolean isDone() {
		return this.done;
	}

	/** Whether an fsync failed, so the writer must move on to a new segment. */
	boolean isBroken() {
		return this.broken;
	}

	void markBroken() {
		this.broken = true;
	}

	/** Writes one record, with one write call. */
	void write(byte[] line) throws IOException {
		this.data.write(line);
		this.records++;
		this.end += line.length;
	}

	/** Cuts off what a failed write may have left past the last complete record. */
	void truncateToEnd() throws IOException {
		this.data.setLength(this.end);
	}

	/** Forces the written bytes to the device; the sync thread's job only (an interrupt would close the channel). */
	void force() throws IOException {
		this.data.getChannel().force(false);
	}

	/** Ends writing: the segment is complete, and free for a sender once this process lets go of it. */
	void finish() throws IOException {
		this.done = true;
		try {
			this.data.close();
		}
		finally {
			this.writerClaim.release();
		}
	}

}
