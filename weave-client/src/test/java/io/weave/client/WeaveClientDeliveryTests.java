package io.weave.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;
import io.weave.test.WeaveServerExtension;

import static io.weave.test.WeaveAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How calls reach the server through the client's public API: wire modes, failures, flush
 * and finish.
 */
class WeaveClientDeliveryTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	static final WeaveServerExtension weave = new WeaveServerExtension();

	@AfterEach
	void everyRequestWasValid() {
		assertThat(weave.server()).allRequestsValid();
	}

	@Test
	void sendsThroughCallsCompleteWhenConfigured() {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = TestClients.builder(server).callsCompleteMode(true).build()) {
			traceTree(client, "complete");
			assertThat(client.flush(WAIT).completed()).isTrue();
		}
		assertThat(server.callsNamed("complete")).hasSize(1).allMatch(ReceivedCall::viaCallsComplete);
		assertThat(server.requests()).noneMatch((r) -> r.path().startsWith("/call/"));
		assertThat(server).hasCompleteCalls(2).hasNoDuplicates();
	}

	@Test
	void switchesToCallsCompleteWhenTheServerRequiresItAndLosesNothing() {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = TestClients.builder(server).build()) {
			traceTree(client, "before");
			assertThat(client.flush(WAIT).completed()).isTrue();
			server.requireCallsCompleteMode(true);
			for (int i = 0; i < 5; i++) {
				traceTree(client, "after");
			}
			FlushResult result = client.flush(WAIT);
			assertThat(result.completed()).isTrue();
			assertThat(result.failed()).isZero();
		}
		assertThat(server.callsNamed("before")).hasSize(1).noneMatch(ReceivedCall::viaCallsComplete);
		assertThat(server.callsNamed("after")).hasSize(5).allMatch(ReceivedCall::viaCallsComplete);
		assertThat(server).hasCompleteCalls(12).allCallsComplete().hasNoDuplicates();
		assertThat(server.requests()).anyMatch((r) -> r.status() == 400);
	}

	@Test
	void retriesServerErrorsAndRateLimitsUntilDelivered() {
		FakeWeaveServer server = weave.server();
		server.faults().onPath("/call/").failNext(3, 503);
		// Retry-After is honoured up to the longest backoff
		try (WeaveClient client = TestClients.builder(server).backoff(Duration.ofMillis(10), Duration.ofSeconds(2))
			.build()) {
			traceTree(client, "retried");
			assertThat(client.flush(WAIT).completed()).isTrue();
			server.faults().clear();
			server.faults().onPath("/call/").rateLimitNext(1, Duration.ofSeconds(1));
			traceTree(client, "limited");
			assertThat(client.flush(WAIT).completed()).isTrue();
			assertThat(client.stats().requestsRetried()).isGreaterThanOrEqualTo(4);
			assertThat(client.stats().lastError()).isNotNull().doesNotContain(server.apiKey());
		}
		assertThat(server).hasCompleteCalls(4).hasNoDuplicates();
		List<Long> limited = server.requests()
			.stream()
			.filter((r) -> r.path().equals("/call/upsert_batch"))
			.map((r) -> r.receivedAt().toEpochMilli())
			.toList();
		assertThat(limited.get(limited.size() - 1) - limited.get(limited.size() - 2)).isGreaterThanOrEqualTo(1000);
	}

	@Test
	void droppedConnectionsAreRetried() {
		FakeWeaveServer server = weave.server();
		server.faults().onPath("/call/").dropNext(2);
		try (WeaveClient client = TestClients.builder(server).build()) {
			traceTree(client, "dropped");
			assertThat(client.flush(WAIT).completed()).isTrue();
		}
		assertThat(server).hasCompleteCalls(2).hasNoDuplicates();
	}

	@Test
	void batchesTooLargeForTheServerAreSplitAndAnOversizedRecordIsDeadLettered() {
		FakeWeaveServer server = weave.server();
		server.faults().onPath("/call/").limitBodySize(6_000);
		try (WeaveClient client = TestClients.builder(server).batchInterval(Duration.ofMillis(200)).build()) {
			for (int i = 0; i < 20; i++) {
				client.run("small", Map.of("text", "s".repeat(200)), () -> {
				});
			}
			client.run("huge", Map.of("text", "h".repeat(20_000)), () -> {
			});
			client.run("later", Map.of(), () -> {
			});
			FlushResult result = client.flush(WAIT);
			assertThat(result.completed()).isTrue();
			assertThat(client.stats().requestsDeadLettered()).isEqualTo(1);
		}
		assertThat(server.callsNamed("small")).hasSize(20).allMatch(ReceivedCall::isComplete);
		assertThat(server.callsNamed("later")).hasSize(1).allMatch(ReceivedCall::isComplete);
		assertThat(server.callsNamed("huge")).allMatch((c) -> !c.hasStart());
		assertThat(server.requests()).anyMatch((r) -> r.status() == 413);
	}

	@Test
	void aRejectedRecordIsDeadLetteredWithTheServersMessageAndDoesNotBlockOthers() {
		FakeWeaveServer server = weave.server();
		server.faults().rejectBodiesContaining("poison-pill", 400, "bad record");
		try (WeaveClient client = TestClients.builder(server).batchSize(1).build()) {
			client.run("poison", Map.of("x", "poison-pill"), () -> {
			});
			traceTree(client, "healthy");
			assertThat(client.flush(WAIT).completed()).isTrue();
			assertThat(client.stats().requestsDeadLettered()).isEqualTo(1);
			assertThat(client.stats().lastError()).contains("bad record");
		}
		assertThat(server.callsNamed("healthy")).hasSize(1).allMatch(ReceivedCall::isComplete);
	}

	@Test
	void flushTimesOutWhileTheServerIsDownAndDeliversOnceItIsBack() {
		FakeWeaveServer server = weave.server();
		server.faults().onPath("/call/").failFor(Duration.ofHours(1), 503);
		try (WeaveClient client = TestClients.builder(server).maxRetries(1_000).build()) {
			traceTree(client, "outage");
			FlushResult timedOut = client.flush(Duration.ofMillis(300));
			assertThat(timedOut.completed()).isFalse();
			assertThat(timedOut.pending()).isPositive();
			server.faults().clear();
			FlushResult recovered = client.flush(WAIT);
			assertThat(recovered.completed()).isTrue();
			assertThat(recovered.pending()).isZero();
		}
		assertThat(server).hasCompleteCalls(2).hasNoDuplicates();
	}

	@Test
	void flushWithNothingPendingCompletesAtOnce() {
		try (WeaveClient client = TestClients.builder(weave.server()).build()) {
			FlushResult result = client.flush(Duration.ZERO);
			assertThat(result.completed()).isTrue();
			assertThat(result.pending()).isZero();
		}
	}

	@Test
	void finishReportsProgressThenShutsDown() {
		FakeWeaveServer server = weave.server();
		server.faults().delay(Duration.ofMillis(150));
		List<String> events = new CopyOnWriteArrayList<>();
		WeaveClient client = TestClients.builder(server).batchSize(1).build();
		for (int i = 0; i < 4; i++) {
			traceTree(client, "slow");
		}
		FlushResult result = client.finish(WAIT, new FlushListener() {

			@Override
			public void onProgress(long sent, long pending, Duration elapsed) {
				events.add("progress " + sent + "/" + pending);
			}

			@Override
			public void onComplete(FlushResult outcome) {
				events.add("complete " + outcome.completed());
			}

		});
		assertThat(result.completed()).isTrue();
		assertThat(result.sent()).isEqualTo(client.stats().requestsSent());
		assertThat(events).last().isEqualTo("complete true");
		assertThat(events).anyMatch((e) -> e.startsWith("progress "));
		assertThat(client.isClosed()).isTrue();
		assertThat(server).hasCompleteCalls(8);
	}

	@Test
	void tryWithResourcesFlushesOnClose() {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = TestClients.builder(server).batchInterval(Duration.ofSeconds(30)).build()) {
			traceTree(client, "closing");
		}
		assertThat(server.completeCalls()).hasSize(2);
	}

	@Test
	void aFullQueueDropsAndCountsWithoutBlockingTheCaller() {
		FakeWeaveServer server = weave.server();
		server.faults().onPath("/").failFor(Duration.ofHours(1), 503);
		try (WeaveClient client = TestClients.builder(server).queueCapacity(10).maxRetries(1_000)
			.closeTimeout(Duration.ofMillis(100)).build()) {
			for (int i = 0; i < 50; i++) {
				client.run("flood", Map.of("i", i), () -> {
				});
			}
			assertThat(client.stats().requestsDropped()).isPositive();
			assertThat(client.stats().callsEnded()).isEqualTo(50);
		}
	}

	@Test
	void missingOrMalformedSettingsFailWithTheExpectedForm() {
		assertThatExceptionOfType(WeaveConfigurationException.class)
			.isThrownBy(() -> WeaveClient.builder().project("no-slash").apiKey("k").build())
			.withMessageContaining("entity/project");
		assertThatExceptionOfType(WeaveConfigurationException.class)
			.isThrownBy(() -> WeaveClient.builder().project("a/b").environment(WeaveEnvironment.of((n) -> null)).build())
			.withMessageContaining("WANDB_API_KEY");
		assertThatExceptionOfType(WeaveConfigurationException.class)
			.isThrownBy(() -> WeaveClient.builder().project("a/b").apiKey("secret-key").baseUrl("ftp://x").build())
			.withMessageContaining("http(s)")
			.withMessageNotContaining("secret-key");
	}

	@Test
	void environmentSuppliesProjectKeyAndServer() {
		FakeWeaveServer server = weave.server();
		Map<String, String> env = Map.of("WEAVE_PROJECT", TestClients.PROJECT, "WANDB_API_KEY", server.apiKey(),
				"WF_TRACE_SERVER_URL", server.baseUrl());
		try (WeaveClient client = WeaveClient.builder().environment(WeaveEnvironment.of(env::get)).build()) {
			traceTree(client, "from-env");
		}
		assertThat(server.completeCalls()).hasSize(2);
	}

	private static void traceTree(WeaveClient client, String name) {
		client.run(name, Map.of("q", name), () -> client.call("child", Map.of(), () -> 1));
	}

}
