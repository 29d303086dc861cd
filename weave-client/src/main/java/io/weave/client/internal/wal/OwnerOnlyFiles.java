package io.weave.client.internal.wal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Creates the log's directories and files readable by their owner only (0700 and 0600):
 * requests carry users' inputs and outputs. Existing log directories must be as private, and
 * links in them are not followed where the log writes: another user able to change them could
 * redirect appends or truncations. Where the file system has no POSIX permissions, its defaults
 * apply.
 */
final class OwnerOnlyFiles {

	private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

	private OwnerOnlyFiles() {
	}

	/**
	 * Creates the log's directories, {@code base} and {@code directory} below it, and the
	 * missing parents of {@code base}, restricting the ones it creates. Those from {@code base}
	 * down that exist already must be this user's alone: not links, owned by this user, not
	 * writable by their group or others.
	 * @throws UnsafeDirectoryException when one of them is not
	 */
	static void createPrivateDirectories(Path base, Path directory) throws IOException {
		Path root = base.toAbsolutePath().normalize();
		Path target = directory.toAbsolutePath().normalize();
		if (root.getParent() != null) {
			createDirectories(root.getParent());
		}
		Path path = root;
		createPrivateDirectory(path);
		for (Path name : root.relativize(target)) {
			path = path.resolve(name);
			createPrivateDirectory(path);
		}
		restrict(target, DIRECTORY);
	}

	/** Creates a directory and its missing parents, and restricts the ones it created. */
	private static void createDirectories(Path directory) throws IOException {
		Path target = directory.toAbsolutePath().normalize();
		Deque<Path> missing = new ArrayDeque<>();
		for (Path path = target; path != null && !Files.exists(path); path = path.getParent()) {
			missing.push(path);
		}
		for (Path path : missing) {
			try {
				Files.createDirectory(path, attributes(path, DIRECTORY));
				restrict(path, DIRECTORY);
			}
			catch (FileAlreadyExistsException ex) {
				// created concurrently
			}
		}
		if (!Files.isDirectory(target)) {
			throw new NotDirectoryException(target.toString());
		}
	}

	private static void createPrivateDirectory(Path path) throws IOException {
		try {
			Files.createDirectory(path, attributes(path, DIRECTORY));
			restrict(path, DIRECTORY);
		}
		catch (FileAlreadyExistsException ex) {
			requirePrivate(path);
		}
	}

	private static void requirePrivate(Path directory) throws IOException {
		if (Files.isSymbolicLink(directory)) {
			throw new UnsafeDirectoryException(directory,
					"it is a symbolic link. Give the directory itself, not a link to it");
		}
		if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
			throw new NotDirectoryException(directory.toString());
		}
		if (!isPosix(directory)) {
			return;
		}
		PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
				LinkOption.NOFOLLOW_LINKS);
		UserPrincipal user = currentUser(directory);
		if (user != null && !user.equals(attributes.owner())) {
			throw new UnsafeDirectoryException(directory, "it is owned by " + attributes.owner().getName()
					+ ", not by " + user.getName() + ", the user of this process. Use a directory of this user's own");
		}
		Set<PosixFilePermission> permissions = attributes.permissions();
		if (permissions.contains(PosixFilePermission.GROUP_WRITE)
				|| permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
			throw new UnsafeDirectoryException(directory, "it is writable by its group or others ("
					+ PosixFilePermissions.toString(permissions) + "). Restrict it with 'chmod 700 " + directory + "'");
		}
	}

	private static UserPrincipal currentUser(Path path) {
		try {
			return path.getFileSystem()
				.getUserPrincipalLookupService()
				.lookupPrincipalByName(System.getProperty("user.name"));
		}
		catch (IOException | RuntimeException ex) {
			// a user without a name in the user database: the permissions still count
			return null;
		}
	}

	/** Creates a new, empty file; fails if it exists. */
	static void createFile(Path file) throws IOException {
		Files.createFile(file, attributes(file, FILE));
	}

	/** Opens a lock file for reading and writing, creating it when {@code create} is set. */
	static FileChannel openLockFile(Path file, boolean create, boolean createNew) throws IOException {
		// a link planted as a lock file would have its target locked and truncated
		Set<OpenOption> options = new HashSet<>(
				Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
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
		if (Files.isSymbolicLink(file)) {
			throw new FileSystemException(file.toString(), null, "a symbolic link, not followed");
		}
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
