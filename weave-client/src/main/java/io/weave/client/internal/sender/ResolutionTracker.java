package io.weave.client.internal.sender;

import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tracks which sequence numbers are resolved, so that a flush can wait for everything accepted
 * before it. Requests mostly resolve in order; the few that resolve early (e.g. a call start
 * set aside until its end arrives) are kept in a set until the low-water mark reaches them.
 */
final class ResolutionTracker {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition advanced = this.lock.newCondition();

	private final TreeSet<Long> resolvedAhead = new TreeSet<>();

	/** Every sequence number up to and including this one is resolved. */
	private long lowWaterMark;

	private volatile long resolvedCount;

	/** Marks a sequence number resolved; resolving one twice has no further effect. */
	void resolve(long sequence) {
		this.lock.lock();
		try {
			if (sequence <= this.lowWaterMark || this.resolvedAhead.contains(sequence)) {
				return;
			}
			this.resolvedCount++;
			if (sequence != this.lowWaterMark + 1) {
				this.resolvedAhead.add(sequence);
				return;
			}
			this.lowWaterMark = sequence;
			while (!this.resolvedAhead.isEmpty() && this.resolvedAhead.first() == this.lowWaterMark + 1) {
				this.lowWaterMark = this.resolvedAhead.pollFirst();
			}
			this.advanced.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until every sequence number up to {@code target} is resolved.
	 * @return whether they are
	 */
	boolean awaitResolved(long target, long timeout, TimeUnit unit) throws InterruptedException {
		long remaining = unit.toNanos(timeout);
		this.lock.lockInterruptibly();
		try {
			while (this.lowWaterMark < target) {
				if (remaining <= 0) {
					return false;
				}
				remaining = this.advanced.awaitNanos(remaining);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How many sequence numbers up to {@code target} are not resolved yet. */
	long unresolvedUpTo(long target) {
		this.lock.lock();
		try {
			if (target <= this.lowWaterMark) {
				return 0;
			}
			return (target - this.lowWaterMark) - this.resolvedAhead.headSet(target, true).size();
		}
		finally {
			this.lock.unlock();
		}
	}

	long resolvedCount() {
		return this.resolvedCount;
	}

}
