package io.weave.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;
import io.weave.test.WeaveServerExtension;

import static io.weave.test.WeaveAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model usage and summary entries recorded on calls, and their roll-up to the root of the
 * trace, as the server receives them in both wire modes through the write-ahead log.
 */
class CallUsageTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	static final WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path walDirectory;

	@AfterEach
	void everyRequestWasValid() {
		assertThat(weave.server()).allRequestsValid().hasNoDuplicates();
	}

	@ParameterizedTest
	@EnumSource(WireMode.class)
	void usageIsKeyedByModelAndAddedWhenRecordedAgain(WireMode mode) {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = mode.client(server, this.walDirectory)) {
			client.run("chat", Map.of(), () -> CallContext.current()
				.usage("gpt-4o-mini", LlmUsage.of(800, 60))
				.usage("gpt-4o-mini", LlmUsage.of(12, 4).withCache(5, 0))
				.usage("claude-sonnet-4", new LlmUsage(2, 100, 10, 110, 30, 40)));
			assertThat(client.flush(WAIT).completed()).isTrue();
		}
		JsonNode usage = single(server, "chat").summary().get("usage");
		assertThat(usage).isEqualTo(json("""
				{"gpt-4o-mini": {"requests": 2, "prompt_tokens": 812, "completion_tokens": 64, "total_tokens": 876,
				                 "cache_read_input_tokens": 5},
				 "claude-sonnet-4": {"requests": 2, "prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110,
				                     "cache_read_input_tokens": 30, "cache_creation_input_tokens": 40}}"""));
		assertThat(server.requests()).noneMatch((request) -> request.bodyAsString().contains("\"input_tokens\"")
				|| request.bodyAsString().contains("\"output_tokens\""));
		assertThat(single(server, "chat").viaCallsComplete()).isEqualTo(mode == WireMode.CALLS_COMPLETE);
	}

	@ParameterizedTest
	@EnumSource(WireMode.class)
	void childrenSummariesAddUpToTheRootWithoutDoubleCounting(WireMode mode) {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = mode.client(server, this.walDirectory)) {
			client.run("answer", Map.of(), () -> {
				client.run("draft", Map.of(), () -> CallContext.current()
					.usage("gpt-4o-mini", LlmUsage.of(100, 20))
					.summary("documents", 3));
				client.run("check", Map.of(), () -> CallContext.current().usage("claude-haiku", LlmUsage.of(50, 5)));
				client.run("retrieve", Map.of(), () -> {
					CallContext.current().summary("documents", 2).summary("source", "index");
					client.run("rerank", Map.of(), () -> CallContext.current().usage("gpt-4o-mini", LlmUsage.of(10, 1)));
				});
				client.run("format", Map.of(), () -> {
				});
				CallContext.current().summary("verdict", "ok");
			});
			assertThat(client.flush(WAIT).completed()).isTrue();
		}
		assertThat(server).hasCompleteCalls(6);
		ReceivedCall root = single(server, "answer");
		assertThat(root.summary()).isEqualTo(json("""
				{"verdict": "ok",
				 "usage": {"gpt-4o-mini": {"requests": 2, "prompt_tokens": 110, "completion_tokens": 21, "total_tokens": 131},
				           "claude-haiku": {"requests": 1, "prompt_tokens": 50, "completion_tokens": 5, "total_tokens": 55}},
				 "documents": 5, "source": "index"}"""));
		assertThat(single(server, "retrieve").summary()).isEqualTo(json("""
				{"documents": 2, "source": "index",
				 "usage": {"gpt-4o-mini": {"requests": 1, "prompt_tokens": 10, "completion_tokens": 1, "total_tokens": 11}}}"""));
		assertThat(single(server, "draft").summary().at("/usage/gpt-4o-mini/prompt_tokens").asInt()).isEqualTo(100);
		assertThat(single(server, "format").summary().isEmpty()).isTrue();
	}

	@ParameterizedTest
	@EnumSource(WireMode.class)
	void aChildEndingAfterItsParentAddsToTheNearestAncestorStillRunning(WireMode mode) {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = mode.client(server, this.walDirectory)) {
			Call root = client.startCall("session", Map.of());
			Call parent = client.startCall("request", Map.of());
			Call late = client.startCall("stream", Map.of());
			parent.end("answered before the stream finished");
			late.usage("gpt-4o-mini", LlmUsage.of(30, 70)).end("streamed");
			root.end(null);
			Call lonelyRoot = client.startCall("fire-and-forget", Map.of());
			Call orphan = client.startCall("background", Map.of());
			lonelyRoot.end(null);
			orphan.usage("gpt-4o-mini", LlmUsage.of(1, 1)).end(null);
			orphan.usage("gpt-4o-mini", LlmUsage.of(1000, 1000));
			assertThat(client.flush(WAIT).completed()).isTrue();
		}
		assertThat(server).hasCompleteCalls(5);
		JsonNode streamed = json("""
				{"usage": {"gpt-4o-mini": {"requests": 1, "prompt_tokens": 30, "completion_tokens": 70, "total_tokens": 100}}}""");
		assertThat(single(server, "stream").summary()).isEqualTo(streamed);
		assertThat(single(server, "request").summary().isEmpty()).isTrue();
		assertThat(single(server, "session").summary()).isEqualTo(streamed);
		assertThat(single(server, "fire-and-forget").summary().isEmpty()).isTrue();
		assertThat(single(server, "background").summary().at("/usage/gpt-4o-mini/total_tokens").asInt()).isEqualTo(2);
	}

	@ParameterizedTest
	@EnumSource(WireMode.class)
	void childrenEndingConcurrentlyOnOtherThreadsAreAllCounted(WireMode mode) throws Exception {
		FakeWeaveServer server = weave.server();
		ExecutorService pool = CallContext.wrap(Executors.newFixedThreadPool(4));
		try (WeaveClient client = mode.client(server, this.walDirectory)) {
			client.run("batch", Map.of(), () -> {
				List<Future<?>> futures = new ArrayList<>();
				for (int i = 0; i < 40; i++) {
					futures.add(pool.submit(() -> client.run("item", Map.of(),
							() -> CallContext.current().usage("gpt-4o-mini", LlmUsage.of(10, 2)))));
				}
				for (Future<?> future : futures) {
					future.get();
				}
			});
			assertThat(client.flush(WAIT).completed()).isTrue();
		}
		finally {
			pool.shutdown();
		}
		assertThat(server.callsNamed("item")).hasSize(40);
		assertThat(single(server, "batch").summary()).isEqualTo(json("""
				{"usage": {"gpt-4o-mini": {"requests": 40, "prompt_tokens": 400, "completion_tokens": 80, "total_tokens": 480}}}"""));
	}

	@ParameterizedTest
	@EnumSource(WireMode.class)
	void summaryEntriesAreReplacedAndTheReservedKeysRefused(WireMode mode) {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = mode.client(server, this.walDirectory)) {
			client.run("grade", Map.of(), () -> CallContext.current()
				.summary("score", 0.5)
				.summary("score", 0.75)
				.summary("labels", List.of("polite", "correct"))
				.summary("usage", Map.of("gpt-4o-mini", Map.of("input_tokens", 5)))
				.summary("weave", Map.of("status", "forged"))
				.summary("api_key", "sk-secret"));
			assertThat(client.flush(WAIT).completed()).isTrue();
		}
		assertThat(single(server, "grade").summary()).isEqualTo(json("""
				{"score": 0.75, "labels": ["polite", "correct"], "api_key": "REDACTED"}"""));
	}

	private static ReceivedCall single(FakeWeaveServer server, String name) {
		List<ReceivedCall> calls = server.callsNamed(name);
		assertThat(calls).hasSize(1);
		return calls.get(0);
	}

	private static JsonNode json(String text) {
		return JsonMapper.shared().readTree(text);
	}

}
