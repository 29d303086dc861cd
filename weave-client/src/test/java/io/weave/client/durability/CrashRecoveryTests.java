package io.weave.client.durability;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.weave.test.ChildJvm;
import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;
import io.weave.test.WeaveServerExtension;

import static io.weave.test.WeaveAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real child JVMs killed with {@code kill -9} while tracing through the write-ahead log: every
 * call a child reported as traced reaches the server once a later process has run.
 */
class CrashRecoveryTests {

	private static final int KILLS = 5;

	@RegisterExtension
	static final WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path walDir;

	@Test
	void callsReportedBeforeAKill9AreAllDeliveredByALaterProcess() throws Exception {
		FakeWeaveServer server = weave.server();
		Random random = new Random();
		Set<String> reported = new LinkedHashSet<>();
		for (int run = 0; run < KILLS; run++) {
			try (ChildJvm child = TracingChild.start(this.walDir.toString(), server.baseUrl(), server.apiKey(), "trace",
					"0")) {
				int killAfter = 50 + random.nextInt(250);
				await().atMost(Duration.ofSeconds(60)).until(() -> child.values("traced").size() >= killAfter);
				child.kill();
				reported.addAll(child.values("traced"));
			}
		}
		ChildJvm drain = TracingChild.start(this.walDir.toString(), server.baseUrl(), server.apiKey(), "drain", "0");
		assertThat(drain.awaitExit()).isZero();
		assertThat(drain.lines()).contains("drained true");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<ReceivedCall> complete = server.completeCalls();
			assertThat(complete.stream().map(ReceivedCall::id)).containsAll(reported);
		});
		assertThat(server.calls()).extracting(ReceivedCall::id).doesNotHaveDuplicates();
		assertThat(server).allRequestsValid();
		assertThat(segments()).as("segments left on disk").isEmpty();
		System.out.printf("crash recovery: %d kill -9 runs, %d calls reported traced, %d delivered, %d lost, "
				+ "%d re-sent records deduplicated by id%n", KILLS, reported.size(),
				reported.stream().filter((id) -> server.call(id).map(ReceivedCall::isComplete).orElse(false)).count(),
				reported.stream().filter((id) -> server.call(id).isEmpty()).count(), server.duplicateCount());
	}

	@Test
	void callsLeftOpenByAKill9AreEndedAsFailedByTheProcessThatAdoptsTheirSegments() throws Exception {
		FakeWeaveServer server = weave.server();
		ChildJvm crashed = killWithCallsOpen(server, "interval", "upsert");
		ChildJvm drain = TracingChild.start(this.walDir.toString(), server.baseUrl(), server.apiKey(), "drain", "0",
				"interval");
		assertThat(drain.awaitExit()).isZero();
		assertEndedOnBehalfOf(crashed, server);
		assertThat(server.calls()).noneMatch(ReceivedCall::viaCallsComplete);
		assertThat(server).allRequestsValid();
	}

	@Test
	void inCallsCompleteModeCallsLeftOpenByAKill9NoLongerPinTheirSegments() throws Exception {
		FakeWeaveServer server = weave.server();
		server.requireCallsCompleteMode(true);
		ChildJvm crashed = killWithCallsOpen(server, "interval", "complete");
		ChildJvm drain = TracingChild.start(this.walDir.toString(), server.baseUrl(), server.apiKey(), "drain", "0",
				"interval", "complete");
		assertThat(drain.awaitExit()).isZero();
		assertEndedOnBehalfOf(crashed, server);
		assertThat(server.calls()).allMatch(ReceivedCall::viaCallsComplete);
		assertThat(server).allRequestsValid();
		assertThat(segments()).as("segments left after delivery").isEmpty();
		int calls = server.calls().size();
		ChildJvm next = TracingChild.start(this.walDir.toString(), server.baseUrl(), server.apiKey(), "wal-only", "1",
				"interval", "complete");
		assertThat(next.awaitExit()).isZero();
		ChildJvm restart = TracingChild.start(this.walDir.toString(), server.baseUrl(), server.apiKey(), "drain", "0",
				"interval", "complete");
		assertThat(restart.awaitExit()).isZero();
		assertThat(server.calls()).as("calls after the next restart").hasSize(calls + 1);
		assertThat(server.duplicateCount()).as("records sent again").isZero();
		assertThat(segments()).isEmpty();
	}

	/** Starts a child that opens calls on four threads, and kills it once their starts are in its log. */
	private ChildJvm killWithCallsOpen(FakeWeaveServer server, String fsync, String mode) throws Exception {
		try (ChildJvm child = TracingChild.start(this.walDir.toString(), server.baseUrl(), server.apiKey(), "open",
				"4", fsync, mode)) {
			await().atMost(Duration.ofSeconds(60)).until(() -> child.values("open").size() == 8);
			child.kill();
			return child;
		}
	}

	/**
	 * Every call the child opened reached the server, ended with an exception naming the
	 * child's process at the time of its last record.
	 */
	private void assertEndedOnBehalfOf(ChildJvm crashed, FakeWeaveServer server) throws Exception {
		List<String> open = crashed.values("open");
		await("the open calls' starts reached the server").atMost(Duration.ofSeconds(30))
			.until(() -> open.stream().allMatch((id) -> server.call(id).map(ReceivedCall::hasStart).orElse(false)));
		await("the open calls ended").atMost(Duration.ofSeconds(30))
			.until(() -> server.completeCalls().size() == 3 + open.size());
		Instant lastRecord = server.calls()
			.stream()
			.flatMap((call) -> open.contains(call.id()) ? Stream.of(call.startedAt())
					: Stream.of(call.startedAt(), call.endedAt()))
			.max(Comparator.naturalOrder())
			.orElseThrow();
		String host = InetAddress.getLocalHost().getHostName();
		for (String id : open) {
			ReceivedCall call = server.call(id).orElseThrow();
			assertThat(call.isComplete()).as("call %s complete", id).isTrue();
			assertThat(call.endedAt()).as("ended_at of %s", id).isEqualTo(lastRecord);
			assertThat(call.exception()).as("exception of %s", id)
				.contains("stopped before the call ended")
				.contains("pid " + crashed.pid())
				.contains(host);
		}
		assertThat(server.calls()).filteredOn((call) -> !open.contains(call.id()))
			.hasSize(3)
			.allMatch((call) -> call.exception() == null);
	}

	@Test
	void walOnlyRunWritesWithoutSendingAndALaterRunSendsIt() throws Exception {
		FakeWeaveServer server = weave.server();
		ChildJvm walOnly = TracingChild.start(this.walDir.toString(), server.baseUrl(), server.apiKey(), "wal-only",
				"100");
		assertThat(walOnly.awaitExit()).isZero();
		assertThat(walOnly.values("traced")).hasSize(100);
		assertThat(server.requests()).isEmpty();
		assertThat(segments()).isNotEmpty();
		assertThat(walFilesContent()).doesNotContain(server.apiKey());
		ChildJvm drain = TracingChild.start(this.walDir.toString(), server.baseUrl(), server.apiKey(), "drain", "0");
		assertThat(drain.awaitExit()).isZero();
		assertThat(server.completeCalls()).extracting(ReceivedCall::id).containsAll(walOnly.values("traced"));
		assertThat(segments()).isEmpty();
	}

	@Test
	void twoProcessesDrainingOneDirectorySendEachRecordOnce() throws Exception {
		FakeWeaveServer server = weave.server();
		for (int i = 0; i < 3; i++) {
			ChildJvm walOnly = TracingChild.start(this.walDir.toString(), server.baseUrl(), server.apiKey(), "wal-only",
					"200");
			assertThat(walOnly.awaitExit()).isZero();
		}
		ChildJvm first = TracingChild.start(this.walDir.toString(), server.baseUrl(), server.apiKey(), "drain", "0");
		ChildJvm second = TracingChild.start(this.walDir.toString(), server.baseUrl(), server.apiKey(), "drain", "0");
		assertThat(first.awaitExit()).isZero();
		assertThat(second.awaitExit()).isZero();
		await().atMost(Duration.ofSeconds(30)).until(() -> segments().isEmpty());
		assertThat(server.completeCalls()).hasSize(600);
		assertThat(server.duplicateCount()).as("records sent twice").isZero();
	}

	private List<Path> segments() throws Exception {
		try (Stream<Path> files = Files.walk(this.walDir)) {
			return files.filter((p) -> p.getFileName().toString().endsWith(".wal"))
				.filter((p) -> !p.getFileName().toString().startsWith("quarantine"))
				.toList();
		}
	}

	private String walFilesContent() throws Exception {
		StringBuilder content = new StringBuilder();
		for (Path segment : segments()) {
			content.append(Files.readString(segment));
		}
		return content.toString();
	}

}
