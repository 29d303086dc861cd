package io.weave.client.internal.wal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands records to the sender in order, oldest segment first: this process's own segments (the
 * active one tailed as it grows) and those it adopts from dead writers, looked for at start and
 * every maintenance interval. Lines that fail their checksum or do not parse are quarantined
 * and skipped; records older than the maximum age are skipped as expired.
 * <p>
 * One consumer: {@link #poll} is meant for the sender's thread.
 */
public final class WalReader {

	private static final Logger logger = LoggerFactory.getLogger(WalReader.class);

	private final WalSettings settings;

	private final Ledger ledger;

	private final AppendSignal signal;

	private final WalCounters counters;

	private final Quarantine quarantine;

	private final BooleanSupplier closed;

	private final WarnThrottle corruptionWarnings = new WarnThrottle(Duration.ofMinutes(1));

	private final WarnThrottle readWarnings = new WarnThrottle(Duration.ofMinutes(1));

	private long nextAdoption = System.nanoTime();

	private volatile boolean wakeRequested;

	WalReader(WalSettings settings, Ledger ledger, AppendSignal signal, WalCounters counters, Quarantine quarantine,
			BooleanSupplier closed) {
		this.settings = settings;
		this.ledger = ledger;
		this.signal = signal;
		this.counters = counters;
		this.quarantine = quarantine;
		this.closed = closed;
	}

	/** Makes a waiting {@link #poll}, or else the next one, return at once with what it has. */
	public void wakeUp() {
		this.wakeRequested = true;
		this.signal.signal();
	}

	/**
	 * The next records in order, at most {@code maxRecords} and about {@code maxBytes} (at least
	 * one record, however large), waiting up to {@code wait} for the first. Empty on timeout or
	 * once the log is closed. Each record must eventually be {@link Wal#ack acknowledged} or
	 * {@link Wal#deadLetter dead-lettered}, or it is sent again after a restart.
	 */
	public synchronized List<WalEntry> poll(int maxRecords, long maxBytes, Duration wait) {
		if (maxRecords < 1 || maxBytes < 1) {
			throw new IllegalArgumentException("maxRecords and maxBytes must be positive");
		}
		long deadline = System.nanoTime() + wait.toNanos();
		while (!this.closed.getAsBoolean()) {
			adoptIfDue();
			long seen = this.signal.version();
			Batch batch = new Batch(maxRecords, maxBytes);
			collect(batch);
			long now = System.nanoTime();
			if (!batch.entries.isEmpty() || deadline - now <= 0 || this.wakeRequested) {
				this.wakeRequested = false;
				return batch.entries;
			}
			try {
				this.signal.await(seen, Math.min(deadline - now, Math.max(0, this.nextAdoption - now)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return batch.entries;
			}
		}
		return List.of();
	}

	private void adoptIfDue() {
		long now = System.nanoTime();
		if (now - this.nextAdoption < 0) {
			return;
		}
		this.nextAdoption = now + this.settings.maintenanceInterval().toNanos();
		List<SegmentFile> files;
		try {
			files = Segments.list(this.settings.directory());
		}
		catch (IOException ex) {
			readFailed("Could not look for segments to adopt in " + this.settings.directory(), ex);
			return;
		}
		for (SegmentFile file : files) {
			try {
				this.ledger.adopt(file);
			}
			catch (IOException ex) {
				readFailed("Could not adopt segment " + file.path(), ex);
			}
		}
	}

	private void collect(Batch batch) {
		boolean ownStreamWaits = false;
		for (ClaimedSegment segment : this.ledger.segments()) {
			if (batch.isFull()) {
				return;
			}
			boolean own = segment.written() != null;
			if (own && ownStreamWaits) {
				continue;
			}
			try {
				boolean finished = read(segment, batch);
				// This process's records go out in the order they were appended, across rotations.
				ownStreamWaits |= own && !finished;
			}
			catch (IOException ex) {
				readFailed("Could not read segment " + segment.file().path(), ex);
				if (!own) {
					this.ledger.forget(segment);
				}
				ownStreamWaits |= own;
			}
		}
	}

	/** Reads a segment into the batch; {@code true} once it is read to its final end. */
	private boolean read(ClaimedSegment segment, Batch batch) throws IOException {
		if (segment.isGone()) {
			return true;
		}
		WrittenSegment written = segment.written();
		boolean live = written != null && !written.isDone();
		long limit = segment.limit();
		SegmentCursor cursor = segment.cursor();
		while (!batch.isFull()) {
			SegmentCursor.Line line = cursor.next(limit);
			if (line == null) {
				if (live) {
					return false;
				}
				readTail(segment, cursor, limit);
				return true;
			}
			if (!batch.fits(line)) {
				cursor.rewind(line);
				return false;
			}
			accept(segment, line, !live && line.end() == limit, batch);
		}
		return false;
	}

	private void accept(ClaimedSegment segment, SegmentCursor.Line line, boolean last, Batch batch) {
		long sequence = segment.nextLine();
		WalRecord record = WalRecord.decode(line.buffer(), line.offset(), line.length());
		if (record == null) {
			// A bad last line of a finished segment is a write cut short; anywhere else, damage.
			quarantine(segment, line, last ? "torn" : "corrupt", sequence);
		}
		else if (isExpired(record)) {
			this.counters.expired.increment();
			this.ledger.skip(segment, line.start(), line.end(), sequence);
		}
		else {
			batch.add(new WalEntry(record.request(), segment.name(), line.start(), line.end(), sequence,
					Instant.ofEpochMilli(record.appendedAt())), line.rawLength());
		}
	}

	/** Skips a partial last line of a segment whose writer is gone, then marks the segment read. */
	private void readTail(ClaimedSegment segment, SegmentCursor cursor, long limit) throws IOException {
		SegmentCursor.Line rest = cursor.rest(limit);
		if (rest != null) {
			quarantine(segment, rest, "torn", segment.nextLine());
		}
		if (cursor.position() >= limit) {
			this.ledger.scanned(segment, limit);
		}
		else if (segment.written() != null) {
			// the file ends before its writer's end: truncated underneath, the rest is gone
			this.ledger.lost(segment, cursor.position());
		}
	}

	private void quarantine(ClaimedSegment segment, SegmentCursor.Line line, String kind, long sequence) {
		try {
			this.quarantine.add(kind, segment.name(), line);
		}
		catch (IOException ex) {
			// Not resolved: the segment stays until its bytes are safe somewhere.
			readFailed("Could not quarantine " + kind + " bytes of " + segment.file().path(), ex);
			return;
		}
		(kind.equals("torn") ? this.counters.torn : this.counters.corrupt).increment();
		if (this.corruptionWarnings.tryAcquire()) {
			logger.warn("Skipped a {} record at {}:{}-{}; its bytes are in {} ({} corrupt, {} torn so far)", kind,
					segment.file().path(), line.start(), line.end(), Quarantine.FILE_NAME, this.counters.corrupt.sum(),
					this.counters.torn.sum());
		}
		this.ledger.skip(segment, line.start(), line.end(), sequence);
	}

	private boolean isExpired(WalRecord record) {
		Duration maxAge = this.settings.maxAge();
		return maxAge != null && record.appendedAt() > 0
				&& System.currentTimeMillis() - record.appendedAt() > maxAge.toMillis();
	}

	private void readFailed(String message, IOException ex) {
		this.counters.error(message + ": " + ex);
		if (this.readWarnings.tryAcquire()) {
			logger.warn(message, ex);
		}
	}

	/** Records gathered for one poll, bounded by count and by encoded size. */
	private static final class Batch {

		private final int maxRecords;

		private final long maxBytes;

		private final List<WalEntry> entries = new ArrayList<>();

		private long bytes;

		Batch(int maxRecords, long maxBytes) {
			this.maxRecords = maxRecords;
			this.maxBytes = maxBytes;
		}

		boolean isFull() {
			return this.entries.size() >= this.maxRecords || this.bytes >= this.maxBytes;
		}

		boolean fits(SegmentCursor.Line line) {
			return this.entries.isEmpty() || this.bytes + line.rawLength() <= this.maxBytes;
		}

		void add(WalEntry entry, int encodedBytes) {
			this.entries.add(entry);
			this.bytes += encodedBytes;
		}

	}

}
