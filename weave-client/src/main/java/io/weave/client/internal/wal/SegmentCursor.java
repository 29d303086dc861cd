package io.weave.client.internal.wal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Reads a segment line by line from an offset on, never past a limit the caller sets (the
 * writer's visible end for a segment being written, the file's size otherwise). Used by the
 * reader's thread only.
 */
final class SegmentCursor implements AutoCloseable {

	private static final int INITIAL_BUFFER = 64 * 1024;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private final Path path;

	private RandomAccessFile file;

	private byte[] buffer = new byte[INITIAL_BUFFER];

	private int start;

	private int end;

	private int scanned;

	private volatile long position;

	SegmentCursor(Path path, long position) {
		this.path = path;
		this.position = position;
	}

	/** The offset of the first byte not consumed yet. */
	long position() {
		return this.position;
	}

	/** The next complete line before {@code limit}, consumed; {@code null} when there is none (yet). */
	Line next(long limit) throws IOException {
		while (true) {
			int newline = indexOfNewline(this.start + this.scanned);
			if (newline >= 0) {
				return consume(newline - this.start, newline + 1 - this.start);
			}
			this.scanned = this.end - this.start;
			if (!fill(limit)) {
				return null;
			}
		}
	}

	/** The bytes before {@code limit} that no newline ends, consumed; {@code null} when there are none. */
	Line rest(long limit) throws IOException {
		while (fill(limit)) {
			// read up to the limit
		}
		int length = this.end - this.start;
		return (length > 0) ? consume(length, length) : null;
	}

	/** Puts back the line {@link #next} just returned. */
	void rewind(Line line) {
		this.start -= (int) (line.end() - line.start());
		this.position = line.start();
		this.scanned = 0;
	}

	@Override
	public void close() throws IOException {
		if (this.file != null) {
			this.file.close();
		}
	}

	private Line consume(int length, int consumed) {
		Line line = new Line(this.buffer, this.start, length, this.position, this.position + consumed);
		this.start += consumed;
		this.position += consumed;
		this.scanned = 0;
		return line;
	}

	private int indexOfNewline(int from) {
		byte[] bytes = this.buffer;
		int i = from;
		// eight bytes at a time up to the word that has one
		for (; i + Long.BYTES <= this.end; i += Long.BYTES) {
			long newlines = (long) LONGS.get(bytes, i) ^ 0x0a0a0a0a0a0a0a0aL;
			if (((newlines - 0x0101010101010101L) & ~newlines & 0x8080808080808080L) != 0) {
				break;
			}
		}
		for (; i < this.end; i++) {
			if (bytes[i] == '\n') {
				return i;
			}
		}
		return -1;
	}

	private boolean fill(long limit) throws IOException {
		long offset = this.position + (this.end - this.start);
		long available = limit - offset;
		if (available <= 0) {
			return false;
		}
		if (this.end == this.buffer.length) {
			makeRoom();
		}
		if (this.file == null) {
			this.file = new RandomAccessFile(this.path.toFile(), "r");
		}
		this.file.seek(offset);
		int read = this.file.read(this.buffer, this.end, (int) Math.min(this.buffer.length - this.end, available));
		if (read <= 0) {
			return false;
		}
		this.end += read;
		return true;
	}

	/** Moves unread bytes to the front, growing the buffer for a long line and shrinking it after one. */
	private void makeRoom() {
		int unread = this.end - this.start;
		int capacity = this.buffer.length;
		if (unread * 2 > capacity) {
			capacity = Math.max(capacity * 2, INITIAL_BUFFER);
		}
		else if (unread < INITIAL_BUFFER && capacity > 16 * INITIAL_BUFFER) {
			capacity = 2 * INITIAL_BUFFER;
		}
		byte[] target = (capacity != this.buffer.length) ? new byte[capacity] : this.buffer;
		System.arraycopy(this.buffer, this.start, target, 0, unread);
		this.buffer = target;
		this.start = 0;
		this.end = unread;
	}

	/**
	 * A line of a segment, valid until the cursor moves on.
	 *
	 * @param buffer the bytes
	 * @param offset where the line starts in {@code buffer}
	 * @param length its length without the newline
	 * @param start its offset in the segment
	 * @param end the offset just past it (and its newline) in the segment
	 */
	record Line(byte[] buffer, int offset, int length, long start, long end) {

		/** The length as stored, newline included. */
		int rawLength() {
			return (int) (this.end - this.start);
		}

	}

}
