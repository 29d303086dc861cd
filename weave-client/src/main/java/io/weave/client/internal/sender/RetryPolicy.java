package io.weave.client.internal.sender;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter for retryable failures.
 *
 * @param initialBackoff the backoff ceiling of the first retry
 * @param maxBackoff the largest backoff ceiling
 * @param multiplier how much the ceiling grows per retry
 * @param maxRetries how many times a request is retried before it is dropped
 * @param maxRetryAfter the longest server-requested {@code Retry-After} that is honoured
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, double multiplier, int maxRetries,
		Duration maxRetryAfter) {

	public RetryPolicy {
		if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException("Backoff must satisfy 0 <= initial <= max");
		}
		if (multiplier < 1 || maxRetries < 0 || maxRetryAfter.isNegative()) {
			throw new IllegalArgumentException("Retry multiplier must be >= 1 and counts and caps non-negative");
		}
	}

	/** 500 ms doubling up to 30 s, 10 retries, {@code Retry-After} honoured up to a minute. */
	public static RetryPolicy defaults() {
		return new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 10, Duration.ofSeconds(60));
	}

	/**
	 * How long to wait before a retry: a random time up to the current ceiling, but no less than
	 * the server asked for.
	 * @param retry the retry number, starting at 0
	 * @param retryAfter what the server asked for, or {@code null}
	 * @return the delay
	 */
	public Duration delay(int retry, Duration retryAfter) {
		double ceiling = this.initialBackoff.toNanos() * Math.pow(this.multiplier, retry);
		long capped = (long) Math.min(ceiling, this.maxBackoff.toNanos());
		long delay = ThreadLocalRandom.current().nextLong(capped + 1);
		if (retryAfter != null) {
			delay = Math.max(delay, Math.min(retryAfter.toNanos(), this.maxRetryAfter.toNanos()));
		}
		return Duration.ofNanos(delay);
	}

}
