package io.weave.client.internal.transport;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses a {@code Retry-After} header: delay seconds or an HTTP-date. */
final class RetryAfter {

	private RetryAfter() {
	}

	/** The delay the header asks for, or {@code null} when absent or unreadable. */
	static Duration parse(String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		try {
			double seconds = Double.parseDouble(trimmed);
			return (seconds >= 0 && Double.isFinite(seconds)) ? Duration.ofMillis((long) (seconds * 1000)) : null;
		}
		catch (NumberFormatException ex) {
			return parseDate(trimmed, now);
		}
	}

	private static Duration parseDate(String value, Instant now) {
		try {
			Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration delay = Duration.between(now, at);
			return delay.isNegative() ? Duration.ZERO : delay;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
