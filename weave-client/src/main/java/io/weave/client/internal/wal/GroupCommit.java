package io.weave.client.internal.wal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Shares fsyncs between appenders. An appender that needs its record on the device takes the
 * force lock; if an fsync that finished meanwhile already covers its record it leaves, otherwise
 * it forces the active segment and so covers everyone who wrote before. Threads that arrive
 * during an fsync queue on the lock and are then served by one more: two fsyncs per wave
 * instead of one per record.
 * <p>
 * A segment is only ever closed after a {@link #settle settling} fsync under the same lock, so a
 * record is durable once {@link #durable()} passes it, unless its fsync failed ({@link #isLost}).
 * Lock order: the writer's lock, then the force lock; never the other way round.
 */
final class GroupCommit {

	private final ReentrantLock forceLock = new ReentrantLock();

	private final AtomicLong durable = new AtomicLong();

	private final ConcurrentSkipListMap<Long, Long> lost = new ConcurrentSkipListMap<>();

	private final LongAdder syncs = new LongAdder();

	private final Supplier<WrittenSegment> active;

	private final Consumer<IOException> failures;

	GroupCommit(Supplier<WrittenSegment> active, Consumer<IOException> failures) {
		this.active = active;
		this.failures = failures;
	}

	/** Waits until the record with this sequence is on the device; {@code false} if its fsync failed. */
	boolean awaitDurable(long sequence) {
		if (this.durable.get() < sequence) {
			this.forceLock.lock();
			try {
				if (this.durable.get() < sequence) {
					syncActive();
				}
			}
			finally {
				this.forceLock.unlock();
			}
		}
		return this.durable.get() >= sequence && !isLost(sequence);
	}

	/** Forces whatever the active segment holds; {@code false} if that failed. */
	boolean sync() {
		this.forceLock.lock();
		try {
			return syncActive();
		}
		finally {
			this.forceLock.unlock();
		}
	}

	/** Forces a segment the writer is about to close, so that closing it leaves nothing unsettled. */
	void settle(WrittenSegment segment) {
		this.forceLock.lock();
		try {
			force(segment);
		}
		finally {
			this.forceLock.unlock();
		}
	}

	/** Records of a segment closed without an fsync (after a failed write) count as lost. */
	void abandon(WrittenSegment segment) {
		this.forceLock.lock();
		try {
			lose(segment.lastSequence());
		}
		finally {
			this.forceLock.unlock();
		}
	}

	long durable() {
		return this.durable.get();
	}

	long syncs() {
		return this.syncs.sum();
	}

	private boolean syncActive() {
		WrittenSegment segment = this.active.get();
		return segment == null || segment.isDone() || force(segment);
	}

	private boolean force(WrittenSegment segment) {
		long target = segment.lastSequence();
		if (target <= this.durable.get()) {
			return true;
		}
		try {
			segment.sync();
			this.syncs.increment();
			this.durable.accumulateAndGet(target, Math::max);
			return true;
		}
		catch (IOException ex) {
			segment.markBroken();
			lose(target);
			this.failures.accept(ex);
			return false;
		}
	}

	private void lose(long upTo) {
		long from = this.durable.get() + 1;
		if (upTo >= from) {
			this.lost.put(from, upTo);
			this.durable.accumulateAndGet(upTo, Math::max);
		}
	}

	private boolean isLost(long sequence) {
		Map.Entry<Long, Long> range = this.lost.floorEntry(sequence);
		return range != null && range.getValue() >= sequence;
	}

}
