package io.weave.client.internal.wal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The fsync thread. Appenders that need their record on the device
 * ({@link FsyncPolicy#ALWAYS}) post the sequence they wait for and park; the thread forces the
 * active segment, which covers every record written before, and unparks them. Appenders that
 * arrive during an fsync are all served by the next one: one fsync per wave of appenders instead
 * of one per record. With {@link FsyncPolicy#INTERVAL} the same thread forces every
 * {@code everyRecords} records or every interval, and nobody waits.
 * <p>
 * Nothing here takes a lock: a woken appender only reads the durable sequence, so a wave of
 * them goes back to appending at once instead of queueing for a lock behind each other. The
 * thread wakes only two appenders of a wave and each of them two more, and so on, and starts the
 * next fsync right after its two wake-ups: a wake-up costs the waker a system call and, when the
 * woken thread preempts it, as long as the woken thread's turn, so every appender woken on the
 * fsync thread keeps the device idle a little longer before the next fsync. The wave appends its
 * next records while that fsync runs. Waiting for more of a wave before an fsync was measured to
 * lose more than it gains.
 * <p>
 * Only this thread forces, so an fsync never runs on, and is never held up by, an application
 * thread. Forcing on the first appender that needs it instead (leader and followers) was
 * measured to be slower: its fsyncs took longer, the forcing appender competing for the CPU with
 * the others. A record is durable once {@link #durable()} passes it, unless its fsync failed
 * ({@link #isLost}); the writer settles a segment (waits for it to be durable) before it closes
 * it.
 */
final class GroupCommit implements AutoCloseable {

	/** How long the thread pauses when asked for a sequence nothing can make durable yet. */
	private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	/** How many appenders each woken appender (and the fsync thread) wakes in turn. */
	private static final int FAN_OUT = 2;

	private final Supplier<WrittenSegment> active;

	private final Consumer<IOException> failures;

	private final int everyRecords;

	private final long intervalNanos;

	private final AtomicLong durable = new AtomicLong();

	private final AtomicLong requested = new AtomicLong();

	private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();

	private final ConcurrentSkipListMap<Long, Long> lost = new ConcurrentSkipListMap<>();

	/** Segments the writer moved on from before they were forced, oldest first. */
	private final ConcurrentLinkedQueue<WrittenSegment> sealed = new ConcurrentLinkedQueue<>();

	private final Consumer<WrittenSegment> finisher;

	private final LongAdder syncs = new LongAdder();

	private final Thread thread;

	private volatile boolean idle;

	private volatile boolean closed;

	/**
	 * @param active the writer's active segment
	 * @param finisher finishes a {@link #seal sealed} segment once it is forced
	 * @param failures told about failed fsyncs
	 * @param everyRecords force after this many records, {@code 0} for never
	 * @param interval force at least this often if anything is unforced, {@code null} for never
	 */
	GroupCommit(Supplier<WrittenSegment> active, Consumer<WrittenSegment> finisher, Consumer<IOException> failures,
			int everyRecords, Duration interval) {
		this.active = active;
		this.finisher = finisher;
		this.failures = failures;
		this.everyRecords = everyRecords;
		this.intervalNanos = (interval != null) ? interval.toNanos() : 0;
		this.thread = LogThreads.start("weave-wal-sync", this::run);
	}

	/** Waits until the record with this sequence is on the device; {@code false} if its fsync failed. */
	boolean awaitDurable(long sequence) {
		if (this.durable.get() < sequence) {
			request(sequence);
			Waiter waiter = new Waiter(sequence, Thread.currentThread());
			this.waiters.add(waiter);
			boolean interrupted = false;
			while (this.durable.get() < sequence && !this.closed) {
				// Uninterruptible: the record is written, only its fsync is awaited.
				LockSupport.park(this);
				interrupted |= Thread.interrupted();
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
			// Not woken (it saw its record durable before parking): it claims itself, so that no
			// waker spends one of its few wake-ups on it and leaves a parked appender unwoken.
			waiter.claim();
			// pass the wake-up on, so that the fsync thread is free to start the next fsync
			wake(FAN_OUT);
		}
		return this.durable.get() >= sequence && !isLost(sequence);
	}

	/** Tells the thread about an append; with an every-records threshold, every n-th one asks for an fsync. */
	void appended(long sequence) {
		if (this.everyRecords > 0 && sequence % this.everyRecords == 0) {
			request(sequence);
		}
	}

	/** Forces everything written so far and waits for it; {@code false} if that failed. */
	boolean sync() {
		long target = 0;
		for (WrittenSegment segment : this.sealed) {
			target = Math.max(target, segment.lastSequence());
		}
		WrittenSegment segment = this.active.get();
		if (segment != null) {
			target = Math.max(target, segment.lastSequence());
		}
		return target == 0 || awaitDurable(target);
	}

	/**
	 * Takes over a segment the writer moves on from, so that the writer's lock is not held
	 * across its fsync: it is forced before anything written after it counts as durable, then
	 * finished on this thread. Call before the segment stops being the active one.
	 */
	void seal(WrittenSegment segment) {
		this.sealed.add(segment);
		request(segment.lastSequence());
	}

	/** Counts a segment's unforced records as lost: it is closed without an fsync. */
	void abandon(WrittenSegment segment) {
		synchronized (this.lost) {
			lose(segment.lastSequence());
		}
		wakeSatisfied();
	}

	/** The sealed segment of a file, not finished yet, or {@code null}. */
	WrittenSegment sealed(SegmentFile file) {
		for (WrittenSegment segment : this.sealed) {
			if (segment.file().equals(file)) {
				return segment;
			}
		}
		return null;
	}

	long durable() {
		return this.durable.get();
	}

	long syncs() {
		return this.syncs.sum();
	}

	@Override
	public void close() {
		this.closed = true;
		LogThreads.stop(this.thread);
		wakeSatisfied();
	}

	private void request(long sequence) {
		if (this.requested.get() < sequence) {
			this.requested.accumulateAndGet(sequence, Math::max);
			if (this.idle) {
				LockSupport.unpark(this.thread);
			}
		}
	}

	private boolean isRequested() {
		return this.requested.get() > this.durable.get();
	}

	private void run() {
		long due = nextDue();
		while (!this.closed) {
			if (isRequested() || (this.intervalNanos > 0 && System.nanoTime() - due >= 0)) {
				long before = this.durable.get();
				forceActive();
				wake(FAN_OUT);
				due = nextDue();
				if (this.durable.get() == before && isRequested()) {
					LockSupport.parkNanos(this, RETRY_NANOS);
				}
				continue;
			}
			this.idle = true;
			// Looked at again after going idle: a request made meanwhile has unparked this thread or is seen here.
			if (!isRequested() && !this.closed) {
				if (this.intervalNanos > 0) {
					LockSupport.parkNanos(this, due - System.nanoTime());
				}
				else {
					LockSupport.park(this);
				}
			}
			this.idle = false;
		}
		forceSealed();
		wakeSatisfied();
	}

	private long nextDue() {
		return System.nanoTime() + this.intervalNanos;
	}

	private void forceActive() {
		// the active segment first: one sealed before it was replaced is in the queue by now
		WrittenSegment segment = this.active.get();
		forceSealed();
		if (segment != null) {
			force(segment);
		}
	}

	/** Forces and finishes the sealed segments, oldest first. */
	private void forceSealed() {
		for (WrittenSegment segment = this.sealed.peek(); segment != null; segment = this.sealed.peek()) {
			force(segment);
			// finished before it leaves the queue: whoever does not find it there finds its file cut to its records
			this.finisher.accept(segment);
			this.sealed.poll();
		}
	}

	private void force(WrittenSegment segment) {
		long target = segment.lastSequence();
		if (target > this.durable.get()) {
			if (segment.isBroken()) {
				synchronized (this.lost) {
					lose(target);
				}
				return;
			}
			try {
				segment.force();
				this.syncs.increment();
				this.durable.accumulateAndGet(target, Math::max);
			}
			catch (IOException ex) {
				segment.markBroken();
				synchronized (this.lost) {
					lose(target);
				}
				this.failures.accept(ex);
			}
		}
	}

	private void wakeSatisfied() {
		wake(Integer.MAX_VALUE);
	}

	/**
	 * Unparks up to {@code max} appenders whose records are durable now (any once closed). Each
	 * woken appender wakes more in turn, so a wave wakes up in parallel rather than one system
	 * call after another on the fsync thread.
	 */
	private void wake(int max) {
		long upTo = this.durable.get();
		boolean all = this.closed;
		int woken = 0;
		for (Iterator<Waiter> it = this.waiters.iterator(); woken < max && it.hasNext();) {
			Waiter waiter = it.next();
			if (waiter.isClaimed()) {
				// gone without a wake-up, or being woken by someone else
				it.remove();
			}
			else if ((all || waiter.sequence <= upTo) && waiter.claim()) {
				it.remove();
				LockSupport.unpark(waiter.thread);
				woken++;
			}
		}
	}

	/** Marks what is not durable up to {@code upTo} as lost; the caller holds the lost map's monitor. */
	private void lose(long upTo) {
		long from = this.durable.get() + 1;
		if (upTo >= from) {
			// lost before durable: whoever sees the record durable also sees it lost
			this.lost.put(from, upTo);
			this.durable.accumulateAndGet(upTo, Math::max);
		}
	}

	private boolean isLost(long sequence) {
		Map.Entry<Long, Long> range = this.lost.floorEntry(sequence);
		return range != null && range.getValue() >= sequence;
	}

	private static final class Waiter {

		private static final VarHandle WOKEN;

		static {
			try {
				WOKEN = MethodHandles.lookup().findVarHandle(Waiter.class, "woken", boolean.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		final long sequence;

		final Thread thread;

		@SuppressWarnings("unused")
		private volatile boolean woken;

		Waiter(long sequence, Thread thread) {
			this.sequence = sequence;
			this.thread = thread;
		}

		/** Whether this caller is the one to wake it. */
		boolean claim() {
			return WOKEN.compareAndSet(this, false, true);
		}

		boolean isClaimed() {
			return this.woken;
		}

	}

}
