package io.weave.client.internal.wal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

/**
 * A segment's checkpoint: the byte offset below which every record is resolved (acknowledged,
 * dead-lettered, expired or quarantined). Written only after acknowledgements, atomically
 * (temporary file, fsync, rename, directory fsync), so a crash leaves the old or the new offset,
 * never a torn one. Losing the latest one merely re-sends a tail: delivery is at least once.
 */
final class Checkpoint {

	private Checkpoint() {
	}

	/**
	 * The segment's checkpoint, or {@code 0} when it has none or it does not point just past a
	 * line of the segment (then everything is sent again rather than something skipped).
	 */
	static long read(SegmentFile segment) {
		try {
			long offset = Long.parseLong(Files.readString(segment.checkpointPath(), StandardCharsets.US_ASCII).trim());
			return (offset > 0 && endsLine(segment, offset)) ? offset : 0;
		}
		catch (IOException | NumberFormatException ex) {
			return 0;
		}
	}

	static void write(SegmentFile segment, long offset) throws IOException {
		Files.deleteIfExists(segment.checkpointTempPath());
		OwnerOnlyFiles.createFile(segment.checkpointTempPath());
		try (FileOutputStream out = new FileOutputStream(segment.checkpointTempPath().toFile())) {
			out.write((offset + "\n").getBytes(StandardCharsets.US_ASCII));
			out.getFD().sync();
		}
		Files.move(segment.checkpointTempPath(), segment.checkpointPath(), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		OwnerOnlyFiles.syncDirectory(segment.directory());
	}

	private static boolean endsLine(SegmentFile segment, long offset) throws IOException {
		try (RandomAccessFile data = new RandomAccessFile(segment.path().toFile(), "r")) {
			if (offset > data.length()) {
				return false;
			}
			data.seek(offset - 1);
			return data.read() == '\n';
		}
	}

}
