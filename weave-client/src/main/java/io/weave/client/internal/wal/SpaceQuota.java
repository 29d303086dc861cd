package io.weave.client.internal.wal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bound on the bytes of all segments in the project directory. Appends reserve their bytes
 * up front (lock-free); deleting a segment gives its bytes back. Other processes appending to the
 * same directory are only seen when the usage is {@link #recompute recomputed} from the files, so
 * the bound can be overshot by what they wrote since; this process's own appends never overshoot
 * it.
 */
final class SpaceQuota {

	private final long maxBytes;

	private final FullPolicy policy;

	private final long blockNanos;

	private final AtomicLong used = new AtomicLong();

	private final AtomicLong inFlight = new AtomicLong();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition freed = this.lock.newCondition();

	private volatile boolean closed;

	SpaceQuota(long maxBytes, FullPolicy policy, Duration blockTimeout) {
		this.maxBytes = maxBytes;
		this.policy = policy;
		this.blockNanos = blockTimeout.toNanos();
	}

	/** Reserves room for a record, waiting for it with {@link FullPolicy#BLOCK}; {@code false} when full. */
	boolean reserve(long bytes) {
		if (tryReserve(bytes)) {
			return true;
		}
		if (this.policy == FullPolicy.DROP_NEWEST || bytes > this.maxBytes || this.blockNanos <= 0) {
			return false;
		}
		return awaitSpace(bytes);
	}

	/** A reservation's bytes are in a segment now. */
	void written(long bytes) {
		this.inFlight.addAndGet(-bytes);
	}

	/** A reservation that was not written. */
	void cancel(long bytes) {
		this.inFlight.addAndGet(-bytes);
		release(bytes);
	}

	/** Gives back the bytes of a deleted segment. */
	void release(long bytes) {
		this.used.accumulateAndGet(bytes, (current, freedBytes) -> Math.max(0, current - freedBytes));
		signalFreed();
	}

	/**
	 * Replaces the running count by what the directory holds plus what is reserved but not written
	 * yet. Call it between two writes of this process, or its bytes may be counted twice or never.
	 */
	void recompute(long measuredBytes) {
		long total = measuredBytes + this.inFlight.get();
		long before = this.used.getAndSet(total);
		if (total < before) {
			signalFreed();
		}
	}

	long used() {
		return this.used.get();
	}

	long maxBytes() {
		return this.maxBytes;
	}

	void close() {
		this.closed = true;
		signalFreed();
	}

	/**
	 * Takes room for a record written at once under the writer's lock, which a
	 * {@link #recompute} also holds: never in flight, so not counted as such.
	 */
	boolean tryTake(long bytes) {
		long current = this.used.get();
		while (current + bytes <= this.maxBytes) {
			if (this.used.compareAndSet(current, current + bytes)) {
				return true;
			}
			current = this.used.get();
		}
		return false;
	}

	/** Reserves room for a record if there is some now. */
	boolean tryReserve(long bytes) {
		if (!tryTake(bytes)) {
			return false;
		}
		this.inFlight.addAndGet(bytes);
		return true;
	}

	private boolean awaitSpace(long bytes) {
		long deadline = System.nanoTime() + this.blockNanos;
		this.lock.lock();
		try {
			while (!tryReserve(bytes)) {
				long remaining = deadline - System.nanoTime();
				if (this.closed || remaining <= 0) {
					return false;
				}
				this.freed.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void signalFreed() {
		this.lock.lock();
		try {
			this.freed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
