package io.weave.client.internal.sender;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.weave.client.WeaveStats;
import io.weave.client.internal.transport.ScriptedTraceServer.Reply;

import static io.weave.client.internal.sender.TestRequests.end;
import static io.weave.client.internal.sender.TestRequests.object;
import static io.weave.client.internal.sender.TestRequests.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SenderCallsCompleteModeTests {

	private static final List<String> COMPLETED_KEYS = List.of("project_id", "id", "trace_id", "op_name",
			"started_at", "ended_at", "attributes", "inputs", "output", "summary");

	private final SenderHarness harness = new SenderHarness();

	@AfterEach
	void close() {
		this.harness.close();
	}

	@Test
	void switchesModeMidStreamAndLosesNothing() {
		AtomicInteger upserts = new AtomicInteger();
		this.harness.server.otherwiseReply((request) -> {
			if (request.path().equals(SenderHarness.UPSERT) && upserts.incrementAndGet() > 1) {
				return Reply.callsCompleteModeRequired();
			}
			return Reply.ok();
		});
		this.harness.start(SenderHarness.quick().withBatchSize(3));
		this.harness.offer(start("c1"), end("c1"), start("c2"));
		await().until(() -> this.harness.upsertBatches().size() == 1);
		this.harness.offer(end("c2"), start("c3"), end("c3"), start("c4"));
		this.harness.flushCompletely();
		assertThat(this.harness.sender.isCallsCompleteMode()).isTrue();
		assertThat(this.harness.sender.progress().openCalls()).isEqualTo(1);
		this.harness.offer(end("c4"));
		this.harness.flushCompletely();

		assertThat(this.harness.upsertBatches()).containsExactly(List.of("start:c1", "end:c1", "start:c2"),
				List.of("end:c2", "start:c3", "end:c3"));
		assertThat(this.harness.completeBatches()).containsExactly(List.of("c2", "c3"), List.of("c4"));
		assertThat(this.harness.server.requests(SenderHarness.COMPLETE)).allSatisfy((request) -> assertThat(
				request.batch()).allSatisfy((call) -> assertThat(fieldNames(call)).isEqualTo(COMPLETED_KEYS)));
		WeaveStats stats = this.harness.stats.snapshot();
		assertThat(stats.requestsSent()).isEqualTo(8);
		assertThat(stats.requestsDropped() + stats.requestsDeadLettered()).isZero();
		assertThat(stats.requestsPending()).isZero();
		assertThat(this.harness.sender.progress().openCalls()).isZero();
	}

	@Test
	void switchOnTheFirstBatchResendsItAsCompletedCalls() {
		this.harness.server.otherwiseReply((request) -> request.path().equals(SenderHarness.UPSERT)
				? Reply.callsCompleteModeRequired() : Reply.ok());
		this.harness.start(SenderHarness.quick());
		this.harness.offer(start("c1"), start("c2"), end("c2"), end("c1"));
		this.harness.flushCompletely();
		assertThat(this.harness.server.requests(SenderHarness.UPSERT)).hasSize(1);
		assertThat(this.harness.completeBatches()).containsExactly(List.of("c2", "c1"));
		assertThat(this.harness.stats.sentCount()).isEqualTo(4);
	}

	@Test
	void startsInCallsCompleteModeWhenConfigured() {
		this.harness.start(SenderHarness.quick().withCallsCompleteMode(true));
		this.harness.offer(start("c1"), object("answer"), start("c2"), end("c2"), end("c1"));
		this.harness.flushCompletely();
		assertThat(this.harness.server.requests(SenderHarness.UPSERT)).isEmpty();
		assertThat(this.harness.server.requests()).extracting((request) -> request.path())
			.containsExactly("/obj/create", SenderHarness.COMPLETE);
		assertThat(this.harness.completeBatches()).containsExactly(List.of("c2", "c1"));
		JsonNode call = this.harness.server.requests(SenderHarness.COMPLETE).get(0).batch().get(0);
		assertThat(call.path("trace_id").stringValue()).isEqualTo("trace-c2");
		assertThat(call.path("output").stringValue()).isEqualTo("done");
	}

	@Test
	void runningCallDoesNotHoldUpAFlush() {
		this.harness.start(SenderHarness.quick().withCallsCompleteMode(true));
		this.harness.offer(start("running"), start("c1"), end("c1"));
		this.harness.flushCompletely();
		assertThat(this.harness.completeBatches()).containsExactly(List.of("c1"));
		assertThat(this.harness.sender.progress().openCalls()).isEqualTo(1);
		assertThat(this.harness.sender.progress().pending()).isZero();
		assertThat(this.harness.stats.snapshot().requestsPending()).isEqualTo(1);
	}

	@Test
	void endWithoutStartIsDeadLettered() {
		this.harness.start(SenderHarness.quick().withCallsCompleteMode(true));
		this.harness.offer(end("orphan"), start("c1"), end("c1"));
		this.harness.flushCompletely();
		assertThat(this.harness.deadLetters.recent()).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.key()).isEqualTo("orphan");
			assertThat(deadLetter.reason()).contains("without a known start");
		});
		assertThat(this.harness.completeBatches()).containsExactly(List.of("c1"));
		assertThat(this.harness.stats.snapshot().requestsDeadLettered()).isEqualTo(1);
	}

	@Test
	void completeBatchesHoldUpToTheirOwnLimit() {
		this.harness.start(SenderHarness.quick().withCallsCompleteMode(true).withCompleteBatchSize(2)
			);
		for (int i = 1; i <= 5; i++) {
			this.harness.offer(start("c" + i), end("c" + i));
		}
		this.harness.flushCompletely();
		assertThat(this.harness.completeBatches()).containsExactly(List.of("c1", "c2"), List.of("c3", "c4"),
				List.of("c5"));
	}

	@Test
	void closeDropsStartsOfCallsStillRunning() {
		this.harness.start(SenderHarness.quick().withCallsCompleteMode(true));
		this.harness.offer(start("running"));
		assertThat(this.harness.sender.close(Duration.ofSeconds(5)).completed()).isTrue();
		assertThat(this.harness.stats.snapshot().requestsDropped()).isEqualTo(1);
		assertThat(this.harness.stats.snapshot().requestsPending()).isZero();
	}

	private static List<String> fieldNames(JsonNode node) {
		return node.properties().stream().map((entry) -> entry.getKey()).toList();
	}

}
