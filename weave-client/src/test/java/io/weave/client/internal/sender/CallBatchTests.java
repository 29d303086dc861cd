package io.weave.client.internal.sender;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.weave.client.internal.sender.TestRequests.start;
import static org.assertj.core.api.Assertions.assertThat;

class CallBatchTests {

	@Test
	void fillsUpToTheItemLimitOfItsMode() {
		CallBatch batch = new CallBatch(2, 3, 1_000_000);
		batch.add(upsert(1), 0);
		assertThat(batch.isFull()).isFalse();
		batch.add(upsert(2), 0);
		assertThat(batch.isFull()).isTrue();
		assertThat(batch.take()).hasSize(2);
		assertThat(batch.isEmpty()).isTrue();
	}

	@Test
	void refusesItemsOfAnotherModeOrProject() {
		CallBatch batch = new CallBatch(10, 10, 1_000_000);
		batch.add(complete(1, "e/a"), 0);
		assertThat(batch.accepts(complete(2, "e/a"))).isTrue();
		assertThat(batch.accepts(complete(3, "e/b"))).isFalse();
		assertThat(batch.accepts(upsert(4))).isFalse();
	}

	@Test
	void refusesWhatWouldPassTheByteBound() {
		BatchEntry item = upsert(1);
		CallBatch batch = new CallBatch(10, 10, 2 * item.size());
		batch.add(item, 0);
		assertThat(batch.accepts(upsert(2))).isTrue();
		batch.add(upsert(2), 0);
		assertThat(batch.accepts(upsert(3))).isFalse();
	}

	@Test
	void chunksInOrderByProjectAndLimit() {
		List<List<BatchEntry>> chunks = new CallBatch(10, 2, 1_000_000).chunk(List.of(complete(1, "e/a"),
				complete(2, "e/a"), complete(3, "e/a"), complete(4, "e/b"), complete(5, "e/a")));
		assertThat(chunks).extracting((chunk) -> chunk.stream().map((item) -> item.requests().get(0).sequence())
			.toList()).containsExactly(List.of(1L, 2L), List.of(3L), List.of(4L), List.of(5L));
	}

	private static BatchEntry upsert(long sequence) {
		return BatchEntry.upsert(new SequencedRequest(sequence, start("c" + sequence)));
	}

	private static BatchEntry complete(long sequence, String projectId) {
		return BatchEntry.complete(List.of(new SequencedRequest(sequence, start("c" + sequence))),
				new CompletedCall(projectId, "{}".getBytes(StandardCharsets.UTF_8)));
	}

}
