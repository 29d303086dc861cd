package io.weave.client;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;
import io.weave.test.WeaveServerExtension;

import static io.weave.test.WeaveAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a traced application sees at the server: call trees, exceptions, values, ops.
 */
class WeaveClientTracingTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	static final WeaveServerExtension weave = new WeaveServerExtension();

	private FakeWeaveServer server;

	private WeaveClient client;

	@BeforeEach
	void createClient() {
		this.server = weave.server();
		this.client = TestClients.builder(this.server).build();
	}

	@AfterEach
	void closeClient() {
		this.client.close();
		assertThat(this.server).allRequestsValid();
	}

	@Test
	void nestedOpsFormOneTreeWithParentLinks() {
		String answer = this.client.call("answer", Map.of("question", "hi"),
				() -> this.client.call("retrieve", Map.of("k", 3), () -> this.client.call("embed", Map.of(), () -> "v"))
						+ this.client.call("generate", Map.of(), () -> "!"));
		assertThat(answer).isEqualTo("v!");
		flush();
		List<ReceivedCall> calls = this.server.awaitCompleteCalls(4, WAIT);
		ReceivedCall root = single("answer");
		ReceivedCall retrieve = single("retrieve");
		ReceivedCall embed = single("embed");
		ReceivedCall generate = single("generate");
		assertThat(root.parentId()).isNull();
		assertThat(root.traceId()).isNotEqualTo(root.id());
		assertThat(retrieve.parentId()).isEqualTo(root.id());
		assertThat(generate.parentId()).isEqualTo(root.id());
		assertThat(embed.parentId()).isEqualTo(retrieve.id());
		assertThat(calls).extracting(ReceivedCall::traceId).containsOnly(root.traceId());
		assertThat(root.inputs().get("question").asString()).isEqualTo("hi");
		assertThat(root.output().asString()).isEqualTo("v!");
		assertThat(this.server).hasNoDuplicates();
	}

	@Test
	void consecutiveRootsStartNewTraces() {
		this.client.run("first", Map.of(), () -> {
		});
		this.client.run("second", Map.of(), () -> {
		});
		flush();
		assertThat(single("first").traceId()).isNotEqualTo(single("second").traceId());
		assertThat(single("second").parentId()).isNull();
		assertThat(CallContext.current()).isNull();
	}

	@Test
	void exceptionIsRecordedAndRethrownUnchanged() {
		IOException failure = new IOException("disk on fire", new IllegalStateException("root cause"));
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.client.call("load", Map.of("path", "/tmp/x"), () -> {
				throw failure;
			}))
			.isSameAs(failure);
		flush();
		ReceivedCall call = single("load");
		assertThat(call.hasEnd()).isTrue();
		assertThat(call.output()).isNull();
		JsonNode exception = JsonMapper.shared().readTree(call.exception());
		assertThat(exception.get("type").asString()).isEqualTo("java.io.IOException");
		assertThat(exception.get("message").asString()).isEqualTo("disk on fire");
		assertThat(exception.get("traceback").get(0).get("function_name").asString())
			.contains("WeaveClientTracingTests");
		assertThat(exception.get("cause").get("type").asString()).isEqualTo("java.lang.IllegalStateException");
		assertThat(CallContext.current()).isNull();
	}

	@Test
	void programmaticCallsCanEndOnAnotherThread() throws Exception {
		Call call = this.client.startCall("job", Map.of("n", 1));
		assertThat(CallContext.current()).isSameAs(call);
		Call child = this.client.startCall("step", Map.of());
		child.end("done");
		assertThat(CallContext.current()).isSameAs(call);
		try (Scope scope = CallContext.attach(null)) {
			assertThat(CallContext.current()).isNull();
		}
		CompletableFuture.runAsync(() -> call.end(42)).get();
		assertThat(CallContext.current()).isNull();
		call.end("ignored: a call ends once");
		flush();
		assertThat(single("job").output().asInt()).isEqualTo(42);
		assertThat(single("step").parentId()).isEqualTo(call.id());
		assertThat(this.client.stats().callsEnded()).isEqualTo(2);
	}

	@Test
	void asyncWorkKeepsItsParentThroughWrappedExecutorsAndStages() throws Exception {
		ExecutorService pool = CallContext.wrap(Executors.newFixedThreadPool(2));
		try {
			this.client.run("fanout", Map.of(), () -> {
				List<CompletableFuture<String>> futures = new ArrayList<>();
				for (int i = 0; i < 3; i++) {
					int n = i;
					futures.add(CompletableFuture.supplyAsync(
							() -> this.client.call("worker", Map.of("n", n), () -> "w" + n), pool));
				}
				futures.add(CallContext
					.supplyAsync(() -> "s", Executors.newSingleThreadExecutor((r) -> new Thread(r, "other")))
					.thenApplyAsync(CallContext.wrapFunction((s) -> this.client.call("stage", Map.of(), () -> s))));
				pool.submit(() -> this.client.run("submitted", Map.of(), () -> {
				})).get();
				CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
			});
		}
		finally {
			pool.shutdown();
		}
		flush();
		String fanout = single("fanout").id();
		assertThat(this.server.callsNamed("worker")).hasSize(3).allSatisfy((c) -> assertThat(c.parentId()).isEqualTo(fanout));
		assertThat(single("stage").parentId()).isEqualTo(fanout);
		assertThat(single("submitted").parentId()).isEqualTo(fanout);
	}

	@Test
	void secretsAreRedactedAtAnyDepth() {
		Map<String, Object> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Bearer sk-live-123");
		headers.put("Accept", "application/json");
		this.client.run("request", Map.of("api_key", "sk-live-456", "http", Map.of("headers", headers)), () -> {
		});
		flush();
		JsonNode inputs = single("request").inputs();
		assertThat(inputs.get("api_key").asString()).isEqualTo("REDACTED");
		assertThat(inputs.at("/http/headers/Authorization").asString()).isEqualTo("REDACTED");
		assertThat(inputs.at("/http/headers/Accept").asString()).isEqualTo("application/json");
		assertThat(this.server.requests()).noneMatch((r) -> r.bodyAsString().contains("sk-live"));
	}

	@Test
	void customRedactKeysReplaceTheDefaults() {
		try (WeaveClient custom = TestClients.builder(this.server).redactKeys(List.of("password")).build()) {
			custom.run("login", Map.of("password", "hunter2", "user", "ann"), () -> {
			});
			custom.flush(WAIT);
		}
		assertThat(single("login").inputs().get("password").asString()).isEqualTo("REDACTED");
		assertThat(single("login").inputs().get("user").asString()).isEqualTo("ann");
	}

	@Test
	void recordsPojosAndJavaTypesAreSerialized() {
		Ticket ticket = new Ticket("T-1", Priority.HIGH, LocalDate.of(2026, 11, 23), Optional.of("vip"));
		this.client.call("triage", Map.of("ticket", ticket, "bytes", new byte[] { 1, 2, 3 }), () -> List.of(ticket));
		flush();
		ReceivedCall call = single("triage");
		assertThat(call.inputs().at("/ticket/id").asString()).isEqualTo("T-1");
		assertThat(call.inputs().at("/ticket/priority").asString()).isEqualTo("HIGH");
		assertThat(call.inputs().at("/ticket/opened").asString()).isEqualTo("2026-11-23");
		assertThat(call.inputs().at("/ticket/tag").asString()).isEqualTo("vip");
		assertThat(call.inputs().at("/bytes/size").asInt()).isEqualTo(3);
		assertThat(call.output().get(0).get("id").asString()).isEqualTo("T-1");
	}

	@Test
	void unserializableAndCyclicValuesDegradeWithoutFailingTheCall() {
		List<Object> cyclic = new ArrayList<>();
		cyclic.add("head");
		cyclic.add(cyclic);
		String result = this.client.call("odd", Map.of("cyclic", cyclic, "broken", new Broken()), () -> "fine");
		assertThat(result).isEqualTo("fine");
		flush();
		JsonNode inputs = single("odd").inputs();
		assertThat(inputs.get("cyclic").get(1).asString()).contains("cyclic");
		assertThat(inputs.get("broken").toString()).contains("getter threw");
	}

	@Test
	void oversizedValuesAreCutWithAVisibleMarker() {
		try (WeaveClient small = TestClients.builder(this.server).maxStringChars(10).maxValueBytes(2048).build()) {
			small.call("big", Map.of("text", "x".repeat(50)), () -> "y".repeat(100_000));
			small.flush(WAIT);
		}
		ReceivedCall call = single("big");
		assertThat(call.inputs().get("text").asString()).startsWith("xxxxxxxxxx").contains("truncated 40 chars");
		assertThat(call.output().toString()).contains("truncated");
	}

	@Test
	void eachOpIsPublishedOnceWithAClientComputedRef() {
		for (int i = 0; i < 3; i++) {
			this.client.run("repeat", Map.of("i", i), () -> {
			});
		}
		flush();
		assertThat(this.server.objects()).hasSize(1);
		assertThat(this.server.files()).hasSize(1);
		String digest = this.server.objects().get(0).digest();
		assertThat(this.server.callsNamed("repeat")).hasSize(3)
			.allSatisfy((c) -> assertThat(c.opName()).isEqualTo("weave:///" + TestClients.PROJECT + "/op/repeat:" + digest));
		assertThat(this.server).hasNoDigestMismatches();
	}

	@Test
	void attributesIdentifyTheJavaClient() {
		this.client.run("hello", Map.of(), () -> {
		});
		flush();
		JsonNode weaveAttributes = single("hello").attributes().get("weave");
		assertThat(weaveAttributes.get("source").asString()).isEqualTo("java-sdk");
		assertThat(weaveAttributes.get("client_version").asString()).isNotBlank();
		assertThat(weaveAttributes.get("sys_version").asString()).isEqualTo(System.getProperty("java.version"));
		assertThat(weaveAttributes.get("os_name").asString()).isEqualTo(System.getProperty("os.name"));
	}

	@Test
	void statsCountCallsAndRequests() {
		this.client.run("counted", Map.of(), () -> {
		});
		flush();
		WeaveStats stats = this.client.stats();
		assertThat(stats.callsStarted()).isEqualTo(1);
		assertThat(stats.callsEnded()).isEqualTo(1);
		assertThat(stats.requestsEnqueued()).isEqualTo(4);
		assertThat(stats.requestsSent()).isEqualTo(4);
		assertThat(stats.bytesSent()).isPositive();
		assertThat(stats.requestsPending()).isZero();
		assertThat(stats.lastError()).isNull();
	}

	@Test
	void callsAfterCloseRunUntraced() {
		this.client.close();
		assertThat(this.client.call("late", Map.of(), () -> "still runs")).isEqualTo("still runs");
		assertThat(CallContext.current()).isNull();
		assertThat(this.server.callsNamed("late")).isEmpty();
	}

	private void flush() {
		FlushResult result = this.client.flush(WAIT);
		assertThat(result.completed()).as(result.toString()).isTrue();
	}

	private ReceivedCall single(String name) {
		List<ReceivedCall> calls = this.server.callsNamed(name);
		assertThat(calls).as("calls named %s in %s", name, this.server.summary()).hasSize(1);
		assertThat(calls.get(0).isComplete()).isTrue();
		return calls.get(0);
	}

	enum Priority {

		LOW, HIGH

	}

	record Ticket(String id, Priority priority, LocalDate opened, Optional<String> tag) {
	}

	static class Broken {

		public String getValue() {
			throw new IllegalStateException("no value");
		}

	}

}
