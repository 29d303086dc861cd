package io.weave.client.internal.sender;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.weave.client.FlushResult;
import io.weave.client.WeaveStats;
import io.weave.client.internal.transport.ScriptedTraceServer.Reply;

import static io.weave.client.internal.sender.TestRequests.end;
import static io.weave.client.internal.sender.TestRequests.object;
import static io.weave.client.internal.sender.TestRequests.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Answers that say the client's configuration is wrong (a key, a URL) keep the records until
 * it is fixed; answers that say one record is wrong single it out.
 */
class SenderBlockedTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final SenderHarness harness = new SenderHarness();

	private final AtomicInteger refusing = new AtomicInteger();

	@AfterEach
	void close() {
		this.harness.close();
	}

	@ParameterizedTest
	@ValueSource(ints = { 401, 403, 404, 301, 307 })
	void aRefusedConfigurationBlocksTheSenderAndNothingIsDroppedOrDeadLettered(int status) {
		refuseWith(status);
		// memory mode, few retries allowed: a blocked sender must not give up on them either
		this.harness.start(SenderHarness.quick());
		this.harness.offer(start("a"), end("a"), object("o"));
		assertThat(this.harness.sender.flush(Duration.ofMillis(300)).completed()).isFalse();
		await().atMost(WAIT).until(() -> this.harness.server.requests().size() > 8);
		assertThat(this.harness.senderState()).isEqualTo("blocked");
		WeaveStats stats = this.harness.stats.snapshot();
		assertThat(stats.requestsDropped()).isZero();
		assertThat(stats.requestsDeadLettered()).isZero();
		assertThat(stats.requestsSent()).isZero();
		assertThat(stats.lastError()).contains("HTTP " + status).doesNotContain(SenderHarness.API_KEY);
		assertThat(this.harness.deadLetters.recent()).isEmpty();
		this.refusing.set(0);
		FlushResult result = this.harness.sender.flush(WAIT);
		assertThat(result.completed()).as(result.toString()).isTrue();
		assertThat(result.sent()).isEqualTo(3);
		assertThat(this.harness.senderState()).isEqualTo("running");
		assertThat(this.harness.server.requests("/obj/create")).last()
			.satisfies((request) -> assertThat(request.bodyAsString()).contains("\"o\""));
	}

	@Test
	void aFlushCutsTheBlockedBackoffShortAndProbesOnce() {
		refuseWith(401);
		SenderSettings slow = SenderHarness.quick()
			.withRetry(new RetryPolicy(Duration.ofMinutes(2), Duration.ofMinutes(2), 2.0, 0, Duration.ZERO));
		this.harness.start(slow);
		// an object goes out on its own at once, without waiting for a batch
		this.harness.offer(object("o"));
		await().atMost(WAIT).until(() -> this.harness.senderState().equals("blocked"));
		int refused = this.harness.server.requests().size();
		// the key is fixed on the server's side; the sender would wait up to minutes for its next try
		this.refusing.set(0);
		FlushResult result = this.harness.sender.flush(WAIT);
		assertThat(result.completed()).as(result.toString()).isTrue();
		assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(20));
		assertThat(this.harness.server.requests()).hasSize(refused + 1);
		assertThat(this.harness.senderState()).isEqualTo("running");
	}

	@Test
	void aRecordThatAlwaysFailsWith500IsSingledOutAndDeadLetteredWhileTheOthersGetThrough() {
		this.harness.server.otherwiseReply((request) -> request.bodyAsString().contains("poison")
				? Reply.status(500, "{\"detail\":\"Internal Server Error\"}") : Reply.ok());
		// an unbounded retry count, as with the write-ahead log
		this.harness.start(SenderHarness.quick()
			.withRetry(new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, Integer.MAX_VALUE,
					Duration.ofSeconds(5))));
		this.harness.offer(start("a"), start("b"), start("c", "poison"), start("d"), end("a"), end("b"),
				end("c"), end("d"));
		FlushResult result = this.harness.sender.flush(WAIT);
		assertThat(result.completed()).as(result.toString()).isTrue();
		assertThat(this.harness.deadLetters.recent()).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.key()).isEqualTo("c");
			assertThat(deadLetter.reason()).contains("500").contains("this request alone");
		});
		assertThat(result.sent()).isEqualTo(7);
		this.harness.offer(start("e"));
		this.harness.flushCompletely();
		assertThat(this.harness.upsertBatches()).last().isEqualTo(List.of("start:e"));
	}

	@Test
	void anUnavailableServerIsNotTakenForAPoisonRecord() {
		this.harness.server.thenReply(Reply.status(503, ""), Reply.status(503, ""), Reply.status(502, ""),
				Reply.status(504, ""), Reply.status(503, ""), Reply.status(503, ""), Reply.status(503, ""));
		this.harness.start(SenderHarness.quick()
			.withRetry(new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, Integer.MAX_VALUE,
					Duration.ofSeconds(5))));
		this.harness.offer(object("o"));
		this.harness.flushCompletely();
		assertThat(this.harness.deadLetters.recent()).isEmpty();
		assertThat(this.harness.stats.sentCount()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "99999999999", "1e400", "Fri, 31 Dec 9999 23:59:59 GMT", "-1", "soon", "NaN" })
	void anyRetryAfterIsHonouredOnlyUpToTheCapAndTheRequestsStillGetThrough(String retryAfter) {
		this.harness.server.thenReply(Reply.retryAfter(429, retryAfter), Reply.retryAfter(503, retryAfter));
		this.harness.start(SenderHarness.quick()
			.withRetry(new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 5, Duration.ofMillis(200))));
		this.harness.offer(start("a"), end("a"));
		FlushResult result = this.harness.sender.flush(WAIT);
		assertThat(result.completed()).as(result.toString()).isTrue();
		assertThat(result.sent()).isEqualTo(2);
		this.harness.offer(object("after"));
		this.harness.flushCompletely();
		assertThat(this.harness.sender.isRunning()).isTrue();
	}

	/** The server refuses with {@code status} until {@link #refusing} is reset. */
	private void refuseWith(int status) {
		this.refusing.set(status);
		this.harness.server.otherwiseReply((request) -> {
			int refusal = this.refusing.get();
			if (refusal == 0) {
				return Reply.ok();
			}
			Reply reply = Reply.status(refusal, "{\"detail\":\"refused\"}");
			return (refusal >= 300 && refusal < 400)
					? new Reply(refusal, Map.of("Location", "https://elsewhere.example/"), "", false)
					: reply;
		});
	}

}
