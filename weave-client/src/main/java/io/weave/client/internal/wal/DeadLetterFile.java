package io.weave.client.internal.wal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.io.JsonStringEncoder;

import io.weave.client.DeadLetterReplay;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.Timestamps;
import io.weave.client.internal.wire.WireRequest;

/**
 * Requests the sender gave up on, one JSON line each in {@code deadletter.jsonl}:
 * {@code {"reason":…,"at":…,"type":…,"key":…,"req":…}}. Kept for people to inspect and to
 * {@link #replay replay}.
 * <p>
 * Bounded by refusing: a letter that would take the file past its bound is not written, so old
 * letters are never overwritten. Appends and replays hold {@code deadletter.lock}, an OS lock,
 * so that a replay rewriting the file cannot lose a letter another process appends meanwhile.
 */
final class DeadLetterFile {

	static final String FILE_NAME = "deadletter.jsonl";

	/** Where earlier versions rolled the file over to; a replay takes its letters first. */
	static final String PREVIOUS_FILE_NAME = FILE_NAME + ".1";

	static final String LOCK_FILE_NAME = "deadletter.lock";

	private static final String REPLAY_FILE_NAME = FILE_NAME + ".replay";

	/**
	 * One monitor per file in this JVM: POSIX locks belong to the process, so two threads (or two
	 * logs on one directory) must not hold the OS lock through two channels at once.
	 */
	private static final ConcurrentMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

	private final Path path;

	private final Path previous;

	private final Path lockPath;

	private final long maxBytes;

	private final boolean sync;

	private final Object monitor;

	DeadLetterFile(Path directory, long maxBytes, boolean sync) {
		this.path = directory.resolve(FILE_NAME);
		this.previous = directory.resolve(PREVIOUS_FILE_NAME);
		this.lockPath = directory.resolve(LOCK_FILE_NAME);
		this.maxBytes = maxBytes;
		this.sync = sync;
		this.monitor = MONITORS.computeIfAbsent(this.path.toAbsolutePath().normalize(), (key) -> new Object());
	}

	Path path() {
		return this.path;
	}

	long maxBytes() {
		return this.maxBytes;
	}

	/**
	 * Appends a letter unless that would take the file past its bound.
	 * @return whether the letter was written; {@code false} when it was refused
	 */
	boolean add(WalEntry entry, String reason) throws IOException {
		byte[] line = encode(entry.request(), reason);
		return locked(() -> {
			if (size(this.path) + line.length > this.maxBytes) {
				return false;
			}
			try (FileOutputStream out = OwnerOnlyFiles.openAppend(this.path)) {
				out.write(line);
				if (this.sync) {
					out.getFD().sync();
				}
			}
			return true;
		});
	}

	/**
	 * Hands the letters, oldest first, to {@code requeue} until it refuses one, makes what it
	 * took durable with {@code durable}, and only then rewrites the file without them. A crash
	 * at any point leaves every letter in the file, in the log, or in both (sent twice then).
	 * @param requeue takes a request back into the log; {@code false} when there is no room
	 * @param durable forces what {@code requeue} took to the device; {@code false} if that failed
	 */
	DeadLetterReplay replay(Predicate<WireRequest> requeue, BooleanSupplier durable) throws IOException {
		return locked(() -> {
			Path rest = this.path.resolveSibling(REPLAY_FILE_NAME);
			Files.deleteIfExists(rest);
			OwnerOnlyFiles.createFile(rest);
			Requeued requeued = new Requeued(requeue);
			try (FileOutputStream file = new FileOutputStream(rest.toFile());
					BufferedOutputStream kept = new BufferedOutputStream(file)) {
				requeued.from(this.previous, kept);
				requeued.from(this.path, kept);
				kept.flush();
				if (this.sync) {
					file.getFD().sync();
				}
			}
			if (requeued.count == 0 || !durable.getAsBoolean()) {
				Files.delete(rest);
				return (requeued.count == 0) ? new DeadLetterReplay(0, requeued.skipped, requeued.error)
						: new DeadLetterReplay(0, requeued.count + requeued.skipped,
								"could not force the re-queued letters to disk; they stay here too");
			}
			if (requeued.skipped > 0) {
				Files.move(rest, this.path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			else {
				Files.delete(rest);
				Files.deleteIfExists(this.path);
			}
			Files.deleteIfExists(this.previous);
			if (this.sync) {
				OwnerOnlyFiles.syncDirectory(this.path.getParent());
			}
			return new DeadLetterReplay(requeued.count, requeued.skipped, requeued.error);
		});
	}

	/** Runs {@code action} holding this JVM's monitor and the OS lock; uninterruptible, as appends were. */
	private <T> T locked(IoAction<T> action) throws IOException {
		synchronized (this.monitor) {
			// An interrupted thread would have the channel closed under it, dropping the lock.
			boolean interrupted = Thread.interrupted();
			try (FileChannel channel = OwnerOnlyFiles.openLockFile(this.lockPath, true, false);
					FileLock lock = channel.lock()) {
				return action.run();
			}
			finally {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	static byte[] encode(WireRequest request, String reason) {
		ByteArrayOutputStream line = new ByteArrayOutputStream(request.size() + 256);
		line.writeBytes(ascii("{\"reason\":"));
		writeString(line, reason);
		line.writeBytes(ascii(",\"at\":\"" + Timestamps.now() + "\",\"type\":\"" + request.type().wireName()
				+ "\",\"key\":"));
		writeString(line, request.key());
		line.writeBytes(ascii(",\"req\":"));
		line.writeBytes(request.body());
		line.writeBytes(ascii("}\n"));
		return line.toByteArray();
	}

	/** The request of a letter, its body as written; {@code null} if the line is not a letter. */
	static WireRequest decode(byte[] line, int length) {
		try (JsonParser parser = WalRecord.JSON.createParser(ObjectReadContext.empty(), line, 0, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			String type = null;
			String key = null;
			byte[] body = null;
			for (String name = parser.nextName(); name != null; name = parser.nextName()) {
				JsonToken token = parser.nextToken();
				switch (name) {
					case "type" -> type = (token == JsonToken.VALUE_STRING) ? parser.getString() : null;
					case "key" -> key = (token == JsonToken.VALUE_STRING) ? parser.getString() : null;
					case "req" -> body = (token == JsonToken.START_OBJECT) ? WalRecord.object(parser, line, 0) : null;
					default -> parser.skipChildren();
				}
			}
			return (type != null && body != null) ? new WireRequest(RequestType.fromWireName(type), key, body) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static long size(Path file) throws IOException {
		try {
			return Files.size(file);
		}
		catch (NoSuchFileException ex) {
			return 0;
		}
	}

	private static void writeString(ByteArrayOutputStream out, String value) {
		if (value == null) {
			out.writeBytes(ascii("null"));
			return;
		}
		out.write('"');
		out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(value));
		out.write('"');
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@FunctionalInterface
	private interface IoAction<T> {

		T run() throws IOException;

	}

	/**
	 * One replay's pass over the letters: each goes back into the log, or, once the log refused
	 * one or if it cannot be read, to the letters kept.
	 */
	private static final class Requeued {

		private final Predicate<WireRequest> requeue;

		private long count;

		private long skipped;

		private String error;

		Requeued(Predicate<WireRequest> requeue) {
			this.requeue = requeue;
		}

		void from(Path file, BufferedOutputStream kept) throws IOException {
			try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
				LineReader lines = new LineReader(in);
				for (int length = lines.next(); length >= 0; length = lines.next()) {
					if (length > 0) {
						take(lines.line(), length, kept);
					}
				}
			}
			catch (NoSuchFileException ex) {
				// nothing to replay from this one
			}
		}

		private void take(byte[] line, int length, BufferedOutputStream kept) throws IOException {
			WireRequest request = (this.error == null) ? decode(line, length) : null;
			if (request != null && this.requeue.test(request)) {
				this.count++;
				return;
			}
			if (request != null) {
				this.error = "the write-ahead log has no room (full or closed); the rest stays";
			}
			this.skipped++;
			kept.write(line, 0, length);
			kept.write('\n');
		}

	}

	/** Reads lines of any length, without their newline. */
	private static final class LineReader {

		private final InputStream in;

		private byte[] line = new byte[8192];

		LineReader(InputStream in) {
			this.in = in;
		}

		byte[] line() {
			return this.line;
		}

		/** The next line's length, {@code -1} at the end; a last line without a newline counts. */
		int next() throws IOException {
			int length = 0;
			int b = this.in.read();
			if (b < 0) {
				return -1;
			}
			while (b >= 0 && b != '\n') {
				if (length == this.line.length) {
					this.line = Arrays.copyOf(this.line, length * 2);
				}
				this.line[length++] = (byte) b;
				b = this.in.read();
			}
			return length;
		}

	}

}
