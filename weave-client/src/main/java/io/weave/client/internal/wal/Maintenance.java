package io.weave.client.internal.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic chores: persist checkpoints that waited too long, cut the files of dead writers
 * to their data and re-measure the directory for the size bound (other processes write to it
 * too), delete segments older than the maximum age
 * that nobody sends, and clear up lock and checkpoint files left by interrupted deletions.
 */
final class Maintenance implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(Maintenance.class);

	private static final Duration ORPHAN_GRACE = Duration.ofMinutes(1);

	private final WalSettings settings;

	private final Ledger ledger;

	private final WalWriter writer;

	private final SpaceQuota quota;

	private final WalCounters counters;

	private final WarnThrottle warnings = new WarnThrottle(Duration.ofMinutes(1));

	Maintenance(WalSettings settings, Ledger ledger, WalWriter writer, SpaceQuota quota, WalCounters counters) {
		this.settings = settings;
		this.ledger = ledger;
		this.writer = writer;
		this.quota = quota;
		this.counters = counters;
	}

	@Override
	public void run() {
		try {
			if (this.ledger != null) {
				this.ledger.persistCheckpoints();
			}
			long writtenBefore = this.writer.bytesWritten();
			List<SegmentFile> segments = Segments.list(this.settings.directory());
			Segments.cutAbandoned(segments);
			this.writer.recomputeQuota(segments, writtenBefore);
			if (this.settings.maxAge() != null) {
				expire(segments);
			}
			Segments.deleteOrphans(this.settings.directory(), ORPHAN_GRACE);
		}
		catch (IOException | RuntimeException ex) {
			this.counters.error("Write-ahead log maintenance failed: " + ex);
			if (this.warnings.tryAcquire()) {
				logger.warn("Write-ahead log maintenance in {} failed", this.settings.directory(), ex);
			}
		}
	}

	private void expire(List<SegmentFile> segments) throws IOException {
		Instant cutoff = Instant.now().minus(this.settings.maxAge());
		WrittenSegment active = this.writer.active();
		for (SegmentFile segment : segments) {
			boolean ours = (this.ledger != null && this.ledger.get(segment.name()) != null)
					|| (active != null && active.file().equals(segment));
			if (!ours && isOlder(segment, cutoff)) {
				expire(segment);
			}
		}
	}

	/** Deletes a segment of a dead writer that no sender has, counting its unresolved records as expired. */
	private void expire(SegmentFile segment) throws IOException {
		SegmentClaim sendClaim = SegmentClaim.tryAcquire(segment.sendLockPath());
		if (sendClaim == null) {
			return;
		}
		boolean deleted = false;
		try {
			if (!Files.exists(segment.path()) || SegmentClaim.isHeld(segment.lockPath())) {
				return;
			}
			long records = Segments.countLines(segment.path(), Checkpoint.read(segment));
			long size = Segments.size(segment.path());
			Files.delete(segment.path());
			deleted = true;
			Files.deleteIfExists(segment.checkpointPath());
			Files.deleteIfExists(segment.checkpointTempPath());
			SegmentClaim.deleteIfUnclaimed(segment.lockPath());
			this.counters.expired.add(records);
			this.quota.release(size);
			logger.warn("Deleted segment {} unsent: its {} records are older than {}", segment.path(), records,
					this.settings.maxAge());
		}
		finally {
			if (deleted) {
				sendClaim.releaseAndDelete();
			}
			else {
				sendClaim.release();
			}
		}
	}

	private static boolean isOlder(SegmentFile segment, Instant cutoff) throws IOException {
		try {
			return Files.getLastModifiedTime(segment.path()).toInstant().isBefore(cutoff);
		}
		catch (NoSuchFileException ex) {
			return false;
		}
	}

}
