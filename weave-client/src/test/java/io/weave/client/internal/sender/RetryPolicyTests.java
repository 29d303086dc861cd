package io.weave.client.internal.sender;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryPolicyTests {

	private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 3,
			Duration.ofSeconds(5));

	@Test
	void delayStaysUnderTheGrowingCeiling() {
		for (int i = 0; i < 200; i++) {
			assertThat(this.policy.delay(0, null)).isBetween(Duration.ZERO, Duration.ofMillis(100));
			assertThat(this.policy.delay(2, null)).isBetween(Duration.ZERO, Duration.ofMillis(400));
			assertThat(this.policy.delay(30, null)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
		}
	}

	@Test
	void delayIsJittered() {
		long distinct = java.util.stream.IntStream.range(0, 50)
			.mapToObj((i) -> this.policy.delay(3, null))
			.distinct()
			.count();
		assertThat(distinct).isGreaterThan(1);
	}

	@Test
	void retryAfterIsALowerBoundUpToItsCap() {
		assertThat(this.policy.delay(0, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.policy.delay(0, Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void aRetryAfterBeyondNanosecondsIsCappedNotOverflowed() {
		Duration absurd = Duration.ofSeconds(99_999_999_999L * 1000);
		assertThat(this.policy.delay(0, absurd)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.policy.honoured(absurd)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.policy.honoured(Duration.ofSeconds(-1))).isNull();
		assertThat(this.policy.delay(Integer.MAX_VALUE, null)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
	}

	@Test
	void blockedDelayGrowsToMinutes() {
		for (int i = 0; i < 200; i++) {
			assertThat(this.policy.blockedDelay(0, null)).isBetween(Duration.ZERO, Duration.ofMillis(100));
			assertThat(this.policy.blockedDelay(60, null)).isBetween(Duration.ZERO, RetryPolicy.MAX_BLOCKED_BACKOFF);
		}
		long beyondTheUsualCeiling = java.util.stream.IntStream.range(0, 50)
			.mapToObj((i) -> this.policy.blockedDelay(60, null))
			.filter((delay) -> delay.compareTo(Duration.ofSeconds(1)) > 0)
			.count();
		assertThat(beyondTheUsualCeiling).isPositive();
	}

	@Test
	void rejectsNonsense() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, 3, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), 0.5, 3, Duration.ZERO));
	}

}
