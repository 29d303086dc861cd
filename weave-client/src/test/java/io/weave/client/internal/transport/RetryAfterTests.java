package io.weave.client.internal.transport;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	@Test
	void readsDelaySeconds() {
		assertThat(RetryAfter.parse("7", NOW)).isEqualTo(Duration.ofSeconds(7));
		assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void readsHttpDate() {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atOffset(ZoneOffset.UTC));
		assertThat(RetryAfter.parse(date, NOW)).isEqualTo(Duration.ofSeconds(90));
	}

	@Test
	void pastDateMeansNoWait() {
		assertThat(RetryAfter.parse("Sun, 01 Mar 2026 11:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void absurdDelaysSaturateInsteadOfOverflowing() {
		for (String absurd : new String[] { "99999999999", "1e400", "9223372036854775807",
				"Fri, 31 Dec 9999 23:59:59 GMT" }) {
			Duration delay = RetryAfter.parse(absurd, NOW);
			assertThat(delay).as(absurd).isEqualTo(RetryAfter.LONGEST);
			assertThat(delay.toNanos()).as(absurd).isPositive();
		}
	}

	@Test
	void ignoresWhatItCannotRead() {
		assertThat(RetryAfter.parse(null, NOW)).isNull();
		assertThat(RetryAfter.parse("", NOW)).isNull();
		assertThat(RetryAfter.parse("soon", NOW)).isNull();
		assertThat(RetryAfter.parse("-5", NOW)).isNull();
		assertThat(RetryAfter.parse("NaN", NOW)).isNull();
		assertThat(RetryAfter.parse("Thu, 99 Foo 2026 25:61:00 GMT", NOW)).isNull();
	}

}
