package io.weave.client.internal.wal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.weave.client.DeadLetterReplay;

/**
 * A project's write-ahead log: requests are appended to disk on the caller's thread, handed to
 * one sender in order, and leave the disk only once acknowledged. Nothing that reached the disk
 * is lost: a crash re-sends the unacknowledged tail (at least once; call ids make it
 * idempotent), segments of dead processes are adopted by exactly one live sender, damaged lines
 * are quarantined, and size and age stay bounded.
 * <pre>
 * Wal wal = Wal.open(WalSettings.of(baseDir, "entity/project"));
 * AppendResult appended = wal.writer().append(request);       // any thread, never throws
 * List&lt;WalEntry&gt; batch = wal.reader().poll(100, 1 &lt;&lt; 20, Duration.ofMillis(200)); // the sender
 * wal.ack(batch);                                              // after the server's 2xx
 * wal.awaitAcked(wal.lastAppendedSequence(), timeout);         // a flush
 * wal.close();
 * </pre>
 * See the package documentation for the files on disk.
 */
public final class Wal implements AutoCloseable {

	/** The snapshot mode of a log whose process sends. */
	public static final String MODE_SENDING = "wal";

	/** The snapshot mode of a log whose process only writes. */
	public static final String MODE_WAL_ONLY = "wal-only";

	private final WalSettings settings;

	private final Path directory;

	private final WalCounters counters = new WalCounters();

	private final AppendSignal signal = new AppendSignal();

	private final AckWatermark watermark = new AckWatermark();

	private final SpaceQuota quota;

	private final DeadLetterFile deadLetters;

	private final Ledger ledger;

	private final WalWriter writer;

	private final WalReader reader;

	private final ScheduledExecutorService maintenance;

	private volatile boolean closed;

	private Wal(WalSettings settings) throws IOException {
		this.settings = settings;
		this.directory = settings.directory();
		this.quota = new SpaceQuota(settings.maxTotalBytes(), settings.fullPolicy(), settings.blockTimeout());
		List<SegmentFile> segments = Segments.list(this.directory);
		Segments.cutAbandoned(segments);
		this.quota.recompute(Segments.totalBytes(segments));
		boolean sync = settings.fsync() != FsyncPolicy.NEVER;
		this.deadLetters = new DeadLetterFile(this.directory, settings.maxSideFileBytes(), sync);
		if (settings.sending()) {
			this.ledger = new Ledger(settings, this.quota, this.counters, this.watermark, this.deadLetters);
			this.reader = new WalReader(settings, this.ledger, this.signal, this.counters,
					new Quarantine(sideFile(Quarantine.FILE_NAME, sync)), () -> this.closed);
		}
		else {
			this.ledger = null;
			this.reader = null;
		}
		this.writer = new WalWriter(settings, this.quota, this.counters, this.signal, this.ledger);
		this.signal.track(this.writer::lastSequence);
		this.maintenance = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "weave-wal-maintenance");
			thread.setDaemon(true);
			return thread;
		});
		long interval = settings.maintenanceInterval().toMillis();
		this.maintenance.scheduleWithFixedDelay(new Maintenance(settings, this.ledger, this.writer, this.quota,
				this.counters), interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Opens (creating if needed) the log of {@code settings.projectId()} under {@code settings.baseDir()}.
	 * @throws UnsafeDirectoryException when a directory of the log could be changed by another user
	 */
	public static Wal open(WalSettings settings) throws IOException {
		OwnerOnlyFiles.createPrivateDirectories(settings.baseDir(), settings.directory());
		// one spelling of the directory for every file and lock under it, whatever the caller's
		return new Wal(settings.withBaseDir(settings.baseDir().toRealPath()));
	}

	public WalWriter writer() {
		return this.writer;
	}

	/** The reader for this process's sender. */
	public WalReader reader() {
		if (this.reader == null) {
			throw new IllegalStateException("This write-ahead log only writes (sending is off)");
		}
		return this.reader;
	}

	/** Marks a record as delivered; it and everything before it that is resolved will not be sent again. */
	public void ack(WalEntry entry) {
		if (this.ledger != null) {
			this.ledger.ack(entry);
		}
	}

	public void ack(Collection<WalEntry> entries) {
		for (WalEntry entry : entries) {
			ack(entry);
		}
	}

	/** Gives up on a record: writes it to {@code deadletter.jsonl} with the reason and resolves it. */
	public void deadLetter(WalEntry entry, String reason) {
		if (this.ledger != null) {
			this.ledger.deadLetter(entry, reason);
		}
	}

	/**
	 * Appends the dead letters to the log again, oldest first, as they were first appended, and
	 * removes them from {@code deadletter.jsonl} once they are forced to disk; a crash midway at
	 * worst sends some twice. Stops at the first letter the log has no room for: it and the rest
	 * stay. Never throws.
	 */
	public DeadLetterReplay replayDeadLetters() {
		try {
			return this.deadLetters.replay((request) -> this.writer.append(request).isAppended(), this.writer::sync);
		}
		catch (IOException | RuntimeException ex) {
			this.counters.error("Could not replay " + this.deadLetters.path() + ": " + ex);
			return new DeadLetterReplay(0, 0, "could not replay " + this.deadLetters.path() + ": " + ex);
		}
	}

	/** The sequence of the last record this process appended; a flush waits for it with {@link #awaitAcked}. */
	public long lastAppendedSequence() {
		return this.writer.lastSequence();
	}

	/** Every record this process appended up to this sequence is resolved (acknowledged, dead-lettered, …). */
	public long ackedSequence() {
		return this.watermark.value();
	}

	/**
	 * Waits until every record this process appended up to {@code sequence} is resolved. Segments
	 * adopted from other processes are not waited for. {@code false} on timeout or interrupt.
	 */
	public boolean awaitAcked(long sequence, Duration timeout) {
		try {
			return this.watermark.await(sequence, timeout.toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	public Path directory() {
		return this.directory;
	}

	public WalSettings settings() {
		return this.settings;
	}

	/** The backlog of the directory; reads the directory, so meant for health checks and metrics, not hot paths. */
	public WalSnapshot snapshot() {
		List<SegmentFile> segments;
		try {
			segments = Segments.list(this.directory);
		}
		catch (IOException ex) {
			this.counters.error("Could not list " + this.directory + ": " + ex);
			segments = List.of();
		}
		long bytes = 0;
		long pending = 0;
		Instant oldest = null;
		WrittenSegment active = this.writer.active();
		for (SegmentFile segment : segments) {
			boolean own = active != null && active.file().equals(segment);
			// the active segment's file is preallocated: only its records count
			long size = own ? active.end() : Segments.size(segment.path());
			ClaimedSegment claimed = (this.ledger != null) ? this.ledger.get(segment.name()) : null;
			long from;
			long segmentPending;
			if (claimed != null) {
				from = claimed.lowWater();
				segmentPending = claimed.pending();
			}
			else if (own) {
				from = 0;
				segmentPending = active.records();
			}
			else {
				from = Checkpoint.read(segment);
				segmentPending = Segments.estimateLines(segment.path(), from, SegmentTail.estimateDataEnd(segment.path()));
			}
			bytes += size;
			pending += segmentPending;
			if (segmentPending > 0) {
				Instant appendedAt = appendedAt(segment, from);
				oldest = (oldest == null || appendedAt.isBefore(oldest)) ? appendedAt : oldest;
			}
		}
		Duration oldestAge = (oldest != null) ? maxZero(Duration.between(oldest, Instant.now())) : null;
		WalCounters c = this.counters;
		return new WalSnapshot((this.ledger != null) ? MODE_SENDING : MODE_WAL_ONLY, this.directory, segments.size(),
				bytes, this.writer.lastSequence(), pending, oldestAge, c.acked.sum(), c.deadLettered.sum(),
				c.deadLettersRefused.sum(), c.corrupt.sum(), c.torn.sum(), c.dropped.sum(), c.failed.sum(),
				c.expired.sum(), c.lastError(), c.lastErrorAt(), null, null);
	}

	/**
	 * Settles and closes the active segment, persists checkpoints and lets go of every lock.
	 * Segments with unresolved records stay for the next start (or another process). Stop the
	 * sender first.
	 */
	@Override
	public void close() {
		synchronized (this.maintenance) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.maintenance.shutdownNow();
		try {
			this.maintenance.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.writer.close();
		this.quota.close();
		this.signal.signal();
		if (this.reader != null) {
			synchronized (this.reader) {
				// a poll in progress has returned
				this.ledger.close();
			}
		}
	}

	private RollingFile sideFile(String name, boolean sync) {
		return new RollingFile(this.directory.resolve(name), this.settings.maxSideFileBytes(), sync);
	}

	private static Instant appendedAt(SegmentFile segment, long offset) {
		byte[] head = new byte[64];
		try (RandomAccessFile data = new RandomAccessFile(segment.path().toFile(), "r")) {
			data.seek(offset);
			int read = data.read(head);
			long millis = WalRecord.appendedAt(head, Math.max(0, read));
			if (millis >= 0) {
				return Instant.ofEpochMilli(millis);
			}
		}
		catch (IOException ex) {
			// fall back on the segment's creation time
		}
		return segment.createdAt();
	}

	private static Duration maxZero(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

}
