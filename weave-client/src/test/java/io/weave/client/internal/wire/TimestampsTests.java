package io.weave.client.internal.wire;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTests {

	private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	@Test
	void formatsLikeTheIsoFormatterWithMilliseconds() {
		assertThat(Timestamps.format(Instant.parse("2026-11-23T10:15:30.123Z"))).isEqualTo("2026-11-23T10:15:30.123Z");
		assertThat(Timestamps.format(0)).isEqualTo("1970-01-01T00:00:00.000Z");
		assertThat(Timestamps.format(Instant.parse("2000-02-29T23:59:59.999Z"))).isEqualTo("2000-02-29T23:59:59.999Z");
		assertThat(Timestamps.format(Instant.parse("9999-12-31T23:59:59.999Z"))).isEqualTo("9999-12-31T23:59:59.999Z");
	}

	@Test
	void agreesWithTheReferenceFormatterAcrossTheRangeFormattedByHand() {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 200_000; i++) {
			long millis = random.nextLong(253_402_300_800_000L);
			assertThat(Timestamps.format(millis)).as("%d", millis).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(millis)));
		}
		for (long day = 0; day < 366L * 500; day++) {
			long millis = day * 86_400_000L + (day % 86_400_000L);
			assertThat(Timestamps.format(millis)).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(millis)));
		}
	}

	@Test
	void leavesInstantsOutsideFourDigitYearsSinceTheEpochToTheFormatter() {
		long before = Instant.parse("1969-12-31T23:59:59.999Z").toEpochMilli();
		long after = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli() + 1;
		assertThat(Timestamps.isFormattedByHand(before)).isFalse();
		assertThat(Timestamps.isFormattedByHand(after)).isFalse();
		assertThat(Timestamps.format(before)).isEqualTo("1969-12-31T23:59:59.999Z");
		assertThat(Timestamps.format(after)).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(after)));
	}

}
