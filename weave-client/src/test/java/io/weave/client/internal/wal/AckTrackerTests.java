package io.weave.client.internal.wal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AckTrackerTests {

	@Test
	void advancesOverContiguousRangesOnly() {
		AckTracker tracker = new AckTracker(100);
		assertThat(tracker.resolve(100, 150)).isTrue();
		assertThat(tracker.lowWater()).isEqualTo(150);
		assertThat(tracker.resolve(200, 260)).isTrue();
		assertThat(tracker.resolve(260, 300)).isTrue();
		assertThat(tracker.lowWater()).isEqualTo(150);
		assertThat(tracker.gaps()).isEqualTo(1);
		assertThat(tracker.resolve(150, 200)).isTrue();
		assertThat(tracker.lowWater()).isEqualTo(300);
		assertThat(tracker.gaps()).isZero();
	}

	@Test
	void resolvingTwiceCountsOnce() {
		AckTracker tracker = new AckTracker(0);
		assertThat(tracker.resolve(0, 10)).isTrue();
		assertThat(tracker.resolve(0, 10)).isFalse();
		assertThat(tracker.resolve(20, 30)).isTrue();
		assertThat(tracker.resolve(20, 30)).isFalse();
		assertThat(tracker.resolve(30, 40)).isTrue();
		assertThat(tracker.resolve(30, 40)).isFalse();
		assertThat(tracker.lowWater()).isEqualTo(10);
	}

	@Test
	void rangesBelowTheCheckpointAreAlreadyResolved() {
		AckTracker tracker = new AckTracker(500);
		assertThat(tracker.resolve(0, 100)).isFalse();
		assertThat(tracker.lowWater()).isEqualTo(500);
	}

	@Test
	void reverseOrderClosesEveryGapAtTheEnd() {
		AckTracker tracker = new AckTracker(0);
		for (int i = 99; i >= 1; i--) {
			tracker.resolve(i * 10L, i * 10L + 10);
		}
		assertThat(tracker.lowWater()).isZero();
		assertThat(tracker.gaps()).isEqualTo(1);
		tracker.resolve(0, 10);
		assertThat(tracker.lowWater()).isEqualTo(1000);
	}

}
