package io.weave.client.internal.sender;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResolutionTrackerTests {

	private final ResolutionTracker tracker = new ResolutionTracker();

	@Test
	void inOrderResolutionAdvancesTheMark() throws InterruptedException {
		this.tracker.resolve(1);
		this.tracker.resolve(2);
		assertThat(this.tracker.awaitResolved(2, 0, TimeUnit.NANOSECONDS)).isTrue();
		assertThat(this.tracker.awaitResolved(3, 0, TimeUnit.NANOSECONDS)).isFalse();
		assertThat(this.tracker.unresolvedUpTo(5)).isEqualTo(3);
	}

	@Test
	void earlyResolutionCountsOnceTheGapCloses() throws InterruptedException {
		this.tracker.resolve(3);
		this.tracker.resolve(5);
		assertThat(this.tracker.unresolvedUpTo(5)).isEqualTo(3);
		assertThat(this.tracker.awaitResolved(3, 0, TimeUnit.NANOSECONDS)).isFalse();
		this.tracker.resolve(1);
		this.tracker.resolve(2);
		assertThat(this.tracker.awaitResolved(3, 0, TimeUnit.NANOSECONDS)).isTrue();
		assertThat(this.tracker.unresolvedUpTo(5)).isEqualTo(1);
		this.tracker.resolve(4);
		assertThat(this.tracker.unresolvedUpTo(5)).isZero();
	}

	@Test
	void resolvingTwiceCountsOnce() {
		this.tracker.resolve(2);
		this.tracker.resolve(2);
		this.tracker.resolve(1);
		this.tracker.resolve(1);
		assertThat(this.tracker.resolvedCount()).isEqualTo(2);
	}

	@Test
	void waiterWakesWhenItsTargetIsReached() throws Exception {
		Thread resolver = new Thread(() -> {
			this.tracker.resolve(2);
			this.tracker.resolve(1);
		});
		resolver.start();
		assertThat(this.tracker.awaitResolved(2, 10, TimeUnit.SECONDS)).isTrue();
		resolver.join();
	}

}
