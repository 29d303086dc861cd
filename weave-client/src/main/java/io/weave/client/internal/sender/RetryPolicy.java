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

	/**
	 * The largest backoff ceiling while the sender is blocked by its configuration (a wrong key
	 * or URL): long enough not to pester the server, short enough to notice a fix within minutes.
	 */
	public static final Duration MAX_BLOCKED_BACKOFF = Duration.ofMinutes(5);

	public RetryPolicy {
		if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException("Backoff must satisfy 0 <= initial <= max");
		}
		if (multiplier < 1 || maxRetries < 0 || maxRetryAfter.isNegative()) {
			throw new IllegalArgumentException("Retry multiplier must be >= 1 and counts and caps non-negative");
		}
	}

	/** 500 ms doubling up to 30 s, 10 retries, {@code Retry-After} honoured up to the 30 s of the backoff. */
	public static RetryPolicy defaults() {
		return new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 10, Duration.ofSeconds(30));
	}

	/**
	 * How long to wait before a retry: a random time up to the current ceiling, but no less than
	 * the server asked for, as far as that is honoured.
	 * @param retry the retry number, starting at 0
	 * @param retryAfter what the server asked for, or {@code null}
	 * @return the delay
	 */
	public Duration delay(int retry, Duration retryAfter) {
		return jittered(retry, this.maxBackoff, retryAfter);
	}

	/**
	 * Like {@link #delay(int, Duration)} while the server refuses the configuration: the
	 * ceiling keeps growing up to {@link #MAX_BLOCKED_BACKOFF}, since no retry can help until
	 * someone fixes it.
	 */
	public Duration blockedDelay(int retry, Duration retryAfter) {
		Duration ceiling = (this.maxBackoff.compareTo(MAX_BLOCKED_BACKOFF) > 0) ? this.maxBackoff : MAX_BLOCKED_BACKOFF;
		return jittered(retry, ceiling, retryAfter);
	}

	/**
	 * The part of a server's {@code Retry-After} that is honoured: all of it up to
	 * {@link #maxRetryAfter}.
	 * @param retryAfter what the server asked for, or {@code null}
	 * @return the wait, or {@code null} when none was asked for
	 */
	public Duration honoured(Duration retryAfter) {
		if (retryAfter == null || retryAfter.isNegative()) {
			return null;
		}
		return (retryAfter.compareTo(this.maxRetryAfter) > 0) ? this.maxRetryAfter : retryAfter;
	}

	private Duration jittered(int retry, Duration maxCeiling, Duration retryAfter) {
		double ceiling = nanos(this.initialBackoff) * Math.pow(this.multiplier, Math.max(0, retry));
		long capped = (long) Math.min(ceiling, nanos(maxCeiling));
		long delay = ThreadLocalRandom.current().nextLong(capped + 1);
		Duration honoured = honoured(retryAfter);
		if (honoured != null) {
			delay = Math.max(delay, nanos(honoured));
		}
		return Duration.ofNanos(delay);
	}

	/** Nanoseconds, saturated at a long's range rather than overflowing. */
	static long nanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

}
