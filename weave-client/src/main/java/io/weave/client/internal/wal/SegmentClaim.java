package io.weave.client.internal.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An exclusive OS lock on a lock file ({@code <segment>.lock} for its writer,
 * {@code <segment>.send.lock} for its sender), held for as long as the claim lasts. The file
 * holds the claimant's PID for people; the OS lock is what counts, and it vanishes with its
 * process, so a killed process's segments become free.
 * <p>
 * POSIX record locks belong to the process, and closing <em>any</em> descriptor of a file
 * drops all of the process's locks on it. So this JVM opens each lock file through one channel
 * at a time: a registry of the files it holds (or is probing), keyed by their real paths,
 * answers "taken" without opening them again.
 */
final class SegmentClaim {

	private static final ConcurrentMap<Path, Boolean> HELD_HERE = new ConcurrentHashMap<>();

	private final Path file;

	private final FileChannel channel;

	private final FileLock lock;

	private SegmentClaim(Path file, FileChannel channel, FileLock lock) {
		this.file = file;
		this.channel = channel;
		this.lock = lock;
	}

	/** Creates a new lock file and locks it; {@code null} when the file exists or is locked. */
	static SegmentClaim create(Path file) throws IOException {
		try {
			return acquire(file, Mode.CREATE_NEW, true);
		}
		catch (FileAlreadyExistsException ex) {
			return null;
		}
	}

	/** Locks a lock file, creating it if needed; {@code null} when someone holds it. */
	static SegmentClaim tryAcquire(Path file) throws IOException {
		return acquire(file, Mode.CREATE, true);
	}

	/** Whether a live process (this one included) holds the lock; a missing file is not held. */
	static boolean isHeld(Path file) throws IOException {
		SegmentClaim probe;
		try {
			probe = acquire(file, Mode.EXISTING, false);
		}
		catch (NoSuchFileException ex) {
			return false;
		}
		if (probe == null) {
			return true;
		}
		probe.release();
		return false;
	}

	/** Deletes a lock file unless someone holds it. */
	static void deleteIfUnclaimed(Path file) throws IOException {
		try {
			SegmentClaim claim = acquire(file, Mode.EXISTING, false);
			if (claim != null) {
				claim.releaseAndDelete();
			}
		}
		catch (NoSuchFileException ex) {
			// already gone
		}
	}

	Path file() {
		return this.file;
	}

	void release() throws IOException {
		boolean interrupted = Thread.interrupted();
		try {
			this.lock.release();
		}
		finally {
			try {
				this.channel.close();
			}
			finally {
				HELD_HERE.remove(this.file);
				restoreInterrupt(interrupted);
			}
		}
	}

	/** Deletes the lock file while still holding it (so nobody can claim it half-deleted), then releases it. */
	void releaseAndDelete() throws IOException {
		try {
			Files.deleteIfExists(this.file);
		}
		finally {
			release();
		}
	}

	private static SegmentClaim acquire(Path file, Mode mode, boolean writePid) throws IOException {
		Path key = keyOf(file);
		if (HELD_HERE.putIfAbsent(key, Boolean.TRUE) != null) {
			return null;
		}
		// An interrupted thread would have the channel closed under it, dropping the lock.
		boolean interrupted = Thread.interrupted();
		FileChannel channel = null;
		try {
			channel = OwnerOnlyFiles.openLockFile(key, mode == Mode.CREATE, mode == Mode.CREATE_NEW);
			FileLock lock = tryLock(channel);
			if (lock == null) {
				channel.close();
				HELD_HERE.remove(key);
				return null;
			}
			if (writePid) {
				writePid(channel);
			}
			return new SegmentClaim(key, channel, lock);
		}
		catch (IOException | RuntimeException ex) {
			if (channel != null) {
				closeQuietly(channel);
			}
			HELD_HERE.remove(key);
			throw ex;
		}
		finally {
			restoreInterrupt(interrupted);
		}
	}

	/**
	 * One key per file however its path is spelt (through a link, with {@code ..}, relative):
	 * a second spelling would open a second descriptor, and closing it drops the lock.
	 */
	private static Path keyOf(Path file) {
		Path absolute = file.toAbsolutePath();
		try {
			return absolute.getParent().toRealPath().resolve(absolute.getFileName());
		}
		catch (IOException ex) {
			return absolute.normalize();
		}
	}

	private static FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			return null;
		}
	}

	private static void writePid(FileChannel channel) throws IOException {
		channel.truncate(0);
		channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// nothing more to release
		}
	}

	private static void restoreInterrupt(boolean interrupted) {
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private enum Mode {

		CREATE_NEW, CREATE, EXISTING

	}

}
