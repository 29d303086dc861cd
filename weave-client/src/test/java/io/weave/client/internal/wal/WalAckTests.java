package io.weave.client.internal.wal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WalAckTests {

	@TempDir
	Path baseDir;

	@Test
	void reopeningAfterPartialAcksReadsExactlyTheUnackedTail() throws IOException {
		WalSettings settings = WalTestSupport.settings(this.baseDir).withSegmentBytes(2048);
		try (Wal wal = Wal.open(settings)) {
			append(wal, 100);
			List<WalEntry> entries = WalTestSupport.poll(wal, 100);
			assertThat(entries).hasSize(100);
			wal.ack(entries.subList(0, 60));
			assertThat(wal.ackedSequence()).isEqualTo(60);
		}
		try (Wal wal = Wal.open(settings)) {
			assertThat(wal.snapshot().pending()).isEqualTo(40);
			List<WalEntry> entries = WalTestSupport.drain(wal);
			assertThat(WalTestSupport.keys(entries)).containsExactlyElementsOf(keys(60, 100));
			assertThat(entries).allSatisfy((entry) -> assertThat(entry.sequence()).isZero());
		}
		try (Wal wal = Wal.open(settings)) {
			assertThat(WalTestSupport.drain(wal)).isEmpty();
		}
		assertThat(files(".wal")).isEmpty();
	}

	@Test
	void outOfOrderAcksDoNotMoveTheCheckpointPastAGap() throws IOException {
		WalSettings settings = WalTestSupport.settings(this.baseDir);
		try (Wal wal = Wal.open(settings)) {
			append(wal, 10);
			List<WalEntry> entries = WalTestSupport.poll(wal, 10);
			for (int i = 9; i >= 0; i--) {
				if (i != 3) {
					wal.ack(entries.get(i));
				}
			}
			assertThat(wal.ackedSequence()).isEqualTo(3);
			assertThat(wal.awaitAcked(10, Duration.ofMillis(20))).isFalse();
		}
		try (Wal wal = Wal.open(settings)) {
			assertThat(WalTestSupport.keys(WalTestSupport.drain(wal))).containsExactlyElementsOf(keys(3, 10));
		}
	}

	@Test
	void readingAloneNeverWritesACheckpoint() throws IOException {
		WalSettings settings = WalTestSupport.settings(this.baseDir).withCheckpointEvery(1, Duration.ofMillis(1));
		try (Wal wal = Wal.open(settings)) {
			append(wal, 10);
			assertThat(WalTestSupport.poll(wal, 10)).hasSize(10);
		}
		assertThat(files(".ckpt")).isEmpty();
		try (Wal wal = Wal.open(settings)) {
			assertThat(WalTestSupport.keys(WalTestSupport.drain(wal))).containsExactlyElementsOf(keys(0, 10));
		}
	}

	@Test
	void checkpointIsPersistedEveryFewAcksAndAfterTheInterval() throws IOException {
		WalSettings settings = WalTestSupport.settings(this.baseDir).withCheckpointEvery(10, Duration.ofHours(1));
		try (Wal wal = Wal.open(settings)) {
			append(wal, 25);
			List<WalEntry> entries = WalTestSupport.poll(wal, 25);
			wal.ack(entries);
			assertThat(checkpoint()).isEqualTo(entries.get(19).end());
		}
		WalSettings timed = WalTestSupport.settings(this.baseDir).withCheckpointEvery(1000, Duration.ofMillis(20));
		try (Wal wal = Wal.open(timed)) {
			append(wal, 5);
			List<WalEntry> entries = WalTestSupport.poll(wal, 5);
			wal.ack(entries.subList(0, 3));
			String segment = entries.get(0).segment().replace(".wal", ".ckpt");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> Files.exists(directory().resolve(segment))
						&& Long.parseLong(Files.readString(directory().resolve(segment)).trim()) == entries.get(2).end());
		}
	}

	@Test
	void aSegmentIsDeletedOnceFullyAckedAndNoLongerWritten() throws IOException {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withSegmentBytes(2048))) {
			append(wal, 40);
			int segments = files(".wal").size();
			assertThat(segments).isGreaterThan(2);
			List<WalEntry> entries = WalTestSupport.poll(wal, 40);
			wal.ack(entries.subList(0, 39));
			// reading on notices that the rotated segments are complete
			assertThat(wal.reader().poll(10, 1 << 20, Duration.ZERO)).isEmpty();
			assertThat(files(".wal")).hasSize(1);
			wal.ack(entries.get(39));
			assertThat(files(".wal")).as("the active segment is still written").hasSize(1);
			assertThat(wal.snapshot().pending()).isZero();
		}
		assertThat(files("")).isEmpty();
	}

	@Test
	void deadLettersAreWrittenWithTheirReasonAndCountAsResolved() throws IOException {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			append(wal, 3);
			List<WalEntry> entries = WalTestSupport.poll(wal, 3);
			wal.ack(entries.get(0));
			wal.ack(entries.get(2));
			wal.deadLetter(entries.get(1), "HTTP 422: extra field");
			assertThat(wal.awaitAcked(3, Duration.ofSeconds(1))).isTrue();
			WalSnapshot snapshot = wal.snapshot();
			assertThat(snapshot.deadLettered()).isEqualTo(1);
			assertThat(snapshot.acked()).isEqualTo(2);
			List<String> lines = Files.readAllLines(directory().resolve("deadletter.jsonl"));
			assertThat(lines).hasSize(1);
			JsonMapper json = JsonMapper.builder().build();
			JsonNode letter = json.readTree(lines.get(0));
			assertThat(letter.get("reason").asString()).isEqualTo("HTTP 422: extra field");
			assertThat(letter.get("type").asString()).isEqualTo("call_start");
			assertThat(letter.get("key").asString()).isEqualTo("call-1");
			assertThat(letter.get("at").asString()).endsWith("Z");
			assertThat(letter.get("req")).isEqualTo(json.readTree(WalTestSupport.request("call-1").bodyAsString()));
			assertThat(lines.get(0)).contains(WalTestSupport.request("call-1").bodyAsString());
		}
	}

	@Test
	void aFlushCanWaitForEverythingAppendedBeforeIt() throws Exception {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			append(wal, 50);
			long flushUpTo = wal.lastAppendedSequence();
			CompletableFuture<Boolean> flushed = CompletableFuture
				.supplyAsync(() -> wal.awaitAcked(flushUpTo, Duration.ofSeconds(30)));
			List<WalEntry> entries = WalTestSupport.poll(wal, 50);
			wal.ack(entries.subList(1, 50));
			assertThat(flushed).isNotDone();
			append(wal, 1);
			wal.ack(entries.get(0));
			assertThat(flushed.get(10, TimeUnit.SECONDS)).isTrue();
			assertThat(wal.ackedSequence()).isEqualTo(50);
		}
	}

	private static void append(Wal wal, int count) {
		int start = (int) wal.lastAppendedSequence();
		for (int i = start; i < start + count; i++) {
			assertThat(wal.writer().append(WalTestSupport.request("call-" + i)).isAppended()).isTrue();
		}
	}

	private static List<String> keys(int from, int to) {
		return IntStream.range(from, to).mapToObj((i) -> "call-" + i).collect(Collectors.toList());
	}

	private Path directory() {
		return this.baseDir.resolve("acme").resolve("tracing");
	}

	private long checkpoint() throws IOException {
		List<Path> checkpoints = files(".ckpt");
		assertThat(checkpoints).hasSize(1);
		return Long.parseLong(Files.readString(checkpoints.get(0), StandardCharsets.US_ASCII).trim());
	}

	private List<Path> files(String suffix) throws IOException {
		try (Stream<Path> files = Files.list(directory())) {
			return files.filter((file) -> file.toString().endsWith(suffix)).collect(Collectors.toList());
		}
	}

}
