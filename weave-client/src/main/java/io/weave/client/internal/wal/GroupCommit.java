package io.weave.client.internal.wal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The fsync thread. Appenders that need their record on the device
 * ({@link FsyncPolicy#ALWAYS}) post the sequence they wait for and sleep; the thread forces the
 * active segment, which covers every record written before, and wakes them. Appenders that
 * arrive during an fsync are all served by the next one: one fsync per wave of appenders instead
 * of one per record. With {@link FsyncPolicy#INTERVAL} the same thread forces every
 * {@code everyRecords} records or every interval, and nobody waits.
 * <p>
 * Only this thread forces, so an interrupted application thread can never close a segment's
 * channel mid-fsync. A record is durable once {@link #durable()} passes it, unless its fsync
 * failed ({@link #isLost}); the writer settles a segment (waits for it to be durable) before it
 * closes it.
 */
final class GroupCommit implements AutoCloseable {

	private final Supplier<WrittenSegment> active;

	private final Consumer<IOException> failures;

	private final int everyRecords;

	private final long intervalNanos;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition work = this.lock.newCondition();

	private final Condition synced = this.lock.newCondition();

	private final AtomicLong durable = new AtomicLong();

	private final ConcurrentSkipListMap<Long, Long> lost = new ConcurrentSkipListMap<>();

	private final LongAdder syncs = new LongAdder();

	private final Thread thread;

	private long requested;

	private boolean closed;

	/**
	 * @param active the writer's active segment
	 * @param failures told about failed fsyncs
	 * @param everyRecords force after this many records, {@code 0} for never
	 * @param interval force at least this often if anything is unforced, {@code null} for never
	 */
	GroupCommit(Supplier<WrittenSegment> active, Consumer<IOException> failures, int everyRecords,
			Duration interval) {
		this.active = active;
		this.failures = failures;
		this.everyRecords = everyRecords;
		this.intervalNanos = (interval != null) ? interval.toNanos() : Long.MAX_VALUE;
		this.thread = new Thread(this::run, "weave-wal-sync");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Waits until the record with this sequence is on the device; {@code false} if its fsync failed. */
	boolean awaitDurable(long sequence) {
		if (this.durable.get() < sequence) {
			this.lock.lock();
			try {
				request(sequence);
				while (this.durable.get() < sequence && !this.closed) {
					// Uninterruptible: the record is written, only its fsync is awaited.
					this.synced.awaitUninterruptibly();
				}
			}
			finally {
				this.lock.unlock();
			}
		}
		return this.durable.get() >= sequence && !isLost(sequence);
	}

	/** Tells the thread about an append; with an every-records threshold, every n-th one asks for an fsync. */
	void appended(long sequence) {
		if (this.everyRecords > 0 && sequence % this.everyRecords == 0) {
			this.lock.lock();
			try {
				request(sequence);
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/** Forces everything written so far and waits for it; {@code false} if that failed. */
	boolean sync() {
		WrittenSegment segment = this.active.get();
		return segment == null || awaitDurable(segment.lastSequence());
	}

	/** Counts a segment's unforced records as lost: it is closed without an fsync. */
	void abandon(WrittenSegment segment) {
		this.lock.lock();
		try {
			lose(segment.lastSequence());
		}
		finally {
			this.lock.unlock();
		}
	}

	long durable() {
		return this.durable.get();
	}

	long syncs() {
		return this.syncs.sum();
	}

	@Override
	public void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.work.signalAll();
			this.synced.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void request(long sequence) {
		if (this.requested < sequence) {
			this.requested = sequence;
			this.work.signal();
		}
	}

	private void run() {
		while (awaitWork()) {
			forceActive();
		}
	}

	/**
	 * Waits for a request or the interval; {@code false} once closed (the writer settles its last
	 * segment before, and waiters are released by closing).
	 */
	private boolean awaitWork() {
		this.lock.lock();
		try {
			long remaining = this.intervalNanos;
			while (!this.closed && this.requested <= this.durable.get() && remaining > 0) {
				remaining = this.work.awaitNanos(remaining);
			}
			return !this.closed;
		}
		catch (InterruptedException ex) {
			return !this.closed;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void forceActive() {
		WrittenSegment segment = this.active.get();
		if (segment == null) {
			return;
		}
		long target = segment.lastSequence();
		if (target > this.durable.get()) {
			if (segment.isBroken()) {
				done(() -> lose(target));
				return;
			}
			try {
				segment.force();
				this.syncs.increment();
				done(() -> this.durable.accumulateAndGet(target, Math::max));
			}
			catch (IOException ex) {
				segment.markBroken();
				done(() -> lose(target));
				this.failures.accept(ex);
			}
		}
	}

	private void done(Runnable update) {
		this.lock.lock();
		try {
			update.run();
			this.synced.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void lose(long upTo) {
		long from = this.durable.get() + 1;
		if (upTo >= from) {
			this.lost.put(from, upTo);
			this.durable.accumulateAndGet(upTo, Math::max);
			this.synced.signalAll();
		}
	}

	private boolean isLost(long sequence) {
		Map.Entry<Long, Long> range = this.lost.floorEntry(sequence);
		return range != null && range.getValue() >= sequence;
	}

}
