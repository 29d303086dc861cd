package io.weave.client.internal.sender;

import org.junit.jupiter.api.Test;

import static io.weave.client.internal.sender.TestRequests.start;
import static org.assertj.core.api.Assertions.assertThat;

class OpenCallsTests {

	private final OpenCalls calls = new OpenCalls(2);

	@Test
	void countsHeldStartsOnly() {
		this.calls.hold(new SequencedRequest(1, start("a")));
		this.calls.remember(new SequencedRequest(2, start("b")));
		assertThat(this.calls.heldCount()).isEqualTo(1);
		assertThat(this.calls.take("a").sent()).isFalse();
		assertThat(this.calls.take("b").sent()).isTrue();
		assertThat(this.calls.take("b")).isNull();
		assertThat(this.calls.heldCount()).isZero();
	}

	@Test
	void evictsTheOldestWhenFull() {
		this.calls.hold(new SequencedRequest(1, start("a")));
		this.calls.hold(new SequencedRequest(2, start("b")));
		assertThat(this.calls.hold(new SequencedRequest(3, start("c")))).extracting(SequencedRequest::sequence)
			.containsExactly(1L);
		assertThat(this.calls.heldCount()).isEqualTo(2);
		assertThat(this.calls.take("a")).isNull();
	}

	@Test
	void evictingARememberedStartDisplacesNothingHeld() {
		this.calls.remember(new SequencedRequest(1, start("a")));
		this.calls.hold(new SequencedRequest(2, start("b")));
		assertThat(this.calls.hold(new SequencedRequest(3, start("c")))).isEmpty();
		assertThat(this.calls.heldCount()).isEqualTo(2);
	}

	@Test
	void sameIdDisplacesTheEarlierStart() {
		this.calls.hold(new SequencedRequest(1, start("a")));
		assertThat(this.calls.hold(new SequencedRequest(2, start("a")))).extracting(SequencedRequest::sequence)
			.containsExactly(1L);
		assertThat(this.calls.heldCount()).isEqualTo(1);
	}

	@Test
	void takesAllHeldStarts() {
		this.calls.hold(new SequencedRequest(1, start("a")));
		this.calls.remember(new SequencedRequest(2, start("b")));
		assertThat(this.calls.takeHeld()).extracting(SequencedRequest::sequence).containsExactly(1L);
		assertThat(this.calls.heldCount()).isZero();
		assertThat(this.calls.take("b")).isNotNull();
	}

}
