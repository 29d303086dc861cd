package io.weave.client.internal.wal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The prefault thread: keeps the pages of the active segment mapped ahead of the writer. A
 * page fault of a file mapping costs microseconds, one every few records, and would otherwise
 * be taken by the application thread that happens to append into a new page. The writer wakes
 * the thread when what is prefaulted ahead of it runs low; the thread also looks every few
 * hundred milliseconds on its own, e.g. for a new segment.
 */
final class Prefaulter implements AutoCloseable {

	/** How far ahead of the writer pages are mapped. */
	static final long AHEAD = 4 * 1024 * 1024;

	private static final long LOW_WATER = AHEAD / 2;

	private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private final Supplier<WrittenSegment> active;

	private final Thread thread;

	private volatile boolean closed;

	/** Set while the thread sleeps: a running thread needs no wake-up, and an unpark is a system call. */
	private volatile boolean idle;

	Prefaulter(Supplier<WrittenSegment> active) {
		this.active = active;
		this.thread = LogThreads.start("weave-wal-prefault", this::run);
	}

	/** Tells the thread about an append to {@code segment}; cheap unless it has to be woken. */
	void appended(WrittenSegment segment) {
		if (this.idle && needsPages(segment)) {
			LockSupport.unpark(this.thread);
		}
	}

	/** Wakes the thread for a new segment. */
	void created() {
		LockSupport.unpark(this.thread);
	}

	@Override
	public void close() {
		this.closed = true;
		LogThreads.stop(this.thread);
	}

	private void run() {
		while (!this.closed) {
			WrittenSegment segment = this.active.get();
			boolean progressed = false;
			if (segment != null) {
				long before = segment.prefaultedAhead();
				try {
					segment.prefault(AHEAD);
				}
				catch (InternalError ex) {
					// the file system cannot back the pages (disk full): the writer finds out itself
				}
				progressed = segment.prefaultedAhead() > before;
			}
			this.idle = true;
			// Looked at again after going idle: an append meanwhile either sees the flag or is seen here.
			if (!progressed || !needsPages(this.active.get())) {
				LockSupport.parkNanos(this, IDLE_NANOS);
			}
			this.idle = false;
		}
	}

	private static boolean needsPages(WrittenSegment segment) {
		return segment != null && !segment.isDone() && segment.prefaultedAhead() < LOW_WATER
				&& !segment.isFullyPrepared();
	}

}
