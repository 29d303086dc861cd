package io.weave.client.internal.wal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Lets a repeated warning through at most once per interval, so a full disk does not flood the log. */
final class WarnThrottle {

	private final long intervalNanos;

	private final AtomicLong next = new AtomicLong(System.nanoTime());

	WarnThrottle(Duration interval) {
		this.intervalNanos = interval.toNanos();
	}

	boolean tryAcquire() {
		long now = System.nanoTime();
		long due = this.next.get();
		return now - due >= 0 && this.next.compareAndSet(due, now + this.intervalNanos);
	}

}
