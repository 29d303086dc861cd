package io.weave.client.internal.wal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Listing, measuring and clearing up the segments of a project directory. */
final class Segments {

	private static final int SAMPLE_BYTES = 64 * 1024;

	private static final String[] COMPANIONS = { ".send.lock", ".lock", ".ckpt.tmp", ".ckpt" };

	private Segments() {
	}

	/** The directory's segments, oldest first. */
	static List<SegmentFile> list(Path directory) throws IOException {
		List<SegmentFile> segments = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SegmentFile.EXTENSION)) {
			for (Path file : files) {
				SegmentFile segment = SegmentFile.of(file);
				if (segment != null) {
					segments.add(segment);
				}
			}
		}
		Collections.sort(segments);
		return segments;
	}

	/** A file's size, {@code 0} once it is gone. */
	static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	static long totalBytes(List<SegmentFile> segments) {
		long total = 0;
		for (SegmentFile segment : segments) {
			total += size(segment.path());
		}
		return total;
	}

	/**
	 * Cuts the segments of dead writers to their data (see {@link SegmentTail#cutIfAbandoned}).
	 * One that cannot be cut is only counted at its full size.
	 */
	static void cutAbandoned(List<SegmentFile> segments) {
		for (SegmentFile segment : segments) {
			try {
				SegmentTail.cutIfAbandoned(segment);
			}
			catch (IOException ex) {
				// counted at its full size until a later pass succeeds
			}
		}
	}

	/** Counts the complete lines of a segment from an offset on. */
	static long countLines(Path file, long from) throws IOException {
		long lines = 0;
		byte[] buffer = new byte[64 * 1024];
		try (RandomAccessFile data = new RandomAccessFile(file.toFile(), "r")) {
			data.seek(from);
			for (int read = data.read(buffer); read > 0; read = data.read(buffer)) {
				for (int i = 0; i < read; i++) {
					if (buffer[i] == '\n') {
						lines++;
					}
				}
			}
		}
		catch (NoSuchFileException ex) {
			return 0;
		}
		return lines;
	}

	/**
	 * Estimates the records in {@code [from, size)} of a segment from a sample of its first
	 * 64 KiB there: exact for what fits in the sample, extrapolated from its mean record size
	 * beyond. Bounded cost, for backlog views.
	 */
	static long estimateLines(Path file, long from, long size) {
		long remaining = size - from;
		if (remaining <= 0) {
			return 0;
		}
		byte[] sample = new byte[(int) Math.min(SAMPLE_BYTES, remaining)];
		int read;
		try (RandomAccessFile data = new RandomAccessFile(file.toFile(), "r")) {
			data.seek(from);
			read = data.read(sample);
		}
		catch (IOException ex) {
			return 0;
		}
		long lines = 0;
		int lastNewline = -1;
		for (int i = 0; i < read; i++) {
			if (sample[i] == '\n') {
				lines++;
				lastNewline = i;
			}
		}
		if (read >= remaining) {
			return lines;
		}
		if (lines == 0) {
			return 1;
		}
		return (remaining * lines + lastNewline) / (lastNewline + 1);
	}

	/**
	 * Deletes lock and checkpoint files whose segment is gone, left by a process that died while
	 * deleting a segment. A grace period spares a writer that has created a segment's lock file
	 * but not yet the segment.
	 */
	static void deleteOrphans(Path directory, Duration grace) throws IOException {
		Instant cutoff = Instant.now().minus(grace);
		List<Path> orphans = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
			for (Path file : files) {
				String stem = stemOf(file.getFileName().toString());
				if (stem != null && !Files.exists(directory.resolve(stem + SegmentFile.EXTENSION))) {
					orphans.add(file);
				}
			}
		}
		for (Path orphan : orphans) {
			try {
				if (Files.getLastModifiedTime(orphan).toInstant().isBefore(cutoff)) {
					if (orphan.getFileName().toString().endsWith(".lock")) {
						SegmentClaim.deleteIfUnclaimed(orphan);
					}
					else {
						Files.deleteIfExists(orphan);
					}
				}
			}
			catch (NoSuchFileException ex) {
				// deleted concurrently
			}
		}
	}

	private static String stemOf(String fileName) {
		for (String suffix : COMPANIONS) {
			if (fileName.endsWith(suffix)) {
				String stem = fileName.substring(0, fileName.length() - suffix.length());
				return SegmentFile.STEM.matcher(stem).matches() ? stem : null;
			}
		}
		return null;
	}

}
