package io.weave.client.durability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.weave.client.FlushResult;
import io.weave.client.WeaveBacklog;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveClientBuilder;
import io.weave.client.WeaveEnvironment;
import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;
import io.weave.test.WeaveServerExtension;

import static io.weave.test.WeaveAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client with its write-ahead log on, against a server that blames the client's
 * configuration, one record, or asks for an absurd wait.
 */
class WalBlockedSenderTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String WRONG_KEY = "wrong-api-key-0123456789abcdef";

	@RegisterExtension
	static final WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path walDir;

	@Test
	void aRefusedKeyKeepsEverythingInTheLogUntilTheServerAcceptsIt() throws Exception {
		FakeWeaveServer server = weave.server();
		server.faults().failFor(Duration.ofHours(1), 401);
		try (WeaveClient client = builder(server, server.apiKey()).build()) {
			traceCalls(client, "while-refused", 20);
			await().atMost(WAIT).until(() -> "blocked".equals(client.backlog().senderState()));
			await().atMost(WAIT).until(() -> server.faults().faultedCount() >= 5);
			WeaveBacklog backlog = client.backlog();
			assertThat(backlog.deadLettered()).isZero();
			assertThat(backlog.dropped()).isZero();
			assertThat(backlog.pendingRecords()).isGreaterThanOrEqualTo(40);
			assertThat(backlog.lastError()).contains("401").doesNotContain(server.apiKey());
			assertThat(deadLetterFiles()).isEmpty();
			assertThat(segments()).isNotEmpty();
			assertThat(client.stats().requestsSent()).isZero();
			// the key is accepted again (fixed on the server's side): a flush probes and drains
			server.faults().clear();
			FlushResult result = client.flush(WAIT);
			assertThat(result.completed()).as(result.toString()).isTrue();
			assertThat(client.backlog().senderState()).isEqualTo("running");
		}
		assertThat(server.callsNamed("while-refused")).hasSize(20).allMatch(ReceivedCall::isComplete);
		assertThat(server).hasNoDuplicates();
		assertThat(deadLetterFiles()).isEmpty();
		await().atMost(WAIT).until(() -> segments().isEmpty());
	}

	@Test
	void aRestartWithTheRightKeySendsWhatAWrongKeyCouldNot() throws Exception {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = builder(server, WRONG_KEY).build()) {
			traceCalls(client, "wrong-key", 10);
			await().atMost(WAIT).until(() -> "blocked".equals(client.backlog().senderState()));
			assertThat(client.backlog().lastError()).contains("401").doesNotContain(WRONG_KEY);
			assertThat(client.flush(Duration.ofMillis(200)).completed()).isFalse();
		}
		assertThat(server.calls()).isEmpty();
		assertThat(deadLetterFiles()).isEmpty();
		try (WeaveClient client = builder(server, server.apiKey()).build()) {
			await().atMost(WAIT).until(() -> server.callsNamed("wrong-key").size() == 10);
			client.flush(WAIT);
		}
		assertThat(server.callsNamed("wrong-key")).hasSize(10).allMatch(ReceivedCall::isComplete);
		assertThat(server).hasNoDuplicates();
	}

	@Test
	void anAbsurdRetryAfterNeitherLosesTheBatchNorHangsTheFlush() {
		FakeWeaveServer server = weave.server();
		server.faults().rateLimitNext(1, Duration.ofSeconds(99_999_999_999L));
		try (WeaveClient client = builder(server, server.apiKey()).build()) {
			traceCalls(client, "after-absurd-wait", 5);
			FlushResult result = client.flush(WAIT);
			assertThat(result.completed()).as(result.toString()).isTrue();
			assertThat(server.faults().faultedCount()).isEqualTo(1);
		}
		assertThat(server.callsNamed("after-absurd-wait")).hasSize(5).allMatch(ReceivedCall::isComplete);
	}

	@Test
	void aRecordTheServerAlwaysFailsOnIsDeadLetteredAndTheOthersDelivered() throws Exception {
		FakeWeaveServer server = weave.server();
		server.faults().rejectBodiesContaining("poison-pill", 500, "Internal Server Error");
		try (WeaveClient client = builder(server, server.apiKey()).build()) {
			traceCalls(client, "healthy", 10);
			client.run("poisoned", Map.of("input", "poison-pill"), () -> {
			});
			traceCalls(client, "behind", 10);
			FlushResult result = client.flush(Duration.ofSeconds(60));
			assertThat(result.completed()).as(result.toString()).isTrue();
			assertThat(client.backlog().deadLettered()).isEqualTo(1);
		}
		assertThat(server.callsNamed("healthy")).hasSize(10).allMatch(ReceivedCall::isComplete);
		assertThat(server.callsNamed("behind")).hasSize(10).allMatch(ReceivedCall::isComplete);
		assertThat(deadLetterFiles()).singleElement()
			.satisfies((file) -> assertThat(Files.readString(file)).contains("poison-pill").contains("500"));
		await().atMost(WAIT).until(() -> segments().isEmpty());
	}

	private static void traceCalls(WeaveClient client, String name, int count) {
		for (int i = 0; i < count; i++) {
			client.run(name, Map.of("i", i), () -> {
			});
		}
	}

	private WeaveClientBuilder builder(FakeWeaveServer server, String apiKey) {
		return WeaveClient.builder()
			.project("wal-test/blocked")
			.apiKey(apiKey)
			.baseUrl(server.baseUrl())
			.environment(WeaveEnvironment.of((name) -> null))
			.wal(true)
			.walDirectory(this.walDir)
			.batchInterval(Duration.ofMillis(20))
			.backoff(Duration.ofMillis(10), Duration.ofMillis(100))
			.closeTimeout(Duration.ofSeconds(2));
	}

	private List<Path> segments() throws Exception {
		return files((name) -> name.endsWith(".wal") && !name.startsWith("quarantine"));
	}

	private List<Path> deadLetterFiles() throws Exception {
		return files((name) -> name.startsWith("deadletter.jsonl"));
	}

	private List<Path> files(java.util.function.Predicate<String> name) throws Exception {
		try (Stream<Path> files = Files.walk(this.walDir)) {
			return files.filter((p) -> name.test(p.getFileName().toString())).toList();
		}
	}

}
