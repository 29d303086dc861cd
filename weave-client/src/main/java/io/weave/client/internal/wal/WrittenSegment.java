package io.weave.client.internal.wal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The segment this process's writer appends to (or appended to, once {@link #isDone() done}).
 * Its visible end only ever lands on a record boundary, so a reader tailing it never sees half a
 * record.
 * <p>
 * The file is created at its full size (sparse, followed by {@link SegmentTail#TRAILER}) and
 * written through a memory mapping: an append is a copy into the page cache, which survives the
 * process being killed, instead of a system call. Application threads only ever copy; the
 * mapping is created on segment creation, forced by the sync thread alone, and
 * {@link #prefault prepared} ahead of the writer by a background thread, so that appends do
 * not take a page fault every few records. {@link #finish} cuts the file to its records.
 * <p>
 * No page is ever written through the mapping before zeros were written to it through the
 * file: that write is where the file system gives the page its blocks, so a full disk (or
 * quota) fails it with an {@link IOException} instead of failing the copy into the mapping
 * with a SIGBUS. The prefault thread prepares pages ahead; a writer that overtakes it writes
 * its record through the file. A file truncated underneath the writer still faults; see
 * {@link #surfaceFault}.
 * <p>
 * Pages are prepared by writing zeros to them through the file, one page per write, before
 * they are touched through the mapping. A page fault on a file mapping reads around the
 * faulting page, and with large folios that puts the pages of a segment into the page cache in
 * blocks of a hundred kilobytes and more; every fsync then writes back the whole block the last
 * records are in (measured: 50 times the appended bytes with a few threads appending). Pages
 * that a small write brought into the cache are written back one by one.
 * <p>
 * Mutated under the writer's lock; read by anyone.
 */
final class WrittenSegment {

	private static final int PAGE = 4096;

	/** Pages prepared per turn of the prefault lock, so that an appender never waits long for it. */
	private static final int PREFAULT_BATCH = 16;

	private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
			ByteOrder.nativeOrder());

	/** Not final, so that the compiler cannot know it. */
	private static int probeLength = 1;

	/** Where {@link #surfaceFault} stores its array, so that the allocation cannot be left out. */
	@SuppressWarnings("unused")
	private static Object faultProbe;

	private static final VarHandle RECORDS;

	private static final VarHandle END;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			RECORDS = lookup.findVarHandle(WrittenSegment.class, "records", long.class);
			END = lookup.findVarHandle(WrittenSegment.class, "end", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final SegmentFile file;

	private final RandomAccessFile data;

	private final MappedByteBuffer map;

	private final FileChannel channel;

	/** One page of zeros, written to prepare a page; used under the prefault lock. */
	private final ByteBuffer zeros = ByteBuffer.allocateDirect(PAGE);

	/** Guarded by the prefault lock. */
	private ByteBuffer lineBuffer;

	private final int capacity;

	private final SegmentClaim writerClaim;

	private final long firstSequence;

	private final Object prefaultLock = new Object();

	private volatile long records;

	private volatile long end;

	/** Pages below this offset are prepared and mapped, and the prefault thread does not touch them again. */
	private volatile long prepared;

	private volatile boolean done;

	private volatile boolean broken;

	private WrittenSegment(SegmentFile file, RandomAccessFile data, MappedByteBuffer map, int capacity,
			SegmentClaim writerClaim, long firstSequence) {
		this.file = file;
		this.data = data;
		this.map = map;
		this.channel = data.getChannel();
		this.capacity = capacity;
		this.writerClaim = writerClaim;
		this.firstSequence = firstSequence;
	}

	/**
	 * Sizes and maps a new, empty segment file.
	 * @param capacity the bytes of records it takes
	 */
	static WrittenSegment create(SegmentFile file, SegmentClaim writerClaim, long firstSequence, int capacity)
			throws IOException {
		RandomAccessFile data = new RandomAccessFile(file.path().toFile(), "rw");
		try {
			// One write sizes the file and marks it preallocated: a reader never sees one without the other.
			data.seek(capacity);
			data.write(SegmentTail.TRAILER);
			WrittenSegment segment = new WrittenSegment(file, data, map(data.getChannel(), capacity), capacity,
					writerClaim, firstSequence);
			segment.prepareFirstPages();
			return segment;
		}
		catch (InternalError ex) {
			data.close();
			throw new IOException("Could not prepare " + file.path(), ex);
		}
		catch (IOException | RuntimeException ex) {
			data.close();
			throw ex;
		}
	}

	/** Maps on an application thread: an interrupt must not close the channel meanwhile. */
	private static MappedByteBuffer map(FileChannel channel, int capacity) throws IOException {
		boolean interrupted = Thread.interrupted();
		try {
			return channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Prepares the first pages on the creating thread, so that the first appends need not wait for them. */
	private void prepareFirstPages() throws IOException {
		boolean interrupted = Thread.interrupted();
		try {
			synchronized (this.prefaultLock) {
				prepareBatch(Math.min(this.capacity, (long) PREFAULT_BATCH * PAGE));
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	SegmentFile file() {
		return this.file;
	}

	long firstSequence() {
		return this.firstSequence;
	}

	/** The sequence of the last record written, {@code firstSequence - 1} when empty. */
	long lastSequence() {
		return this.firstSequence + this.records - 1;
	}

	long records() {
		return this.records;
	}

	/** The end of the last complete record: readers read up to here. */
	long end() {
		return this.end;
	}

	/** How many bytes of records the segment takes. */
	int capacity() {
		return this.capacity;
	}

	/** Whether a record of {@code length} bytes still fits. */
	boolean fits(int length) {
		return this.end + length <= this.capacity;
	}

	/** The size of the file while it is written: records, unused space and trailer. */
	long preallocatedSize() {
		return (long) this.capacity + SegmentTail.TRAILER.length;
	}

	/** Whether the writer has moved on: {@link #end()} is final. */
	boolean isDone() {
		return this.done;
	}

	/** Whether an fsync failed, so the writer must move on to a new segment. */
	boolean isBroken() {
		return this.broken;
	}

	void markBroken() {
		this.broken = true;
	}

	/**
	 * Writes one record: a copy into the mapping. Past the prepared pages (the prefault thread
	 * fell behind) the record is written through the file under the prefault lock, so that no
	 * page gets zeros written over a record; a full disk fails that write.
	 */
	void write(WalRecord.Line line) throws IOException {
		int position = (int) this.end;
		if (position + line.length() <= this.prepared) {
			put(position, line);
		}
		else {
			// the new end is published before the prefault thread can look at it again
			synchronized (this.prefaultLock) {
				if (position + line.length() <= this.prepared) {
					put(position, line);
				}
				else {
					writeOnWriter(position, line);
				}
			}
		}
	}

	/**
	 * Writes a record past the prepared pages through the file rather than the mapping: the
	 * write gives its pages their blocks (or fails, the disk being full), so that the pages up
	 * to the one it ends in count as prepared. One system call instead of a page fault. On an
	 * application thread: an interrupt must not close the channel meanwhile.
	 */
	private void writeOnWriter(int position, WalRecord.Line line) throws IOException {
		boolean interrupted = Thread.interrupted();
		try {
			ByteBuffer buffer = lineBuffer(line.length());
			buffer.put(line.head(), 0, line.headLength()).put(line.body(), 0, line.bodyLength());
			buffer.put((byte) '}').put((byte) '\n').flip();
			while (buffer.hasRemaining()) {
				this.channel.write(buffer, position + buffer.position());
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		long recordEnd = (long) position + line.length();
		this.prepared = Math.max(this.prepared, Math.min(this.capacity, (recordEnd + PAGE - 1) / PAGE * PAGE));
		END.setRelease(this, recordEnd);
		RECORDS.setRelease(this, this.records + 1);
	}

	/** A buffer for a record written through the file; used under the prefault lock. */
	private ByteBuffer lineBuffer(int length) {
		if (this.lineBuffer == null || this.lineBuffer.capacity() < length) {
			this.lineBuffer = ByteBuffer.allocateDirect(Math.max(length, PAGE));
		}
		return this.lineBuffer.clear();
	}

	private void put(int position, WalRecord.Line line) throws IOException {
		int bodyAt = position + line.headLength();
		int tailAt = bodyAt + line.bodyLength();
		try {
			this.map.put(position, line.head(), 0, line.headLength());
			this.map.put(bodyAt, line.body(), 0, line.bodyLength());
			this.map.put(tailAt, (byte) '}');
			this.map.put(tailAt + 1, (byte) '\n');
			surfaceFault();
		}
		catch (InternalError ex) {
			// a page the file no longer has (truncated underneath): the JVM's SIGBUS
			throw new IOException("Could not write to " + this.file.path(), ex);
		}
		// Release stores, the end first: whoever sees the new record count (the fsync thread
		// forcing up to the end for it) sees the end that covers it.
		END.setRelease(this, (long) tailAt + 2);
		RECORDS.setRelease(this, this.records + 1);
	}

	/**
	 * Makes the JVM raise here, inside the caller's {@code catch}, the {@link InternalError} of
	 * a fault in the copies into the mapping just before (a SIGBUS: the file was truncated
	 * underneath). HotSpot raises it only once the thread next enters the VM from Java, which
	 * without this would be somewhere in the application's code, after the traced method got
	 * its record "appended". Allocating a two-dimensional array of lengths the compiler does not
	 * know is always such an entry (a runtime call, unlike a one-dimensional allocation); about
	 * 60 ns.
	 */
	private static void surfaceFault() {
		faultProbe = new byte[probeLength][probeLength];
	}

	/** Cuts off what a failed write may have left past the last complete record; never lengthens the file. */
	void truncateToEnd() throws IOException {
		cutToEnd();
	}

	/** Cuts the file to the records, unless it is shorter already (truncated underneath). */
	private void cutToEnd() throws IOException {
		if (this.data.length() > this.end) {
			this.data.setLength(this.end);
		}
	}

	/** Forces the written bytes to the device; the sync thread's job only. */
	void force() throws IOException {
		try {
			this.map.force(0, (int) this.end);
		}
		catch (InternalError | java.io.UncheckedIOException ex) {
			throw new IOException("Could not force " + this.file.path(), ex);
		}
	}

	/**
	 * Prepares the pages up to {@code ahead} bytes past the end: writes zeros to each page
	 * through the file, then touches it through the mapping with a compare-and-set of zero to
	 * zero on its first word, which maps it for writing. Pages at or past the writer's end only,
	 * under the prefault lock, which a writer that got past the prepared pages holds while it
	 * copies: no record is ever overwritten. Stops once the segment is done or a write fails
	 * (the writer then takes the faults itself). The prefault thread's job only.
	 */
	void prefault(long ahead) {
		long target = Math.min(this.capacity, this.end + ahead);
		try {
			while (this.prepared < target) {
				synchronized (this.prefaultLock) {
					if (this.done || !prepareBatch(target)) {
						return;
					}
				}
			}
		}
		catch (IOException | InternalError ex) {
			// disk full, file truncated: the writer finds out itself
		}
	}

	/** Prepares up to {@link #PREFAULT_BATCH} pages below {@code target}; the caller holds the prefault lock. */
	private boolean prepareBatch(long target) throws IOException {
		long from = Math.max(this.prepared, (this.end + PAGE - 1) / PAGE * PAGE);
		long to = Math.min(target, from + (long) PREFAULT_BATCH * PAGE) / PAGE * PAGE;
		if (to <= from) {
			return false;
		}
		for (long page = from; page < to; page += PAGE) {
			writeZeros(page);
			LONGS.compareAndSet(this.map, (int) page, 0L, 0L);
		}
		surfaceFault();
		this.prepared = to;
		return true;
	}

	private void writeZeros(long at) throws IOException {
		this.zeros.clear();
		while (this.zeros.hasRemaining()) {
			this.channel.write(this.zeros, at + this.zeros.position());
		}
	}

	/** Whether every page up to the capacity is prepared. */
	boolean isFullyPrepared() {
		return this.prepared >= this.capacity / PAGE * PAGE;
	}

	/** How far ahead of the end pages are prepared. */
	long prefaultedAhead() {
		return this.prepared - this.end;
	}

	/**
	 * Ends writing: the file is cut to its records (unless that fails; readers then stop at the
	 * last record anyway), and the segment is free for a sender once this process lets go of it.
	 */
	void finish() throws IOException {
		synchronized (this.prefaultLock) {
			this.done = true;
		}
		try {
			cutToEnd();
		}
		finally {
			try {
				this.data.close();
			}
			finally {
				this.writerClaim.release();
			}
		}
	}

}
