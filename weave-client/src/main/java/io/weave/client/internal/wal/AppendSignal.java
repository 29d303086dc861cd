package io.weave.client.internal.wal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells a waiting reader that records were appended, without costing appenders a lock when
 * nobody waits: appenders bump a version and only signal when a reader is registered. The
 * reader notes the version before it looks for records and waits only while it is unchanged,
 * so no append slips through unnoticed.
 */
final class AppendSignal {

	private final AtomicLong version = new AtomicLong();

	private final AtomicInteger waiting = new AtomicInteger();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	long version() {
		return this.version.get();
	}

	void signal() {
		this.version.incrementAndGet();
		if (this.waiting.get() > 0) {
			this.lock.lock();
			try {
				this.changed.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/** Waits until the version differs from {@code seen} or the time is up; {@code false} on timeout. */
	boolean await(long seen, long timeoutNanos) throws InterruptedException {
		this.lock.lock();
		this.waiting.incrementAndGet();
		try {
			long remaining = timeoutNanos;
			while (this.version.get() == seen) {
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
