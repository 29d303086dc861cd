package io.weave.client.internal.transport;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Parses a {@code Retry-After} header: delay seconds or an HTTP-date. Whatever a server sends,
 * the result is a delay that converts to nanoseconds without overflow; how much of it is
 * honoured is the retry policy's business.
 */
final class RetryAfter {

	/** The longest delay returned: any longer one is as good as forever, and no longer fits in nanoseconds. */
	static final Duration LONGEST = Duration.ofDays(365);

	private RetryAfter() {
	}

	/** The delay the header asks for, at most {@link #LONGEST}, or {@code null} when absent or unreadable. */
	static Duration parse(String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		try {
			double seconds = Double.parseDouble(trimmed);
			return (seconds >= 0 && !Double.isNaN(seconds)) ? atMostLongest(seconds * 1000) : null;
		}
		catch (NumberFormatException ex) {
			return parseDate(trimmed, now);
		}
	}

	private static Duration atMostLongest(double millis) {
		return (millis >= LONGEST.toMillis()) ? LONGEST : Duration.ofMillis((long) millis);
	}

	private static Duration parseDate(String value, Instant now) {
		try {
			Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			if (!at.isAfter(now)) {
				return Duration.ZERO;
			}
			return at.isAfter(now.plus(LONGEST)) ? LONGEST : Duration.between(now, at);
		}
		catch (DateTimeException | ArithmeticException ex) {
			return null;
		}
	}

}
