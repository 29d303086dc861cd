package io.weave.client.internal.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

/**
 * Appends records on the caller's thread: when {@link #append} returns, the record is in the
 * OS's page cache (and, with {@link FsyncPolicy#ALWAYS}, on the device). Thread-safe; the
 * critical section is one copy into the segment's memory mapping, encoding and waiting for an
 * fsync happen outside it. Never throws.
 * <p>
 * The writer holds its active segment's writer lock for as long as it writes it and releases
 * it on rotation, which tells senders the segment is complete. At rotation the old segment is
 * sealed: the fsync thread forces it, then finishes it, so that appenders do not wait for that
 * fsync behind the lock (the new segment's file is still created under it).
 * <p>
 * A record the disk refuses (full, the segment truncated or its directory deleted underneath)
 * is dropped and counted, with a write error for health until a record is written again.
 */
public final class WalWriter {

	private static final Logger logger = LoggerFactory.getLogger(WalWriter.class);

	private static final int CLAIM_ATTEMPTS = 5;

	/** What {@link #writeIfRoom} returns when the size bound has no room. */
	private static final long NO_ROOM = -1;

	/** The most a segment maps; larger configured segment sizes are capped here. */
	private static final int MAX_CAPACITY = Integer.MAX_VALUE - 1024;

	private final WalSettings settings;

	private final Path directory;

	private final SpaceQuota quota;

	private final WalCounters counters;

	private final AppendSignal signal;

	private final Ledger ledger;

	private final GroupCommit commit;

	private final Prefaulter prefaulter;

	private final long segmentBytes;

	private final ReentrantLock lock = new ReentrantLock();

	private final WarnThrottle dropWarnings = new WarnThrottle(Duration.ofMinutes(1));

	private final WarnThrottle failureWarnings = new WarnThrottle(Duration.ofMinutes(1));

	private volatile WrittenSegment active;

	private volatile long sequence;

	/** Guarded by the lock. */
	private long bytesWritten;

	private volatile boolean closed;

	/**
	 * @param ledger where new segments are registered for sending, {@code null} when this
	 * process does not send
	 */
	WalWriter(WalSettings settings, SpaceQuota quota, WalCounters counters, AppendSignal signal, Ledger ledger) {
		this.settings = settings;
		this.directory = settings.directory();
		this.quota = quota;
		this.counters = counters;
		this.signal = signal;
		this.ledger = ledger;
		// Several segments under the bound, so that sent ones can be deleted while it is near.
		this.segmentBytes = Math.min(settings.segmentBytes(), Math.max(1, settings.maxTotalBytes() / 4));
		boolean interval = settings.fsync() == FsyncPolicy.INTERVAL;
		this.commit = new GroupCommit(() -> this.active, this::finishQuietly, this::syncFailed,
				interval ? settings.fsyncEveryRecords() : 0, interval ? settings.fsyncInterval() : null);
		this.prefaulter = new Prefaulter(() -> this.active);
	}

	/** Appends a request; see {@link AppendResult} for the outcomes. */
	public AppendResult append(WireRequest request) {
		return append(request.type(), request.key(), false, request.body(), request.body().length, request.compact(),
				System.currentTimeMillis());
	}

	/**
	 * Appends a request whose body is the first {@code bodyLength} bytes of {@code body}, copied
	 * straight from there into the log.
	 * @param asciiKey whether the key is known to be printable ASCII without a quote or a
	 * backslash, as call ids are
	 * @param compact whether the body is known to be compact JSON, without a raw line break
	 * @param appendedAt the time to record as the append's, epoch milliseconds: now, or the
	 * time of the event the request records, taken just before
	 */
	public AppendResult append(RequestType type, String key, boolean asciiKey, byte[] body, int bodyLength,
			boolean compact, long appendedAt) {
		if (this.closed) {
			this.counters.failed.increment();
			return AppendResult.failed();
		}
		WalRecord.Line line;
		int length;
		try {
			line = WalRecord.line(type, key, asciiKey, body, bodyLength, compact, appendedAt);
			length = line.length();
		}
		catch (RuntimeException ex) {
			return failed("Could not encode a " + type.wireName() + " request for " + key, ex);
		}
		long written;
		try {
			written = writeIfRoom(line, length);
			if (written == NO_ROOM) {
				retireActiveSegment();
				if (!this.quota.reserve(length)) {
					return dropped();
				}
				written = writeReserved(line, length);
			}
		}
		catch (IOException ex) {
			return writeFailed(ex);
		}
		catch (RuntimeException ex) {
			return failed("Could not append to the write-ahead log in " + this.directory, ex);
		}
		if (written == 0) {
			this.counters.failed.increment();
			return AppendResult.failed();
		}
		this.counters.written();
		this.signal.appended();
		return awaitPolicy(written);
	}

	/**
	 * Writes a record if the size bound has room for it now, taking the room under the lock:
	 * the record's sequence, {@code 0} if the log is closed, {@link #NO_ROOM} if it is full.
	 */
	private long writeIfRoom(WalRecord.Line line, int length) throws IOException {
		this.lock.lock();
		try {
			if (!this.quota.tryTake(length)) {
				return NO_ROOM;
			}
			long written = write(line, length);
			if (written == 0) {
				this.quota.release(length);
			}
			return written;
		}
		catch (IOException | RuntimeException ex) {
			this.quota.release(length);
			throw ex;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Writes a record whose room was reserved before the lock; see {@link #writeIfRoom}. */
	private long writeReserved(WalRecord.Line line, int length) throws IOException {
		this.lock.lock();
		try {
			long written = write(line, length);
			if (written == 0) {
				this.quota.cancel(length);
			}
			else {
				this.quota.written(length);
			}
			return written;
		}
		catch (IOException | RuntimeException ex) {
			this.quota.cancel(length);
			throw ex;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The sequence of the last record appended, {@code 0} before the first. */
	public long lastSequence() {
		return this.sequence;
	}

	/** Every record up to this sequence has been forced to the device (or its fsync failed). */
	public long durableSequence() {
		return this.commit.durable();
	}

	/** How many fsyncs of segments this writer has done. */
	public long syncCount() {
		return this.commit.syncs();
	}

	/** Forces everything appended so far to the device, whatever the policy; {@code false} if that failed. */
	public boolean sync() {
		return this.commit.sync();
	}

	/** How many bytes of records this writer has written, ever. */
	long bytesWritten() {
		this.lock.lock();
		try {
			return this.bytesWritten;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Re-measures the directory for the size bound. Segments created after the listing are
	 * missing from it, so what this writer wrote since the listing began is added: bytes may
	 * be counted twice until the next measurement (a record in a listed segment), never missed.
	 * @param segments the directory's segments, listed after {@code writtenBefore} was read
	 * @param writtenBefore {@link #bytesWritten()} before the listing
	 */
	void recomputeQuota(List<SegmentFile> segments, long writtenBefore) {
		this.lock.lock();
		try {
			long measured = this.bytesWritten - writtenBefore;
			for (SegmentFile file : segments) {
				// the files of unfinished segments are preallocated: only their records count
				WrittenSegment segment = unfinished(file);
				measured += (segment != null) ? segment.end() : Segments.size(file.path());
			}
			this.quota.recompute(measured);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** This writer's segment of a file while it is preallocated: the active one, or one sealed and not finished yet. */
	WrittenSegment unfinished(SegmentFile file) {
		WrittenSegment segment = this.active;
		return (segment != null && segment.file().equals(file)) ? segment : this.commit.sealed(file);
	}

	WrittenSegment active() {
		return this.active;
	}

	/** Settles and closes the active segment; it stays for a sender unless it was fully sent. */
	void close() {
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			WrittenSegment segment = this.active;
			if (segment != null) {
				finish(segment);
			}
		}
		finally {
			this.lock.unlock();
		}
		this.commit.close();
		this.prefaulter.close();
	}

	private long write(WalRecord.Line line, int length) throws IOException {
		if (this.closed) {
			return 0;
		}
		WrittenSegment segment = this.active;
		if (segment == null || segment.isBroken() || !segment.fits(length)) {
			segment = rotate(segment, length);
		}
		try {
			segment.write(line);
		}
		catch (IOException ex) {
			abandon(segment);
			throw ex;
		}
		this.bytesWritten += length;
		this.sequence = segment.lastSequence();
		this.prefaulter.appended(segment);
		return this.sequence;
	}

	/**
	 * The log is full: completes the active segment so that, once sent, it can be deleted (a
	 * segment still being written never is), and tells the reader it is complete.
	 */
	private void retireActiveSegment() {
		this.lock.lock();
		try {
			WrittenSegment segment = this.active;
			if (segment == null || segment.end() == 0) {
				return;
			}
			seal(segment);
		}
		finally {
			this.lock.unlock();
		}
		this.signal.signal();
	}

	private AppendResult awaitPolicy(long written) {
		switch (this.settings.fsync()) {
			case ALWAYS:
				if (!this.commit.awaitDurable(written)) {
					this.counters.failed.increment();
					return AppendResult.failed(written);
				}
				break;
			case INTERVAL:
				this.commit.appended(written);
				break;
			default:
				break;
		}
		return AppendResult.appended(written);
	}

	private WrittenSegment rotate(WrittenSegment current, int lineLength) throws IOException {
		if (current != null) {
			seal(current);
		}
		int capacity = (int) Math.min(MAX_CAPACITY, Math.max(this.segmentBytes, lineLength));
		WrittenSegment created = create(this.sequence + 1, capacity);
		this.active = created;
		this.prefaulter.created();
		return created;
	}

	private WrittenSegment create(long firstSequence, int capacity) throws IOException {
		if (!Files.isDirectory(this.directory)) {
			// deleted while running (rm -rf): made again, so that tracing goes on
			logger.warn("The write-ahead log directory {} is gone; creating it again", this.directory);
			OwnerOnlyFiles.createPrivateDirectories(this.settings.baseDir(), this.directory);
		}
		for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
			SegmentFile file = SegmentFile.next(this.directory);
			// Lock files first: a segment file never exists without its writer's lock held.
			SegmentClaim writerClaim = SegmentClaim.create(file.lockPath());
			if (writerClaim == null) {
				continue;
			}
			SegmentClaim sendClaim = null;
			try {
				if (this.ledger != null) {
					sendClaim = SegmentClaim.create(file.sendLockPath());
					if (sendClaim == null) {
						writerClaim.releaseAndDelete();
						continue;
					}
				}
				WrittenSegment segment = open(file, writerClaim, firstSequence, capacity);
				if (this.ledger != null) {
					this.ledger.own(segment, sendClaim);
				}
				return segment;
			}
			catch (IOException | RuntimeException ex) {
				Files.deleteIfExists(file.path());
				if (sendClaim != null) {
					sendClaim.releaseAndDelete();
				}
				writerClaim.releaseAndDelete();
				throw ex;
			}
		}
		throw new IOException("Could not claim a new segment in " + this.directory);
	}

	private WrittenSegment open(SegmentFile file, SegmentClaim writerClaim, long firstSequence, int capacity)
			throws IOException {
		OwnerOnlyFiles.createFile(file.path());
		WrittenSegment segment = WrittenSegment.create(file, writerClaim, firstSequence, capacity);
		if (this.settings.fsync() != FsyncPolicy.NEVER) {
			OwnerOnlyFiles.syncDirectory(this.directory);
		}
		return segment;
	}

	/**
	 * Moves on from the active segment without an fsync under the lock: the fsync thread forces
	 * it before anything written after it, then finishes it. Without fsyncs (or after a failed
	 * one) it is finished at once.
	 */
	private void seal(WrittenSegment segment) {
		if (segment.isBroken() || this.settings.fsync() == FsyncPolicy.NEVER) {
			finish(segment);
			return;
		}
		this.commit.seal(segment);
		this.active = null;
	}

	/**
	 * Completes a segment: forces it (unless the policy says never), closes it, lets go of its
	 * writer lock. It is still the active segment, so the sync thread forces it.
	 */
	private void finish(WrittenSegment segment) {
		if (segment.isBroken()) {
			this.commit.abandon(segment);
		}
		else if (this.settings.fsync() != FsyncPolicy.NEVER) {
			this.commit.awaitDurable(segment.lastSequence());
		}
		this.active = null;
		finishQuietly(segment);
	}

	/** Gives up a segment after a failed write: cut off the partial record, keep the complete ones. */
	private void abandon(WrittenSegment segment) {
		try {
			segment.truncateToEnd();
		}
		catch (IOException ex) {
			// a reader stops at the last complete record anyway
		}
		finish(segment);
	}

	private void finishQuietly(WrittenSegment segment) {
		try {
			segment.finish();
		}
		catch (IOException ex) {
			this.counters.error("Could not close segment " + segment.file() + ": " + ex);
		}
	}

	private AppendResult dropped() {
		this.counters.dropped.increment();
		if (this.dropWarnings.tryAcquire()) {
			logger.warn("Write-ahead log in {} is full ({} of {} bytes): dropped {} requests so far", this.directory,
					this.quota.used(), this.quota.maxBytes(), this.counters.dropped.sum());
		}
		return AppendResult.dropped();
	}

	/**
	 * The disk refused a record (full, the segment truncated or its directory gone): it is
	 * dropped, and the writer moves on to a new segment with the next record, which succeeds
	 * once the disk is back.
	 */
	private AppendResult writeFailed(IOException ex) {
		this.counters.dropped.increment();
		this.counters.writeFailed("Could not write to the write-ahead log in " + this.directory + ": " + ex);
		if (this.failureWarnings.tryAcquire()) {
			logger.warn("Could not write to the write-ahead log in {}; dropped {} requests so far", this.directory,
					this.counters.dropped.sum(), ex);
		}
		return AppendResult.dropped();
	}

	private AppendResult failed(String message, Exception ex) {
		this.counters.failed.increment();
		this.counters.error(message + ": " + ex);
		if (this.failureWarnings.tryAcquire()) {
			logger.warn("{}; {} requests failed so far", message, this.counters.failed.sum(), ex);
		}
		return AppendResult.failed();
	}

	private void syncFailed(IOException ex) {
		this.counters.error("fsync failed in " + this.directory + ": " + ex);
		if (this.failureWarnings.tryAcquire()) {
			logger.warn("fsync of the write-ahead log in {} failed; moving to a new segment", this.directory, ex);
		}
	}

}
