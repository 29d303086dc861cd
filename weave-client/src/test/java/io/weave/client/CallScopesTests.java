package io.weave.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
 * Attributes, threads and display names of calls, as the server receives them in both wire
 * modes through the write-ahead log.
 */
class CallScopesTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	static final WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path walDirectory;

	@AfterEach
	void everyRequestWasValidAndNothingIsLeftOnThisThread() {
		assertThat(weave.server()).allRequestsValid().hasNoDuplicates();
		assertThat(CallContext.currentAttributes()).isEmpty();
		assertThat(CallContext.currentThreadId()).isNull();
		assertThat(CallContext.current()).isNull();
	}

	@ParameterizedTest
	@EnumSource(WireMode.class)
	void attributeScopesNestAndRestoreBesideTheClientsOwnKey(WireMode mode) {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = mode.client(server, this.walDirectory)) {
			try (Scope outer = CallContext.attributes(Map.of("env", "prod", "team", "billing"))) {
				client.run("outer", Map.of(), () -> {
				});
				try (Scope inner = CallContext.attributes(Map.of("team", "refunds", "weave", "forged"))) {
					client.newCall("inner").attribute("experiment", 7).attribute("api_key", "sk-secret").run(() -> {
					});
					client.newCall("own").attributes(Map.of("team", "own")).run(() -> {
					});
				}
				client.run("restored", Map.of(), () -> {
				});
			}
			client.run("outside", Map.of(), () -> {
			});
			assertThat(client.flush(WAIT).completed()).isTrue();
		}
		assertThat(userAttributes(server, "outer")).isEqualTo(json("{\"env\": \"prod\", \"team\": \"billing\"}"));
		assertThat(userAttributes(server, "inner"))
			.isEqualTo(json("{\"env\": \"prod\", \"team\": \"refunds\", \"experiment\": 7, \"api_key\": \"REDACTED\"}"));
		assertThat(userAttributes(server, "own")).isEqualTo(json("{\"env\": \"prod\", \"team\": \"own\"}"));
		assertThat(userAttributes(server, "restored")).isEqualTo(json("{\"env\": \"prod\", \"team\": \"billing\"}"));
		assertThat(userAttributes(server, "outside").isEmpty()).isTrue();
		for (ReceivedCall call : server.calls()) {
			assertThat(call.attributes().get("weave").get("source").asString()).isEqualTo("java-sdk");
		}
		assertThat(server.requests()).noneMatch((request) -> request.bodyAsString().contains("sk-secret"));
	}

	@ParameterizedTest
	@EnumSource(WireMode.class)
	void eachOutermostCallInAThreadStartsATurnItsDescendantsCarry(WireMode mode) {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = mode.client(server, this.walDirectory)) {
			try (Scope thread = CallContext.thread("ticket-42")) {
				client.run("first-answer", Map.of(), () -> client.run("draft", Map.of(),
						() -> client.run("lookup", Map.of(), () -> {
						})));
				client.run("second-answer", Map.of(), () -> client.run("draft-again", Map.of(), () -> {
				}));
			}
			client.run("request", Map.of(), () -> {
				try (Scope thread = CallContext.thread("ticket-43")) {
					client.run("turn-inside-a-call", Map.of(), () -> {
					});
				}
				client.run("after-the-thread", Map.of(), () -> {
				});
			});
			assertThat(client.flush(WAIT).completed()).isTrue();
		}
		ReceivedCall first = single(server, "first-answer");
		ReceivedCall second = single(server, "second-answer");
		assertThat(StartRecords.turnId(server, first.id())).isEqualTo(first.id());
		assertThat(StartRecords.turnId(server, single(server, "draft").id())).isEqualTo(first.id());
		assertThat(StartRecords.turnId(server, single(server, "lookup").id())).isEqualTo(first.id());
		assertThat(StartRecords.turnId(server, second.id())).isEqualTo(second.id());
		assertThat(StartRecords.turnId(server, single(server, "draft-again").id())).isEqualTo(second.id());
		assertThat(List.of(first, second, single(server, "draft"), single(server, "lookup"),
				single(server, "draft-again")))
			.extracting((call) -> StartRecords.threadId(server, call.id()))
			.containsOnly("ticket-42");
		ReceivedCall inside = single(server, "turn-inside-a-call");
		assertThat(StartRecords.threadId(server, inside.id())).isEqualTo("ticket-43");
		assertThat(StartRecords.turnId(server, inside.id())).isEqualTo(inside.id());
		assertThat(inside.parentId()).isEqualTo(single(server, "request").id());
		for (String outside : List.of("request", "after-the-thread")) {
			assertThat(StartRecords.threadId(server, single(server, outside).id())).isNull();
			assertThat(StartRecords.turnId(server, single(server, outside).id())).isNull();
		}
	}

	@ParameterizedTest
	@EnumSource(WireMode.class)
	void wrappedTasksCarryTheScopesToAnotherThreadAndLeaveItClean(WireMode mode) throws Exception {
		FakeWeaveServer server = weave.server();
		ExecutorService pool = CallContext.wrap(Executors.newSingleThreadExecutor());
		try (WeaveClient client = mode.client(server, this.walDirectory)) {
			try (Scope attributes = CallContext.attributes(Map.of("tenant", "acme"));
					Scope thread = CallContext.thread("chat-1")) {
				client.run("turn", Map.of(), () -> pool.submit(() -> client.run("worker", Map.of(), () -> {
				})).get());
				pool.submit(() -> client.run("unparented", Map.of(), () -> {
				})).get();
			}
			pool.submit(() -> client.run("afterwards", Map.of(), () -> {
			})).get();
			assertThat(pool.submit(() -> CallContext.currentAttributes().isEmpty()
					&& CallContext.currentThreadId() == null && CallContext.current() == null).get())
				.isTrue();
			assertThat(client.flush(WAIT).completed()).isTrue();
		}
		finally {
			pool.shutdown();
		}
		ReceivedCall turn = single(server, "turn");
		ReceivedCall worker = single(server, "worker");
		assertThat(worker.parentId()).isEqualTo(turn.id());
		assertThat(StartRecords.threadId(server, worker.id())).isEqualTo("chat-1");
		assertThat(StartRecords.turnId(server, worker.id())).isEqualTo(turn.id());
		assertThat(worker.attributes().get("tenant").asString()).isEqualTo("acme");
		ReceivedCall unparented = single(server, "unparented");
		assertThat(StartRecords.turnId(server, unparented.id())).isEqualTo(unparented.id());
		assertThat(unparented.attributes().get("tenant").asString()).isEqualTo("acme");
		ReceivedCall afterwards = single(server, "afterwards");
		assertThat(StartRecords.threadId(server, afterwards.id())).isNull();
		assertThat(afterwards.attributes().has("tenant")).isFalse();
	}

	@ParameterizedTest
	@EnumSource(WireMode.class)
	void theDisplayNameNamesTheCall(WireMode mode) {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = mode.client(server, this.walDirectory)) {
			client.newCall("answer").displayName("Answer to ticket #42 \u2709").run(() -> {
			});
			client.run("plain", Map.of(), () -> {
			});
			assertThat(client.flush(WAIT).completed()).isTrue();
		}
		assertThat(single(server, "answer").displayName()).isEqualTo("Answer to ticket #42 \u2709");
		assertThat(single(server, "plain").displayName()).isNull();
	}

	private static JsonNode userAttributes(FakeWeaveServer server, String name) {
		JsonNode attributes = single(server, name).attributes().deepCopy();
		((tools.jackson.databind.node.ObjectNode) attributes).remove("weave");
		return attributes;
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
