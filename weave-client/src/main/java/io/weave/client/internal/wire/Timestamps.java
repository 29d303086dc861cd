package io.weave.client.internal.wire;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Timestamps as the trace server takes them: ISO-8601, UTC, always three millisecond digits,
 * e.g. {@code 2026-11-23T10:15:30.123Z}. Every call's start and end carries one, so the years
 * 1970 to 9999 are formatted by hand, without a formatter or an intermediate date object.
 */
public final class Timestamps {

	/** The length of a formatted timestamp in that range. */
	public static final int LENGTH = 24;

	/** Where the milliseconds start: after {@code 2026-11-23T10:15:30.}. */
	public static final int MILLIS_OFFSET = 20;

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final long MILLIS_PER_DAY = 86_400_000L;

	/** 9999-12-31T23:59:59.999Z. */
	private static final long LAST_FOUR_DIGIT_YEAR_MILLIS = 253_402_300_799_999L;

	private Timestamps() {
	}

	public static String format(Instant instant) {
		return format(instant.toEpochMilli());
	}

	public static String format(long epochMillis) {
		if (!isFormattedByHand(epochMillis)) {
			return FORMAT.format(Instant.ofEpochMilli(epochMillis));
		}
		byte[] bytes = new byte[LENGTH];
		write(epochMillis, bytes, 0);
		return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
	}

	public static String now() {
		return format(System.currentTimeMillis());
	}

	/** Whether {@link #write} can format the instant: the years 1970 to 9999. */
	public static boolean isFormattedByHand(long epochMillis) {
		return epochMillis >= 0 && epochMillis <= LAST_FOUR_DIGIT_YEAR_MILLIS;
	}

	/**
	 * Writes the {@link #LENGTH} ASCII characters of an instant {@link #isFormattedByHand
	 * formatted by hand} into {@code bytes} from {@code offset} on.
	 */
	public static void write(long epochMillis, byte[] bytes, int offset) {
		long days = epochMillis / MILLIS_PER_DAY;
		int millisOfDay = (int) (epochMillis % MILLIS_PER_DAY);
		// Days to civil date: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"
		long shifted = days + 719_468;
		long era = shifted / 146_097;
		int dayOfEra = (int) (shifted - era * 146_097);
		int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
		int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
		int monthIndex = (5 * dayOfYear + 2) / 153;
		int day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
		int month = (monthIndex < 10) ? monthIndex + 3 : monthIndex - 9;
		int year = (int) (yearOfEra + era * 400) + ((month <= 2) ? 1 : 0);
		digits(bytes, offset, year / 100);
		digits(bytes, offset + 2, year % 100);
		bytes[offset + 4] = '-';
		digits(bytes, offset + 5, month);
		bytes[offset + 7] = '-';
		digits(bytes, offset + 8, day);
		bytes[offset + 10] = 'T';
		int seconds = millisOfDay / 1000;
		digits(bytes, offset + 11, seconds / 3600);
		bytes[offset + 13] = ':';
		digits(bytes, offset + 14, (seconds / 60) % 60);
		bytes[offset + 16] = ':';
		digits(bytes, offset + 17, seconds % 60);
		bytes[offset + 19] = '.';
		writeMillis(millisOfDay % 1000, bytes, offset);
	}

	/**
	 * Writes the part of a {@link #write written} instant that follows the second, its
	 * milliseconds and zone, into {@code bytes} from {@code offset + }{@link #MILLIS_OFFSET}:
	 * the rest repeats within a second.
	 */
	public static void writeMillis(int millis, byte[] bytes, int offset) {
		bytes[offset + MILLIS_OFFSET] = (byte) ('0' + millis / 100);
		digits(bytes, offset + MILLIS_OFFSET + 1, millis % 100);
		bytes[offset + MILLIS_OFFSET + 3] = 'Z';
	}

	private static void digits(byte[] bytes, int offset, int twoDigits) {
		bytes[offset] = (byte) ('0' + twoDigits / 10);
		bytes[offset + 1] = (byte) ('0' + twoDigits % 10);
	}

}
