package io.weave.client.durability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.weave.client.DeadLetterReplay;
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

/**
 * A record the server rejects is dead-lettered; once the server accepts it again, a replay
 * delivers it, once.
 */
class DeadLetterReplayTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	static final WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path walDir;

	@AfterEach
	void everyRequestWasValid() {
		assertThat(weave.server()).allRequestsValid();
	}

	@Test
	void aRejectedRecordIsReplayedFromTheLogOnceTheServerAcceptsIt() {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = builder(server).wal(true).walDirectory(this.walDir).build()) {
			rejectAndLift(server, client);
			assertThat(this.walDir.resolve("wal-test/project/deadletter.jsonl")).as("the file is empty").doesNotExist();
			WeaveBacklog backlog = client.backlog();
			assertThat(backlog.deadLettered()).isOne();
			assertThat(backlog.deadLettersRefused()).isZero();
			assertThat(backlog.pendingRecords()).isZero();
			assertThat(client.replayDeadLetters()).isEqualTo(DeadLetterReplay.NONE);
		}
	}

	@Test
	void aRejectedRecordIsReplayedFromMemoryOnceTheServerAcceptsIt() {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = builder(server).build()) {
			rejectAndLift(server, client);
			assertThat(client.backlog().deadLettersRefused()).isZero();
			assertThat(client.replayDeadLetters()).isEqualTo(DeadLetterReplay.NONE);
		}
	}

	/**
	 * The server rejects one call's start; the rest gets through. The rule is lifted, the
	 * dead letter replayed: the call reaches the server, whole and once.
	 */
	private void rejectAndLift(FakeWeaveServer server, WeaveClient client) {
		server.faults().rejectBodiesContaining("order-17", 422, "unknown order field");
		client.run("refund", Map.of("order", "order-17"), () -> {
		});
		for (int i = 0; i < 10; i++) {
			client.run("healthy", Map.of("i", i), () -> {
			});
		}
		FlushResult flushed = client.flush(WAIT);
		assertThat(flushed.completed()).as(flushed.toString()).isTrue();
		assertThat(server.callsNamed("healthy")).hasSize(10).allMatch(ReceivedCall::isComplete);
		assertThat(server.callsNamed("refund")).as("its start was rejected").isEmpty();
		assertThat(client.stats().requestsDeadLettered()).isOne();
		assertThat(client.backlog().deadLettered()).isOne();
		server.faults().clear();

		DeadLetterReplay replay = client.replayDeadLetters();
		assertThat(replay).isEqualTo(new DeadLetterReplay(1, 0, null));
		FlushResult replayed = client.flush(WAIT);
		assertThat(replayed.completed()).as(replayed.toString()).isTrue();
		assertThat(server.callsNamed("refund")).singleElement().satisfies((call) -> {
			assertThat(call.isComplete()).isTrue();
			assertThat(call.inputs().get("order").asString()).isEqualTo("order-17");
		});
		assertThat(server).hasNoDuplicates();
		assertThat(server.completeCalls()).hasSize(11);
		assertThat(client.stats().requestsDeadLettered()).isOne();
		assertThat(client.stats().requestsPending()).isZero();
	}

	private WeaveClientBuilder builder(FakeWeaveServer server) {
		return WeaveClient.builder()
			.project("wal-test/project")
			.apiKey(server.apiKey())
			.baseUrl(server.baseUrl())
			.environment(WeaveEnvironment.of((name) -> null))
			.batchInterval(Duration.ofMillis(20))
			.backoff(Duration.ofMillis(10), Duration.ofMillis(100));
	}

}
