package io.weave.client.internal.sender;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.weave.client.FlushResult;
import io.weave.client.WeaveStats;
import io.weave.client.internal.transport.ScriptedTraceServer.Recorded;
import io.weave.client.internal.transport.ScriptedTraceServer.Reply;
import io.weave.client.internal.wire.WireRequest;

import static io.weave.client.internal.sender.TestRequests.end;
import static io.weave.client.internal.sender.TestRequests.object;
import static io.weave.client.internal.sender.TestRequests.start;
import static org.assertj.core.api.Assertions.assertThat;

class SenderFailureTests {

	private final SenderHarness harness = new SenderHarness();

	@AfterEach
	void close() {
		this.harness.close();
	}

	@Test
	void retriesServerErrorsThrottlingAndDroppedConnections() {
		this.harness.server.thenReply(Reply.status(503, ""), Reply.status(500, "boom"), Reply.retryAfter(429, "0"),
				Reply.drop());
		this.harness.start(SenderHarness.quick());
		this.harness.offer(start("c1"), end("c1"));
		this.harness.flushCompletely();
		List<Recorded> attempts = this.harness.server.requests(SenderHarness.UPSERT);
		assertThat(attempts).hasSize(5);
		assertThat(attempts).extracting(Recorded::bodyAsString).containsOnly(attempts.get(0).bodyAsString());
		WeaveStats stats = this.harness.stats.snapshot();
		assertThat(stats.requestsSent()).isEqualTo(2);
		assertThat(stats.requestsRetried()).isEqualTo(8);
		assertThat(stats.requestsDropped()).isZero();
	}

	@Test
	void waitsAtLeastAsLongAsRetryAfterSays() {
		this.harness.server.thenReply(Reply.retryAfter(503, "1"));
		this.harness.start(SenderHarness.quick());
		this.harness.offer(object("answer"));
		this.harness.flushCompletely();
		List<Recorded> attempts = this.harness.server.requests("/obj/create");
		assertThat(attempts).hasSize(2);
		assertThat(Duration.ofNanos(attempts.get(1).receivedAt() - attempts.get(0).receivedAt()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void givesUpAfterMaxRetriesAndCarriesOn() {
		this.harness.server.thenReply(Reply.status(503, "down"), Reply.status(503, "down"),
				Reply.status(503, "down"));
		this.harness.start(SenderHarness.quick().withRetry(
				new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 2, Duration.ofSeconds(1))));
		this.harness.offer(start("c1"), end("c1"));
		FlushResult result = this.harness.sender.flush(Duration.ofSeconds(10));
		assertThat(result.completed()).isTrue();
		assertThat(result.failed()).isEqualTo(2);
		assertThat(result.sent()).isZero();
		WeaveStats stats = this.harness.stats.snapshot();
		assertThat(stats.requestsDropped()).isEqualTo(2);
		assertThat(stats.requestsRetried()).isEqualTo(4);
		assertThat(stats.lastError()).contains("503");
		this.harness.offer(start("c2"));
		this.harness.flushCompletely();
		assertThat(this.harness.upsertBatches()).hasSize(4).last().isEqualTo(List.of("start:c2"));
	}

	@Test
	void batchTooLargeIsSplitUntilItFits() {
		List<WireRequest> calls = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			calls.add(start("c" + i, "x".repeat(200)));
		}
		int limit = 2 * calls.get(0).size() + 100;
		this.harness.server.otherwiseReply(
				(request) -> (request.body().length > limit) ? Reply.status(413, "too large") : Reply.ok());
		this.harness.start(SenderHarness.quick().withBatchSize(8));
		this.harness.offer(calls.toArray(WireRequest[]::new));
		this.harness.flushCompletely();
		List<String> delivered = deliveredUpserts(limit);
		assertThat(delivered).containsExactly("start:c0", "start:c1", "start:c2", "start:c3", "start:c4",
				"start:c5", "start:c6", "start:c7");
		assertThat(this.harness.stats.sentCount()).isEqualTo(8);
		assertThat(this.harness.stats.snapshot().requestsDeadLettered()).isZero();
	}

	@Test
	void singleItemTooLargeIsDeadLetteredAndTheRestDelivered() {
		int limit = 1500;
		this.harness.server.otherwiseReply(
				(request) -> (request.body().length > limit) ? Reply.status(413, "too large") : Reply.ok());
		this.harness.start(SenderHarness.quick());
		this.harness.offer(start("c1"), start("huge", "x".repeat(2000)), start("c2"), end("c1"));
		this.harness.flushCompletely();
		assertThat(deliveredUpserts(limit)).containsExactly("start:c1", "start:c2", "end:c1");
		assertThat(this.harness.deadLetters.recent()).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.key()).isEqualTo("huge");
			assertThat(deadLetter.reason()).contains("413");
		});
	}

	@Test
	void requestOverTheRequestLimitIsDeadLetteredUnsent() {
		this.harness.start(SenderHarness.quick().withMaxRequestBytes(1000));
		WireRequest oversized = TestRequests.request(io.weave.client.internal.wire.RequestType.OBJ_CREATE, "big",
				"{\"obj\":{\"val\":\"" + "x".repeat(2000) + "\"}}");
		this.harness.offer(oversized, object("small"));
		this.harness.flushCompletely();
		assertThat(this.harness.server.requests()).singleElement()
			.satisfies((request) -> assertThat(request.bodyAsString()).contains("small"));
		assertThat(this.harness.deadLetters.recent()).singleElement()
			.satisfies((deadLetter) -> assertThat(deadLetter.reason()).contains("exceeds the request limit"));
	}

	@Test
	void rejectedRequestIsDeadLetteredWithTheServersMessage() {
		this.harness.server.thenReply(Reply.status(400, "{\"detail\":\"object is invalid\"}"));
		this.harness.start(SenderHarness.quick());
		this.harness.offer(object("bad"), object("good"));
		this.harness.flushCompletely();
		assertThat(this.harness.server.requests("/obj/create")).hasSize(2);
		assertThat(this.harness.deadLetters.recent()).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.key()).isEqualTo("bad");
			assertThat(deadLetter.reason()).contains("400").contains("object is invalid");
		});
		WeaveStats stats = this.harness.stats.snapshot();
		assertThat(stats.requestsDeadLettered()).isEqualTo(1);
		assertThat(stats.requestsSent()).isEqualTo(1);
	}

	@Test
	void invalidItemInABatchIsNarrowedDownAndDeadLettered() {
		this.harness.server.otherwiseReply((request) -> request.bodyAsString().contains("\"id\":\"bad\"")
				? Reply.status(422, "{\"detail\":\"invalid item\"}") : Reply.ok());
		this.harness.start(SenderHarness.quick());
		this.harness.offer(start("a"), start("bad"), start("c"), start("d"), end("a"));
		this.harness.flushCompletely();
		assertThat(this.harness.deadLetters.recent()).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.key()).isEqualTo("bad");
			assertThat(deadLetter.reason()).contains("422").contains("invalid item");
		});
		assertThat(this.harness.stats.sentCount()).isEqualTo(4);
	}

	@Test
	void forbiddenBatchWaitsForAccessInsteadOfBeingDeadLettered() {
		this.harness.server.thenReply(Reply.status(403, "{\"detail\":\"no access\"}"));
		this.harness.start(SenderHarness.quick());
		this.harness.offer(start("a"), start("b"));
		this.harness.flushCompletely();
		assertThat(this.harness.server.requests()).hasSize(2);
		assertThat(this.harness.deadLetters.recent()).isEmpty();
		assertThat(this.harness.upsertBatches()).last().isEqualTo(List.of("start:a", "start:b"));
		assertThat(this.harness.stats.sentCount()).isEqualTo(2);
	}

	/** The upsert items the server accepted, i.e. those in bodies within its limit. */
	private List<String> deliveredUpserts(int limit) {
		List<String> delivered = new ArrayList<>();
		List<Recorded> requests = this.harness.server.requests(SenderHarness.UPSERT);
		List<List<String>> batches = this.harness.upsertBatches();
		for (int i = 0; i < requests.size(); i++) {
			if (requests.get(i).body().length <= limit) {
				delivered.addAll(batches.get(i));
			}
		}
		return delivered;
	}

}
