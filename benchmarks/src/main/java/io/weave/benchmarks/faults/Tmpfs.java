package io.weave.benchmarks.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a directory, for a file system that really fills up: writes fail with
 * {@code ENOSPC} and pages of a mapped file beyond the space raise {@code SIGBUS}. Mounting needs
 * root (or {@code CAP_SYS_ADMIN}); {@link #mount} says why when it is not possible.
 */
final class Tmpfs implements AutoCloseable {

	private final Path directory;

	private Tmpfs(Path directory) {
		this.directory = directory;
	}

	/**
	 * Mounts a tmpfs of {@code size} (as {@code mount -o size=} takes it, e.g. {@code 4m}) on an
	 * existing empty directory.
	 * @throws IOException with the reason if it cannot be mounted
	 */
	static Tmpfs mount(Path directory, String size) throws IOException {
		run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", directory.toString()));
		return new Tmpfs(directory);
	}

	Path directory() {
		return this.directory;
	}

	/** Unmounts; lazily if something still holds a file there. */
	@Override
	public void close() throws IOException {
		try {
			run(List.of("umount", this.directory.toString()));
		}
		catch (IOException busy) {
			run(List.of("umount", "-l", this.directory.toString()));
		}
	}

	private static void run(List<String> command) throws IOException {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new IOException(command.get(0) + " cannot be run: " + ex.getMessage(), ex);
		}
		try {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException(String.join(" ", command) + " did not finish");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted", ex);
		}
		if (process.exitValue() != 0) {
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
		}
	}

}
