package io.weave.client.internal.wal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Creates the log's directories and files readable by their owner only (0700 and 0600):
 * requests carry users' inputs and outputs. Where the file system has no POSIX permissions,
 * its defaults apply.
 */
final class OwnerOnlyFiles {

	private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

	private OwnerOnlyFiles() {
	}

	/** Creates a directory and its missing parents, and restricts the ones it created and the directory itself. */
	static void createDirectories(Path directory) throws IOException {
		Path target = directory.toAbsolutePath().normalize();
		Deque<Path> missing = new ArrayDeque<>();
		for (Path path = target; path != null && !Files.exists(path); path = path.getParent()) {
			missing.push(path);
		}
		for (Path path : missing) {
			try {
				Files.createDirectory(path, attributes(path, DIRECTORY));
			}
			catch (FileAlreadyExistsException ex) {
				// created concurrently
			}
			restrict(path, DIRECTORY);
		}
		if (!Files.isDirectory(target)) {
			throw new NotDirectoryException(target.toString());
		}
		restrict(target, DIRECTORY);
	}

	/** Creates a new, empty file; fails if it exists. */
	static void createFile(Path file) throws IOException {
		Files.createFile(file, attributes(file, FILE));
	}

	/** Opens a lock file for reading and writing, creating it when {@code create} is set. */
	static FileChannel openLockFile(Path file, boolean create, boolean createNew) throws IOException {
		Set<OpenOption> options = new HashSet<>(Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
		if (createNew) {
			options.add(StandardOpenOption.CREATE_NEW);
		}
		else if (create) {
			options.add(StandardOpenOption.CREATE);
		}
		return FileChannel.open(file, options, attributes(file, FILE));
	}

	/**
	 * Opens a file for appending (O_APPEND, so that several processes can append whole lines),
	 * creating it if needed. Streams rather than channels: an interrupted thread cannot close them.
	 */
	static FileOutputStream openAppend(Path file) throws IOException {
		if (!Files.exists(file)) {
			try {
				createFile(file);
			}
			catch (FileAlreadyExistsException ex) {
				// created concurrently
			}
		}
		return new FileOutputStream(file.toFile(), true);
	}

	/** Forces a directory's entries (new, renamed, deleted files) to the device, where the OS allows it. */
	static void syncDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException | RuntimeException ex) {
			// not supported on every platform; the rename itself is still atomic
		}
	}

	private static FileAttribute<?>[] attributes(Path path, Set<PosixFilePermission> permissions) {
		return isPosix(path) ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(permissions) }
				: new FileAttribute<?>[0];
	}

	private static void restrict(Path path, Set<PosixFilePermission> permissions) {
		if (isPosix(path)) {
			try {
				Files.setPosixFilePermissions(path, permissions);
			}
			catch (IOException | RuntimeException ex) {
				// not ours to change (a shared parent); what we create is still restricted
			}
		}
	}

	private static boolean isPosix(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

}
