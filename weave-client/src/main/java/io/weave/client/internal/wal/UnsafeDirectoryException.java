package io.weave.client.internal.wal;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A log directory another user could change: through it they could redirect the log's appends
 * or truncations with links. The reason says how to fix it.
 */
public final class UnsafeDirectoryException extends FileSystemException {

	UnsafeDirectoryException(Path directory, String reason) {
		super(directory.toString(), null, reason);
	}

}
