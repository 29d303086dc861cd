package io.weave.spring.boot.autoconfigure.health;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.FileSystemUtils;

import io.weave.client.WeaveClient;
import io.weave.client.WeaveClientBuilder;
import io.weave.test.FakeWeaveServer;
import io.weave.test.WeaveServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WeaveHealthIndicator}.
 */
class WeaveHealthIndicatorTests {

	@RegisterExtension
	static WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path walDirectory;

	@Test
	void upWhileTracesGetThrough() {
		try (WeaveClient client = builder().apiKey(weave.server().apiKey()).build()) {
			client.call("fine", Map.of(), () -> 1);
			client.flush(Duration.ofSeconds(10));
			Health health = new WeaveHealthIndicator(client).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("project", "team/project")
				.containsEntry("mode", "wal")
				.containsEntry("senderState", "running")
				.containsEntry("pendingRecords", 0L)
				.containsKey("walBytes")
				.doesNotContainKey("lastError");
		}
	}

	@Test
	void degradedWhileUploadsKeepFailingThenUpAgain() {
		FakeWeaveServer server = weave.server();
		server.faults().failFor(Duration.ofMinutes(1), 503);
		try (WeaveClient client = builder().apiKey(server.apiKey()).closeTimeout(Duration.ZERO).build()) {
			WeaveHealthIndicator indicator = new WeaveHealthIndicator(client, Duration.ZERO);
			client.call("failing", Map.of(), () -> 1);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> indicator.health().getStatus().equals(WeaveHealthIndicator.DEGRADED));
			Health health = indicator.health();
			assertThat(health.getDetails()).containsKey("lastError").containsKey("lastErrorAt");
			assertThat((String) health.getDetails().get("reason")).startsWith("uploads keep failing");
			assertThat(health.getDetails().toString()).doesNotContain(server.apiKey());
			server.faults().clear();
			await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getStatus().equals(Status.UP));
		}
	}

	@Test
	void degradedWhileTheServerRefusesTheKeyThenUpOnceItAccepts() {
		FakeWeaveServer server = weave.server();
		server.faults().failFor(Duration.ofHours(1), 401);
		try (WeaveClient client = builder().apiKey(server.apiKey()).build()) {
			WeaveHealthIndicator indicator = new WeaveHealthIndicator(client);
			client.call("refused", Map.of(), () -> 1);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> indicator.health().getStatus().equals(WeaveHealthIndicator.DEGRADED));
			Health health = indicator.health();
			assertThat(health.getDetails()).containsEntry("senderState", "blocked").containsEntry("deadLettered", 0L);
			assertThat((String) health.getDetails().get("reason")).startsWith("uploads are blocked")
				.contains("HTTP 401");
			assertThat(health.getDetails().toString()).doesNotContain(server.apiKey());
			server.faults().clear();
			assertThat(client.flush(Duration.ofSeconds(10)).completed()).isTrue();
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		}
	}

	@Test
	void degradedWhileTheWriteAheadLogCannotWriteThenUpAgain() throws Exception {
		try (WeaveClient client = builder().apiKey(weave.server().apiKey()).walSegmentBytes(16 * 1024).build()) {
			WeaveHealthIndicator indicator = new WeaveHealthIndicator(client);
			String text = "x".repeat(1024);
			client.call("fine", Map.of(), () -> 1);
			// the log's directory replaced by a file: no segment can be created there
			Path directory = this.walDirectory.resolve("team/project");
			FileSystemUtils.deleteRecursively(directory);
			Files.writeString(directory, "not a directory");
			for (int i = 0; i < 100 && client.backlog().writeError() == null; i++) {
				client.call("bulky", Map.of("text", text), () -> text);
			}
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(WeaveHealthIndicator.DEGRADED);
			assertThat((String) health.getDetails().get("reason")).startsWith("the write-ahead log cannot write");
			Files.delete(directory);
			client.call("fine", Map.of(), () -> 1);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		}
	}

	@Test
	void degradedWhenTheWriteAheadLogIsNearlyFull() {
		try (WeaveClient client = builder().walMaxBytes(256 * 1024).build()) {
			WeaveHealthIndicator indicator = new WeaveHealthIndicator(client);
			String text = "x".repeat(4096);
			for (int i = 0; i < 200 && client.backlog().usedFraction() < 0.9; i++) {
				client.call("bulky", Map.of("text", text), () -> text);
			}
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(WeaveHealthIndicator.DEGRADED);
			assertThat((String) health.getDetails().get("reason")).contains("write-ahead log is", "% full");
		}
	}

	@Test
	void unknownInWalOnlyMode() {
		try (WeaveClient client = builder().build()) {
			Health health = new WeaveHealthIndicator(client).health();
			assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
			assertThat(health.getDetails()).containsEntry("mode", "wal-only").containsEntry("senderState", "disabled");
		}
	}

	@Test
	void downOnceTheClientIsStopped() {
		WeaveClient client = builder().apiKey(weave.server().apiKey()).build();
		client.close();
		assertThat(new WeaveHealthIndicator(client).health().getStatus()).isEqualTo(Status.DOWN);
	}

	private WeaveClientBuilder builder() {
		return WeaveClient.builder()
			.project("team/project")
			.baseUrl(weave.server().baseUrl())
			.wal(true)
			.walDirectory(this.walDirectory)
			.batchInterval(Duration.ofMillis(10))
			.backoff(Duration.ofMillis(10), Duration.ofMillis(100));
	}

}
