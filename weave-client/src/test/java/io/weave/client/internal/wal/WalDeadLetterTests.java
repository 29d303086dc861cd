package io.weave.client.internal.wal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

import io.weave.client.DeadLetterReplay;
import io.weave.client.internal.wire.RequestType;
import io.weave.test.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter file: bounded by refusing new letters, never by overwriting old ones, and
 * replayed into the log.
 */
class WalDeadLetterTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path baseDir;

	@Test
	void aFullDeadLetterFileRefusesNewLettersAndKeepsTheOldOnes() throws IOException {
		long bound = 4096;
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withMaxSideFileBytes(bound))) {
			for (int i = 0; i < 40; i++) {
				wal.writer().append(WalTestSupport.request("call-" + i));
			}
			List<WalEntry> entries = WalTestSupport.poll(wal, 40);
			for (WalEntry entry : entries) {
				wal.deadLetter(entry, "HTTP 422: rejected");
			}
			assertThat(wal.awaitAcked(40, Duration.ofSeconds(5))).as("every record is resolved").isTrue();
			List<String> keys = letterKeys();
			assertThat(keys).isNotEmpty().hasSizeLessThan(40);
			assertThat(keys).as("the oldest letters are kept, in order")
				.containsExactlyElementsOf(WalTestSupport.keys(entries.subList(0, keys.size())));
			assertThat(Files.size(deadLetters())).isLessThanOrEqualTo(bound);
			assertThat(directory().resolve("deadletter.jsonl.1")).doesNotExist();
			WalSnapshot snapshot = wal.snapshot();
			assertThat(snapshot.deadLettered()).isEqualTo(keys.size());
			assertThat(snapshot.deadLettersRefused()).isEqualTo(40 - keys.size());
			assertThat(snapshot.lastError()).contains("Dead-letter file full");
			assertThat(snapshot.pending()).isZero();
		}
	}

	@Test
	void aReplayAppendsTheLettersAgainAsTheyWereAndEmptiesTheFile() throws IOException {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			for (int i = 0; i < 5; i++) {
				wal.writer().append(WalTestSupport.request("call-" + i));
			}
			List<WalEntry> entries = WalTestSupport.poll(wal, 5);
			wal.ack(entries.subList(0, 2));
			for (WalEntry entry : entries.subList(2, 5)) {
				wal.deadLetter(entry, "HTTP 400: \"quoted\"\nreason");
			}
			DeadLetterReplay replay = wal.replayDeadLetters();
			assertThat(replay).isEqualTo(new DeadLetterReplay(3, 0, null));
			assertThat(deadLetters()).doesNotExist();
			List<WalEntry> replayed = WalTestSupport.poll(wal, 3);
			assertThat(WalTestSupport.keys(replayed)).containsExactly("call-2", "call-3", "call-4");
			assertThat(replayed).allSatisfy((entry) -> assertThat(entry.request().bodyAsString())
				.isEqualTo(WalTestSupport.request(entry.request().key()).bodyAsString()));
			assertThat(replayed).extracting((entry) -> entry.request().type()).containsOnly(RequestType.CALL_START);
			wal.ack(replayed);
			assertThat(wal.awaitAcked(wal.lastAppendedSequence(), Duration.ofSeconds(5))).isTrue();
			assertThat(wal.replayDeadLetters()).isEqualTo(DeadLetterReplay.NONE);
		}
	}

	@Test
	void aLetterRejectedAgainAfterAReplayIsALetterAgain() throws IOException {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			wal.writer().append(WalTestSupport.request("call-0"));
			wal.deadLetter(WalTestSupport.poll(wal, 1).get(0), "rejected once");
			assertThat(wal.replayDeadLetters().requeued()).isOne();
			wal.deadLetter(WalTestSupport.poll(wal, 1).get(0), "rejected twice");
			assertThat(letterKeys()).containsExactly("call-0");
			assertThat(Files.readString(deadLetters())).contains("rejected twice").doesNotContain("rejected once");
			assertThat(wal.snapshot().deadLettered()).isEqualTo(2);
		}
	}

	@Test
	void lettersALogWithoutRoomCannotTakeStayInTheFile() throws IOException {
		WalSettings settings = WalTestSupport.settings(this.baseDir).withMaxTotalBytes(4096).withSegmentBytes(1024);
		List<String> lettered = new ArrayList<>();
		try (Wal wal = Wal.open(settings)) {
			for (int i = 0; i < 10; i++) {
				wal.writer().append(WalTestSupport.request("call-" + i));
				WalEntry entry = WalTestSupport.poll(wal, 1).get(0);
				wal.deadLetter(entry, "rejected");
				lettered.add(entry.request().key());
			}
			// fill the log so that a replay finds no room for all the letters
			int appended = 0;
			while (wal.writer().append(WalTestSupport.request("filler-" + appended)).isAppended()) {
				appended++;
			}
			DeadLetterReplay replay = wal.replayDeadLetters();
			assertThat(replay.requeued()).isLessThan(10);
			assertThat(replay.requeued() + replay.skipped()).isEqualTo(10);
			assertThat(replay.error()).contains("no room");
			assertThat(letterKeys()).as("the letters not re-queued stay, in order")
				.containsExactlyElementsOf(lettered.subList((int) replay.requeued(), 10));
		}
	}

	@Test
	void unreadableLinesAndLettersOfEarlierVersionsRollingOverAreHandled() throws IOException {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			String letter = new String(DeadLetterFile.encode(WalTestSupport.request("old-1"), "rejected"),
					StandardCharsets.UTF_8);
			Files.writeString(directory().resolve("deadletter.jsonl.1"), letter);
			Files.writeString(deadLetters(), "{\"reason\":\"torn\",\"req\":{\"st\n"
					+ new String(DeadLetterFile.encode(WalTestSupport.request("new-1"), "rejected"),
							StandardCharsets.UTF_8));
			DeadLetterReplay replay = wal.replayDeadLetters();
			assertThat(replay.requeued()).isEqualTo(2);
			assertThat(replay.skipped()).isOne();
			assertThat(WalTestSupport.keys(WalTestSupport.poll(wal, 2))).containsExactly("old-1", "new-1");
			assertThat(directory().resolve("deadletter.jsonl.1")).doesNotExist();
			assertThat(Files.readString(deadLetters())).isEqualTo("{\"reason\":\"torn\",\"req\":{\"st\n");
		}
	}

	@Test
	void aReplayKilledMidwayLosesNoLetter() throws Exception {
		Files.createDirectories(directory());
		List<String> lettered = new ArrayList<>();
		try (OutputStream out = Files.newOutputStream(deadLetters())) {
			for (int i = 0; i < 5000; i++) {
				lettered.add("call-" + i);
				out.write(DeadLetterFile.encode(WalTestSupport.request("call-" + i), "rejected"));
			}
		}
		try (ChildJvm child = WalChild.start("replay", this.baseDir.toString())) {
			await().atMost(Duration.ofSeconds(60)).until(() -> child.hasPrinted("REPLAYING") && hasSegments());
			child.kill();
			System.out.println("replay killed: " + child.lines());
		}
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			List<String> inTheLog = WalTestSupport.keys(WalTestSupport.drain(wal));
			List<String> stillLetters = Files.exists(deadLetters()) ? letterKeys() : List.of();
			System.out.printf("after the kill: %d letters in the log, %d still in the dead-letter file%n",
					inTheLog.size(), stillLetters.size());
			assertThat(inTheLog).as("the replay had begun").isNotEmpty();
			Set<String> found = new HashSet<>(inTheLog);
			found.addAll(stillLetters);
			assertThat(found).containsAll(lettered);
		}
	}

	private boolean hasSegments() throws IOException {
		try (Stream<Path> files = Files.list(directory())) {
			// a segment with a record in it: a preallocated one is created before its first record
			return files.anyMatch((file) -> file.getFileName().toString().endsWith(".wal") && SegmentTail.dataEnd(file) > 0);
		}
	}

	private List<String> letterKeys() throws IOException {
		return Files.readAllLines(deadLetters()).stream().map((line) -> json.readTree(line).get("key").asString())
			.toList();
	}

	private Path deadLetters() {
		return directory().resolve("deadletter.jsonl");
	}

	private Path directory() {
		return this.baseDir.resolve(WalTestSupport.PROJECT);
	}

}
