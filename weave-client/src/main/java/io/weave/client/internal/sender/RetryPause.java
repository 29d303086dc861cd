package io.weave.client.internal.sender;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The wait between retries. A flush hurries it: someone is waiting for the server now, so a
 * backoff that has grown to many seconds is cut to {@link #HURRIED} — never below what the
 * server asked for with {@code Retry-After}.
 */
final class RetryPause {

	static final Duration HURRIED = Duration.ofMillis(500);

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition hurried = this.lock.newCondition();

	private long generation;

	/**
	 * @param delay the backoff
	 * @param floor the least wait, e.g. the server's {@code Retry-After}, or {@code null}
	 */
	void await(Duration delay, Duration floor) throws InterruptedException {
		long now = System.nanoTime();
		long deadline = later(now, RetryPolicy.nanos(delay));
		long earliest = later(now, (floor != null) ? RetryPolicy.nanos(floor) : 0);
		this.lock.lockInterruptibly();
		try {
			long seen = this.generation;
			for (long left = deadline - now; left > 0; left = deadline - System.nanoTime()) {
				if (this.generation != seen) {
					seen = this.generation;
					deadline = Math.min(deadline, Math.max(earliest, System.nanoTime() + HURRIED.toNanos()));
					continue;
				}
				this.hurried.awaitNanos(left);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** {@code now + nanos}, saturated: a wait too long to represent is as good as forever. */
	private static long later(long now, long nanos) {
		long at = now + Math.max(0, nanos);
		return (at - now < 0) ? now + Long.MAX_VALUE : at;
	}

	void hurry() {
		this.lock.lock();
		try {
			this.generation++;
			this.hurried.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
