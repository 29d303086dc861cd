package io.weave.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories for logs written by a measurement, removed afterwards. */
public final class TempDirectories {

	private TempDirectories() {
	}

	/** A new directory under {@code java.io.tmpdir} (or {@code -Dweave.bench.dir}). */
	public static Path create(String prefix) {
		try {
			String base = System.getProperty("weave.bench.dir");
			return (base != null) ? Files.createTempDirectory(Files.createDirectories(Path.of(base)), prefix)
					: Files.createTempDirectory(prefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Deletes a directory and everything in it; quietly does nothing if it is gone. */
	public static void delete(Path directory) {
		if (directory == null || !Files.exists(directory)) {
			return;
		}
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The bytes of the files under a directory. */
	public static long size(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
