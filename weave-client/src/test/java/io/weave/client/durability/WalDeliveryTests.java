package io.weave.client.durability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
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
 * The client with its write-ahead log on, against a server that fails in the ways real ones do.
 */
class WalDeliveryTests {

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
	void deliversAndLeavesNothingOnDisk() throws Exception {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = builder(server).build()) {
			for (int i = 0; i < 50; i++) {
				client.run("step", Map.of("i", i), () -> client.call("inner", Map.of(), () -> "x"));
			}
			FlushResult result = client.flush(WAIT);
			assertThat(result.completed()).as(result.toString()).isTrue();
			assertThat(result.pending()).isZero();
			WeaveBacklog backlog = client.backlog();
			assertThat(backlog.mode()).isEqualTo("wal");
			assertThat(backlog.senderState()).isEqualTo("running");
			assertThat(backlog.pendingRecords()).isZero();
		}
		assertThat(server).hasCompleteCalls(100).hasNoDuplicates();
		await().atMost(WAIT).until(() -> segments().isEmpty());
	}

	@Test
	void anOutageLosesNothingAndTheBacklogWaitsOnDiskNotInTheHeap() throws Exception {
		FakeWeaveServer server = weave.server();
		server.faults().failFor(Duration.ofHours(1), 503);
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		String payload = "p".repeat(2_000);
		try (WeaveClient client = builder(server).build()) {
			long heapBefore = usedHeapAfterGc(memory);
			for (int i = 0; i < 20_000; i++) {
				client.run("during-outage", Map.of("i", i, "payload", payload), () -> {
				});
			}
			WeaveBacklog backlog = client.backlog();
			assertThat(backlog.pendingRecords()).isGreaterThanOrEqualTo(40_000);
			assertThat(backlog.bytes()).isGreaterThan(20_000L * 2_000);
			long heapGrowth = usedHeapAfterGc(memory) - heapBefore;
			// ~50 MB of requests wait on disk; the heap holds only the sender's read-ahead
			assertThat(heapGrowth).as("heap growth with a %d-byte backlog", backlog.bytes())
				.isLessThan(backlog.bytes() / 4);
			assertThat(client.flush(Duration.ofMillis(200)).completed()).isFalse();
			server.faults().clear();
			FlushResult result = client.flush(Duration.ofSeconds(120));
			assertThat(result.completed()).as(result.toString()).isTrue();
			System.out.printf("outage: 20000 calls traced while the server answered 503, backlog %d records / %d bytes, "
					+ "heap growth %d bytes, drained in %d ms, %d delivered, %d re-sent%n", backlog.pendingRecords(),
					backlog.bytes(), heapGrowth, result.elapsed().toMillis(), server.completeCalls().size(),
					server.duplicateCount());
		}
		assertThat(server.completeCalls()).hasSize(20_000);
		assertThat(server.calls()).extracting(ReceivedCall::id).doesNotHaveDuplicates();
	}

	@Test
	void aFlushCutsALongBackoffShortOnceTheServerIsBack() {
		FakeWeaveServer server = weave.server();
		try (WeaveClient client = builder(server).backoff(Duration.ofSeconds(60), Duration.ofSeconds(60)).build()) {
			for (int round = 0; round < 3; round++) {
				server.faults().onPath("/call/").failNext(1, 503);
				client.run("backed-off", Map.of("round", round), () -> {
				});
				await().atMost(WAIT).until(() -> server.faults().faultedCount() > 0);
				server.faults().clear();
				// the sender now waits up to a minute before its retry; the flush hurries it
				FlushResult result = client.flush(Duration.ofSeconds(10));
				assertThat(result.completed()).as(result.toString()).isTrue();
			}
		}
		assertThat(server.callsNamed("backed-off")).hasSize(3).allMatch(ReceivedCall::isComplete);
	}

	@Test
	void aServerThatRefusesConnectionsIsWaitedForAndGetsEverythingWhenItComesUp() {
		FakeWeaveServer probe = FakeWeaveServer.builder().start();
		int port = probe.port();
		probe.close();
		WeaveClient client = builder(probe).build();
		try {
			for (int i = 0; i < 200; i++) {
				client.run("while-down", Map.of("i", i), () -> {
				});
			}
			assertThat(client.flush(Duration.ofMillis(300)).completed()).isFalse();
			assertThat(client.stats().requestsRetried()).isPositive();
			try (FakeWeaveServer revived = FakeWeaveServer.builder().port(port).start()) {
				FlushResult result = client.flush(WAIT);
				assertThat(result.completed()).as(result.toString()).isTrue();
				assertThat(revived.completeCalls()).hasSize(200);
				assertThat(revived).allRequestsValid().hasNoDuplicates();
			}
		}
		finally {
			client.close();
		}
	}

	@Test
	void tracesLoggedUnderALocaleWithOtherDigitsAreSentByTheNextStart() {
		FakeWeaveServer server = weave.server();
		Locale defaultLocale = Locale.getDefault();
		Locale.setDefault(Locale.forLanguageTag("ar"));
		try {
			// no API key: wal-only, the traces wait for a start with one
			try (WeaveClient client = WeaveClient.builder()
				.project("wal-test/project")
				.environment(WeaveEnvironment.of((name) -> null))
				.wal(true)
				.walDirectory(this.walDir)
				.build()) {
				for (int i = 0; i < 5; i++) {
					client.run("logged", Map.of("i", i), () -> {
					});
				}
				assertThat(client.backlog().segments()).isEqualTo(1);
			}
			try (WeaveClient client = builder(server).build()) {
				assertThat(client.backlog().segments()).isEqualTo(1);
				await().atMost(WAIT).until(() -> server.completeCalls().size() == 5);
			}
		}
		finally {
			Locale.setDefault(defaultLocale);
		}
		assertThat(server).hasCompleteCalls(5).hasNoDuplicates();
	}

	@Test
	void weavesEnvironmentSwitchesTurnTheLogOnAndTheSenderOff() {
		FakeWeaveServer server = weave.server();
		Map<String, String> env = Map.of("WEAVE_ENABLE_WAL", "true", "WEAVE_DISABLE_WAL_SENDER", "true");
		try (WeaveClient client = WeaveClient.builder()
			.project("wal-test/project")
			.apiKey(server.apiKey())
			.baseUrl(server.baseUrl())
			.environment(WeaveEnvironment.of(env::get))
			.walDirectory(this.walDir)
			.build()) {
			client.run("kept", Map.of(), () -> {
			});
			assertThat(client.flush(Duration.ofMillis(100)).pending()).isEqualTo(4);
			assertThat(client.stats().requestsPending()).isEqualTo(4);
			WeaveBacklog backlog = client.backlog();
			assertThat(backlog.mode()).isEqualTo("wal-only");
			assertThat(backlog.senderState()).isEqualTo("disabled");
			assertThat(backlog.pendingRecords()).isEqualTo(4);
		}
		assertThat(server.requests()).isEmpty();
	}

	@Test
	void aPoisonRecordIsDeadLetteredToAFileAndTheRestDelivered() throws Exception {
		FakeWeaveServer server = weave.server();
		server.faults().rejectBodiesContaining("poison-pill", 400, "invalid record");
		try (WeaveClient client = builder(server).batchSize(1).build()) {
			client.run("poison", Map.of("x", "poison-pill"), () -> {
			});
			for (int i = 0; i < 10; i++) {
				client.run("healthy", Map.of("i", i), () -> {
				});
			}
			assertThat(client.flush(WAIT).completed()).isTrue();
			assertThat(client.backlog().deadLettered()).isEqualTo(1);
		}
		assertThat(server.callsNamed("healthy")).hasSize(10).allMatch(ReceivedCall::isComplete);
		Path deadLetters = this.walDir.resolve("wal-test/project/deadletter.jsonl");
		assertThat(deadLetters).exists();
		assertThat(Files.readString(deadLetters)).contains("invalid record").contains("poison-pill");
	}

	@Test
	void aFullLogDropsTheNewestAndCountsThem() {
		FakeWeaveServer server = weave.server();
		server.faults().failFor(Duration.ofHours(1), 503);
		try (WeaveClient client = builder(server).walMaxBytes(64 * 1024).walSegmentBytes(16 * 1024)
			.closeTimeout(Duration.ofMillis(100))
			.build()) {
			for (int i = 0; i < 500; i++) {
				client.run("flood", Map.of("payload", "f".repeat(500)), () -> {
				});
			}
			WeaveBacklog backlog = client.backlog();
			assertThat(backlog.dropped()).isPositive();
			assertThat(backlog.bytes()).isLessThanOrEqualTo(64 * 1024);
			assertThat(client.stats().callsEnded()).isEqualTo(500);
		}
	}

	private WeaveClientBuilder builder(FakeWeaveServer server) {
		return WeaveClient.builder()
			.project("wal-test/project")
			.apiKey(server.apiKey())
			.baseUrl(server.baseUrl())
			.environment(WeaveEnvironment.of((name) -> null))
			.wal(true)
			.walDirectory(this.walDir)
			.batchInterval(Duration.ofMillis(20))
			.backoff(Duration.ofMillis(10), Duration.ofMillis(100));
	}

	private java.util.List<Path> segments() throws Exception {
		try (Stream<Path> files = Files.walk(this.walDir)) {
			return files.filter((p) -> p.getFileName().toString().endsWith(".wal"))
				.filter((p) -> !p.getFileName().toString().startsWith("quarantine"))
				.toList();
		}
	}

	private static long usedHeapAfterGc(MemoryMXBean memory) {
		System.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

}
