package io.weave.client.internal.wal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A side file that records are appended to (dead letters, quarantined bytes), bounded in size:
 * when full it becomes {@code <name>.1}, replacing the previous one. Each append opens, writes
 * and closes the file with O_APPEND, so processes sharing the directory interleave whole
 * entries and never hold a stale descriptor; these files are written rarely.
 */
final class RollingFile {

	private final Path path;

	private final long maxBytes;

	private final boolean sync;

	RollingFile(Path path, long maxBytes, boolean sync) {
		this.path = path;
		this.maxBytes = maxBytes;
		this.sync = sync;
	}

	Path path() {
		return this.path;
	}

	synchronized void append(byte[] entry) throws IOException {
		long size = currentSize();
		if (size > 0 && size + entry.length > this.maxBytes) {
			Files.move(this.path, this.path.resolveSibling(this.path.getFileName() + ".1"),
					StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		try (FileOutputStream out = OwnerOnlyFiles.openAppend(this.path)) {
			out.write(entry);
			if (this.sync) {
				out.getFD().sync();
			}
		}
	}

	private long currentSize() throws IOException {
		try {
			return Files.size(this.path);
		}
		catch (NoSuchFileException ex) {
			return 0;
		}
	}

}
