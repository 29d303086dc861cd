package io.weave.client.internal.sender;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;

/**
 * A warning that repeats at most once per period, reporting how many occurrences it stands for,
 * so that an outage cannot flood the application's log. Recording is cheap and takes no lock
 * between two reports: a full queue records a drop on every traced call.
 */
final class ThrottledWarning {

	private final Logger logger;

	private final String message;

	private final long periodNanos;

	private final LongAdder unreported = new LongAdder();

	private volatile long lastLoggedAt;

	private volatile boolean logged;

	/**
	 * @param logger where to log
	 * @param message an SLF4J message with two placeholders: the count and a detail
	 * @param period the minimum time between two log lines
	 */
	ThrottledWarning(Logger logger, String message, Duration period) {
		this.logger = logger;
		this.message = message;
		this.periodNanos = period.toNanos();
	}

	void record(long count, Object detail) {
		this.unreported.add(count);
		if (this.logged && System.nanoTime() - this.lastLoggedAt < this.periodNanos) {
			return;
		}
		long report;
		synchronized (this) {
			long now = System.nanoTime();
			if (this.logged && now - this.lastLoggedAt < this.periodNanos) {
				return;
			}
			report = this.unreported.sumThenReset();
			this.lastLoggedAt = now;
			this.logged = true;
		}
		if (report > 0) {
			this.logger.warn(this.message, report, detail);
		}
	}

	/** Logs what has not been reported yet, if anything. */
	void flush(Object detail) {
		long report;
		synchronized (this) {
			report = this.unreported.sumThenReset();
		}
		if (report > 0) {
			this.logger.warn(this.message, report, detail);
		}
	}

}
