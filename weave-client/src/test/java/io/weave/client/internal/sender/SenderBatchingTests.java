package io.weave.client.internal.sender;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.weave.client.internal.transport.ScriptedTraceServer.Recorded;
import io.weave.client.internal.wire.WireRequest;

import static io.weave.client.internal.sender.TestRequests.end;
import static io.weave.client.internal.sender.TestRequests.file;
import static io.weave.client.internal.sender.TestRequests.object;
import static io.weave.client.internal.sender.TestRequests.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SenderBatchingTests {

	private final SenderHarness harness = new SenderHarness();

	@AfterEach
	void close() {
		this.harness.close();
	}

	@Test
	void fullBatchesGoOutWithoutWaitingAndTheRestOnFlush() {
		this.harness.start(SenderHarness.quick().withBatchSize(3));
		this.harness.offer(start("c1"), end("c1"), start("c2"), end("c2"), start("c3"), end("c3"), start("c4"));
		await().until(() -> this.harness.upsertBatches().size() == 2);
		this.harness.flushCompletely();
		assertThat(this.harness.upsertBatches()).containsExactly(List.of("start:c1", "end:c1", "start:c2"),
				List.of("end:c2", "start:c3", "end:c3"), List.of("start:c4"));
	}

	@Test
	void partialBatchGoesOutAfterTheInterval() {
		this.harness.start(SenderHarness.quick().withBatchSize(100).withBatchInterval(Duration.ofMillis(100)));
		this.harness.offer(start("c1"), end("c1"));
		await().until(() -> this.harness.upsertBatches().size() == 1);
		assertThat(this.harness.upsertBatches()).containsExactly(List.of("start:c1", "end:c1"));
	}

	@Test
	void batchIsClosedAtTheByteBound() {
		WireRequest large = start("c0", "x".repeat(400));
		int bound = (int) (2.5 * large.size());
		this.harness.start(SenderHarness.quick().withMaxBatchBytes(bound));
		this.harness.offer(start("c1", "x".repeat(400)), start("c2", "x".repeat(400)), start("c3", "x".repeat(400)),
				start("c4", "x".repeat(400)));
		this.harness.flushCompletely();
		assertThat(this.harness.upsertBatches()).containsExactly(List.of("start:c1", "start:c2"),
				List.of("start:c3", "start:c4"));
		assertThat(this.harness.server.requests()).allSatisfy((request) -> assertThat(request.body().length)
			.isLessThanOrEqualTo(bound));
	}

	@Test
	void upsertBatchBodyIsTheSerializedRequestsWrapped() {
		this.harness.start(SenderHarness.quick());
		WireRequest start = start("c1");
		WireRequest end = end("c1");
		this.harness.offer(start, end);
		this.harness.flushCompletely();
		Recorded batch = this.harness.server.requests(SenderHarness.UPSERT).get(0);
		assertThat(batch.bodyAsString()).isEqualTo("{\"batch\":[{\"mode\":\"start\",\"req\":" + start.bodyAsString()
				+ "},{\"mode\":\"end\",\"req\":" + end.bodyAsString() + "}]}");
	}

	@Test
	void objectsAndFilesGoOutAloneAndInOrderWithCalls() {
		this.harness.start(SenderHarness.quick());
		this.harness.offer(start("c1"), file("obj.py", "def answer(): ..."), object("answer"), start("c2"),
				end("c2"), end("c1"));
		this.harness.flushCompletely();
		assertThat(this.harness.server.requests()).extracting(Recorded::path)
			.containsExactly(SenderHarness.UPSERT, "/file/create", "/obj/create", SenderHarness.UPSERT);
		assertThat(this.harness.upsertBatches()).containsExactly(List.of("start:c1"),
				List.of("start:c2", "end:c2", "end:c1"));
		assertThat(this.harness.stats.sentCount()).isEqualTo(6);
	}

}
