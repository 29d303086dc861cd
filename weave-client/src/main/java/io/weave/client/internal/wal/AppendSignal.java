package io.weave.client.internal.wal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Tells a waiting reader that records were appended, without costing appenders a lock when
 * nobody waits: the version moves with the writer's sequence (and with other changes), and
 * appenders only signal when a reader is registered. The reader notes the version before it
 * looks for records and waits only while it is unchanged, so no append slips through unnoticed.
 */
final class AppendSignal {

	private final AtomicLong version = new AtomicLong();

	private final AtomicInteger waiting = new AtomicInteger();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	/** The writer's sequence, which every append changes: an append needs no counter of its own. */
	private volatile LongSupplier appends = () -> 0;

	/** Counts the appends of a writer in the version from now on. */
	void track(LongSupplier sequence) {
		this.appends = sequence;
	}

	long version() {
		return this.version.get() + this.appends.getAsLong();
	}

	/**
	 * Tells a waiting reader about an append, after the writer's sequence moved on: a volatile
	 * write that comes before the read of the waiting count here, as the reader's count comes
	 * before its read of the version, so one of the two sees the other.
	 */
	void appended() {
		if (this.waiting.get() > 0) {
			wake();
		}
	}

	/** Tells a waiting reader about a change other than an append. */
	void signal() {
		this.version.incrementAndGet();
		if (this.waiting.get() > 0) {
			wake();
		}
	}

	private void wake() {
		this.lock.lock();
		try {
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Waits until the version differs from {@code seen} or the time is up; {@code false} on timeout. */
	boolean await(long seen, long timeoutNanos) throws InterruptedException {
		this.lock.lock();
		this.waiting.incrementAndGet();
		try {
			long remaining = timeoutNanos;
			while (version() == seen) {
				if (remaining <= 0) {
					return false;
				}
				remaining = this.changed.awaitNanos(remaining);
			}
			return true;
		}
		finally {
			this.waiting.decrementAndGet();
			this.lock.unlock();
		}
	}

}
