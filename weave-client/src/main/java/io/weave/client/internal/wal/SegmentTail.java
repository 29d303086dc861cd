package io.weave.client.internal.wal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The end of a segment's data. A segment is written through a memory mapping of a file created
 * at its full size, so while it is written (and after its writer died) the file is longer than
 * its records: zeros follow them, then {@link #TRAILER}, which marks the file as preallocated.
 * Closing the segment cuts the file to its records, and so does {@link #cutIfAbandoned} once its
 * writer is dead. A record line never contains a zero byte,
 * so in a preallocated file the data ends after its last non-zero byte before the trailer;
 * zeros in a file without the trailer are damage, read like any other bytes.
 */
final class SegmentTail {

	/** Zero bytes around a name: never the end of a record line, which ends with a newline. */
	static final byte[] TRAILER = "\0weave-wal-preallocated\0".getBytes(StandardCharsets.US_ASCII);

	private static final int PAGE = 4096;

	private static final int SCAN_BLOCK = 64 * 1024;

	private SegmentTail() {
	}

	/**
	 * Where a segment's data ends: the file's size, or for a preallocated file the offset just
	 * past its last non-zero byte before the trailer. Reads the unused part backwards, once per
	 * adopted segment. {@code 0} once the file is gone.
	 */
	static long dataEnd(Path file) {
		try (RandomAccessFile data = new RandomAccessFile(file.toFile(), "r")) {
			long size = data.length();
			if (!hasTrailer(data, size)) {
				return size;
			}
			byte[] block = new byte[SCAN_BLOCK];
			long end = size - TRAILER.length;
			while (end > 0) {
				int length = (int) Math.min(block.length, end);
				data.seek(end - length);
				data.readFully(block, 0, length);
				for (int i = length - 1; i >= 0; i--) {
					if (block[i] != 0) {
						return end - length + i + 1;
					}
				}
				end -= length;
			}
			return 0;
		}
		catch (IOException ex) {
			return Segments.size(file);
		}
	}

	/**
	 * Cuts the file of a writer that died to its data, once. A killed writer leaves its file at
	 * its full capacity; sizes, which the bound on the log counts, would make a few crashes
	 * look like a full log, and blocks reserved for it would stay taken. Cutting beats measuring:
	 * every reader of the directory (this process, others, the backlog) sees the truth from the
	 * size, and the space is freed. Done under the segment's writer lock, so never to a live
	 * writer's file and by one process at a time; a sender reading the segment reads only up to
	 * the same end.
	 * @return the bytes freed
	 */
	static long cutIfAbandoned(SegmentFile segment) throws IOException {
		if (!isPreallocated(segment.path())) {
			return 0;
		}
		SegmentClaim writerClaim = SegmentClaim.tryAcquire(segment.lockPath());
		if (writerClaim == null) {
			return 0;
		}
		try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.WRITE,
				LinkOption.NOFOLLOW_LINKS)) {
			long size = channel.size();
			if (!isPreallocated(segment.path())) {
				return 0;
			}
			long end = dataEnd(segment.path());
			channel.truncate(end);
			return size - end;
		}
		catch (NoSuchFileException ex) {
			return 0;
		}
		finally {
			writerClaim.release();
		}
	}

	/**
	 * A cheap upper bound of where a segment's data ends, for backlog estimates: the file's size,
	 * or for a preallocated file the end of the first page that starts with a zero byte (found by
	 * bisection; records fill pages from their first byte, so pages start with zeros only past
	 * the data).
	 */
	static long estimateDataEnd(Path file) {
		try (RandomAccessFile data = new RandomAccessFile(file.toFile(), "r")) {
			long size = data.length();
			if (!hasTrailer(data, size)) {
				return size;
			}
			long dataArea = size - TRAILER.length;
			long low = 0;
			long high = (dataArea + PAGE - 1) / PAGE;
			while (low < high) {
				long page = (low + high) >>> 1;
				data.seek(page * PAGE);
				if (data.read() == 0) {
					high = page;
				}
				else {
					low = page + 1;
				}
			}
			return Math.min(dataArea, low * PAGE);
		}
		catch (IOException ex) {
			return Segments.size(file);
		}
	}

	private static boolean isPreallocated(Path file) {
		try (RandomAccessFile data = new RandomAccessFile(file.toFile(), "r")) {
			return hasTrailer(data, data.length());
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean hasTrailer(RandomAccessFile data, long size) throws IOException {
		if (size < TRAILER.length) {
			return false;
		}
		byte[] tail = new byte[TRAILER.length];
		data.seek(size - TRAILER.length);
		data.readFully(tail);
		return Arrays.equals(tail, TRAILER);
	}

}
