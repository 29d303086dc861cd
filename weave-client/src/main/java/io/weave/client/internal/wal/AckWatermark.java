package io.weave.client.internal.wal;

import java.util.concurrent.TimeUnit;

/**
 * The sequence up to which every record of this process's writer is resolved, for a flush to
 * wait on. Records resolve in any order; the watermark moves over contiguous ones only.
 */
final class AckWatermark {

	private final AckTracker resolved = new AckTracker(0);

	synchronized void resolve(long sequence) {
		if (this.resolved.resolve(sequence - 1, sequence)) {
			notifyAll();
		}
	}

	synchronized long value() {
		return this.resolved.lowWater();
	}

	/** Waits until every record up to {@code sequence} is resolved; {@code false} on timeout. */
	synchronized boolean await(long sequence, long timeoutNanos) throws InterruptedException {
		long deadline = System.nanoTime() + timeoutNanos;
		while (this.resolved.lowWater() < sequence) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return false;
			}
			TimeUnit.NANOSECONDS.timedWait(this, remaining);
		}
		return true;
	}

}
