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

	/** The longest wait, far beyond any backoff yet small enough that no sum of times overflows. */
	private static final Duration LONGEST = Duration.ofDays(365 * 100);

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition hurried = this.lock.newCondition();

	private long generation;

	/**
	 * @param delay the backoff
	 * @param floor the least wait, e.g. the server's {@code Retry-After}, or {@code null}
	 */
	void await(Duration delay, Duration floor) throws InterruptedException {
		long start = System.nanoTime();
		// times are kept relative to the start: System.nanoTime() may wrap, and only differences compare safely
		long wait = bounded(delay);
		long least = (floor != null) ? bounded(floor) : 0;
		this.lock.lockInterruptibly();
		try {
			long seen = this.generation;
			for (long left = wait; left > 0; left = wait - (System.nanoTime() - start)) {
				if (this.generation != seen) {
					seen = this.generation;
					long elapsed = System.nanoTime() - start;
					wait = Math.min(wait, Math.max(least, elapsed + HURRIED.toNanos()));
					continue;
				}
				this.hurried.awaitNanos(left);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Nanoseconds of a wait, at most {@link #LONGEST}: any longer one is as good as forever. */
	private static long bounded(Duration wait) {
		return Math.max(0, Math.min(RetryPolicy.nanos(wait), LONGEST.toNanos()));
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
