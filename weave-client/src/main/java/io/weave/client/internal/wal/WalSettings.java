package io.weave.client.internal.wal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a {@link Wal} stores, bounds and syncs its records. Start from
 * {@link #of(Path, String)} and adjust with the {@code with…} methods.
 *
 * @param baseDir the directory holding one sub-directory per entity and project
 * @param projectId the project, {@code "<entity>/<project>"}
 * @param sending whether this process sends what it logs; without it the log is written
 * ("wal-only") and left for another process or a later start to send
 * @param segmentBytes the size at which a segment is rotated (at most a quarter of
 * {@code maxTotalBytes} is used, so that sent segments can be deleted while the log is near its
 * bound)
 * @param fsync when appends are forced to the device
 * @param fsyncEveryRecords with {@link FsyncPolicy#INTERVAL}, fsync after this many records
 * @param fsyncInterval with {@link FsyncPolicy#INTERVAL}, fsync at least this often
 * @param maxTotalBytes the bound on all segments of the project directory
 * @param maxAge records older than this are discarded (counted as expired) instead of sent;
 * {@code null} keeps them forever
 * @param fullPolicy what an append does when the log is full
 * @param blockTimeout with {@link FullPolicy#BLOCK}, how long an append waits for space
 * @param checkpointEveryAcks persist a segment's checkpoint after this many acknowledgements
 * @param checkpointInterval persist pending checkpoints at least this often
 * @param maintenanceInterval how often segments of dead writers are looked for, checkpoints,
 * size and age bounds enforced
 * @param maxSideFileBytes the bound on each of {@code deadletter.jsonl}, which refuses (and
 * counts) letters beyond it, and {@code quarantine.wal}, which keeps one previous generation
 * ({@code .1})
 */
public record WalSettings(Path baseDir, String projectId, boolean sending, long segmentBytes, FsyncPolicy fsync,
		int fsyncEveryRecords, Duration fsyncInterval, long maxTotalBytes, Duration maxAge, FullPolicy fullPolicy,
		Duration blockTimeout, int checkpointEveryAcks, Duration checkpointInterval, Duration maintenanceInterval,
		long maxSideFileBytes) {

	private static final Pattern PROJECT_ID = Pattern.compile("[^/\\\\]+/[^/\\\\]+");

	private static final long MIB = 1024 * 1024;

	public WalSettings {
		Objects.requireNonNull(baseDir, "baseDir");
		Objects.requireNonNull(projectId, "projectId");
		if (!PROJECT_ID.matcher(projectId).matches() || projectId.startsWith("./") || projectId.startsWith("../")
				|| projectId.endsWith("/.") || projectId.endsWith("/..")) {
			throw new IllegalArgumentException("projectId must be '<entity>/<project>', got '" + projectId + "'");
		}
		Objects.requireNonNull(fsync, "fsync");
		Objects.requireNonNull(fullPolicy, "fullPolicy");
		requirePositive(segmentBytes, "segmentBytes");
		requirePositive(fsyncEveryRecords, "fsyncEveryRecords");
		requirePositive(maxTotalBytes, "maxTotalBytes");
		requirePositive(checkpointEveryAcks, "checkpointEveryAcks");
		requirePositive(maxSideFileBytes, "maxSideFileBytes");
		requirePositive(fsyncInterval, "fsyncInterval");
		requirePositive(checkpointInterval, "checkpointInterval");
		requirePositive(maintenanceInterval, "maintenanceInterval");
		Objects.requireNonNull(blockTimeout, "blockTimeout");
		if (maxAge != null) {
			requirePositive(maxAge, "maxAge");
		}
	}

	/** The defaults: 64 MiB segments, fsync every 64 records or 500 ms, 1 GiB, drop newest when full. */
	public static WalSettings of(Path baseDir, String projectId) {
		return new WalSettings(baseDir, projectId, true, 64 * MIB, FsyncPolicy.INTERVAL, 64, Duration.ofMillis(500),
				1024 * MIB, null, FullPolicy.DROP_NEWEST, Duration.ofSeconds(1), 1024, Duration.ofSeconds(1),
				Duration.ofSeconds(1), 64 * MIB);
	}

	/** The project's directory, {@code <baseDir>/<entity>/<project>}. */
	public Path directory() {
		int slash = this.projectId.indexOf('/');
		return this.baseDir.resolve(this.projectId.substring(0, slash)).resolve(this.projectId.substring(slash + 1));
	}

	public WalSettings withBaseDir(Path baseDir) {
		return new WalSettings(baseDir, this.projectId, this.sending, this.segmentBytes, this.fsync,
				this.fsyncEveryRecords, this.fsyncInterval, this.maxTotalBytes, this.maxAge, this.fullPolicy,
				this.blockTimeout, this.checkpointEveryAcks, this.checkpointInterval, this.maintenanceInterval,
				this.maxSideFileBytes);
	}

	public WalSettings withSending(boolean sending) {
		return new WalSettings(this.baseDir, this.projectId, sending, this.segmentBytes, this.fsync,
				this.fsyncEveryRecords, this.fsyncInterval, this.maxTotalBytes, this.maxAge, this.fullPolicy,
				this.blockTimeout, this.checkpointEveryAcks, this.checkpointInterval, this.maintenanceInterval,
				this.maxSideFileBytes);
	}

	public WalSettings withSegmentBytes(long segmentBytes) {
		return new WalSettings(this.baseDir, this.projectId, this.sending, segmentBytes, this.fsync,
				this.fsyncEveryRecords, this.fsyncInterval, this.maxTotalBytes, this.maxAge, this.fullPolicy,
				this.blockTimeout, this.checkpointEveryAcks, this.checkpointInterval, this.maintenanceInterval,
				this.maxSideFileBytes);
	}

	public WalSettings withFsync(FsyncPolicy fsync) {
		return new WalSettings(this.baseDir, this.projectId, this.sending, this.segmentBytes, fsync,
				this.fsyncEveryRecords, this.fsyncInterval, this.maxTotalBytes, this.maxAge, this.fullPolicy,
				this.blockTimeout, this.checkpointEveryAcks, this.checkpointInterval, this.maintenanceInterval,
				this.maxSideFileBytes);
	}

	public WalSettings withFsyncEvery(int records, Duration interval) {
		return new WalSettings(this.baseDir, this.projectId, this.sending, this.segmentBytes, this.fsync, records,
				interval, this.maxTotalBytes, this.maxAge, this.fullPolicy, this.blockTimeout,
				this.checkpointEveryAcks, this.checkpointInterval, this.maintenanceInterval, this.maxSideFileBytes);
	}

	public WalSettings withMaxTotalBytes(long maxTotalBytes) {
		return new WalSettings(this.baseDir, this.projectId, this.sending, this.segmentBytes, this.fsync,
				this.fsyncEveryRecords, this.fsyncInterval, maxTotalBytes, this.maxAge, this.fullPolicy,
				this.blockTimeout, this.checkpointEveryAcks, this.checkpointInterval, this.maintenanceInterval,
				this.maxSideFileBytes);
	}

	public WalSettings withMaxAge(Duration maxAge) {
		return new WalSettings(this.baseDir, this.projectId, this.sending, this.segmentBytes, this.fsync,
				this.fsyncEveryRecords, this.fsyncInterval, this.maxTotalBytes, maxAge, this.fullPolicy,
				this.blockTimeout, this.checkpointEveryAcks, this.checkpointInterval, this.maintenanceInterval,
				this.maxSideFileBytes);
	}

	public WalSettings withFullPolicy(FullPolicy fullPolicy, Duration blockTimeout) {
		return new WalSettings(this.baseDir, this.projectId, this.sending, this.segmentBytes, this.fsync,
				this.fsyncEveryRecords, this.fsyncInterval, this.maxTotalBytes, this.maxAge, fullPolicy, blockTimeout,
				this.checkpointEveryAcks, this.checkpointInterval, this.maintenanceInterval, this.maxSideFileBytes);
	}

	public WalSettings withCheckpointEvery(int acks, Duration interval) {
		return new WalSettings(this.baseDir, this.projectId, this.sending, this.segmentBytes, this.fsync,
				this.fsyncEveryRecords, this.fsyncInterval, this.maxTotalBytes, this.maxAge, this.fullPolicy,
				this.blockTimeout, acks, interval, this.maintenanceInterval, this.maxSideFileBytes);
	}

	public WalSettings withMaintenanceInterval(Duration maintenanceInterval) {
		return new WalSettings(this.baseDir, this.projectId, this.sending, this.segmentBytes, this.fsync,
				this.fsyncEveryRecords, this.fsyncInterval, this.maxTotalBytes, this.maxAge, this.fullPolicy,
				this.blockTimeout, this.checkpointEveryAcks, this.checkpointInterval, maintenanceInterval,
				this.maxSideFileBytes);
	}

	public WalSettings withMaxSideFileBytes(long maxSideFileBytes) {
		return new WalSettings(this.baseDir, this.projectId, this.sending, this.segmentBytes, this.fsync,
				this.fsyncEveryRecords, this.fsyncInterval, this.maxTotalBytes, this.maxAge, this.fullPolicy,
				this.blockTimeout, this.checkpointEveryAcks, this.checkpointInterval, this.maintenanceInterval,
				maxSideFileBytes);
	}

	private static void requirePositive(long value, String name) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive, got " + value);
		}
	}

	private static void requirePositive(Duration value, String name) {
		Objects.requireNonNull(value, name);
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, got " + value);
		}
	}

}
