package io.weave.client.internal.wal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.Timestamps;
import io.weave.client.internal.wire.WireRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Segments left by a writer that died, written by hand as it leaves them (its last segment
 * preallocated, no lock held), adopted by a log in this process.
 */
class DeadWriterTests {

	private static final long DEAD_PID = 4_000_000_001L;

	private static final long T0 = 1_700_000_000_000L;

	@TempDir
	Path baseDir;

	@Test
	void callsStartedWithoutAnEndInAnyOfTheWritersSegmentsAreEndedAtItsLastRecord() throws IOException {
		Path directory = directory();
		segment(directory, 1, false, start("a", T0), start("b", T0 + 1), end("a", T0 + 2));
		segment(directory, 2, true, start("c", T0 + 3), end("c", T0 + 4), start("d", T0 + 5), obj("x", T0 + 6));
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			List<WalEntry> entries = WalTestSupport.drain(wal);
			assertThat(WalTestSupport.startKeys(entries)).containsExactly("a", "b", "c", "d");
			List<WalEntry> ends = entries.stream().filter((e) -> e.request().type() == RequestType.CALL_END).toList();
			assertThat(WalTestSupport.keys(ends)).containsExactly("a", "c", "b", "d");
			for (WalEntry written : ends.subList(2, 4)) {
				JsonNode end = JsonMapper.shared().readTree(written.request().body()).get("end");
				assertThat(end.propertyNames()).containsExactly("project_id", "id", "ended_at", "exception", "summary");
				assertThat(end.get("project_id").asString()).isEqualTo(WalTestSupport.PROJECT);
				assertThat(end.get("ended_at").asString()).isEqualTo(Timestamps.format(T0 + 6));
				assertThat(end.get("summary").isEmpty()).isTrue();
				JsonNode exception = JsonMapper.shared().readTree(end.get("exception").asString());
				assertThat(exception.get("type").asString()).isEqualTo(DeadWriter.EXCEPTION_TYPE);
				assertThat(exception.get("message").asString())
					.isEqualTo("The process (pid " + DEAD_PID + " on host dead-host) stopped before the call "
							+ "ended; ended_at is the time of its last record in the write-ahead log");
			}
			assertThat(wal.snapshot().segments()).as("all resolved, so deleted").isZero();
		}
	}

	@Test
	void theEndsAreWrittenOnceHoweverOftenTheSegmentIsAdopted() throws IOException {
		Path directory = directory();
		Path segment = segment(directory, 1, true, start("a", T0));
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			assertThat(WalTestSupport.endKeys(WalTestSupport.poll(wal, 2))).containsExactly("a");
			// closed without acknowledging: the segment stays for the next process
		}
		assertThat(Files.size(segment)).as("cut to its records, the written end included").isLessThan(8192);
		assertThat(SegmentTail.isPreallocated(segment)).isFalse();
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			List<WalEntry> entries = WalTestSupport.drain(wal);
			assertThat(WalTestSupport.keys(entries)).containsExactly("a", "a");
			assertThat(WalTestSupport.endKeys(entries)).containsExactly("a");
		}
	}

	@Test
	void aLastRecordCutShortStaysLastAndTorn() throws IOException {
		Path directory = directory();
		byte[] cut = java.util.Arrays.copyOf(start("b", T0 + 1), 30);
		segment(directory, 1, true, start("a", T0), cut);
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			List<WalEntry> entries = WalTestSupport.drain(wal);
			assertThat(WalTestSupport.keys(entries)).containsExactly("a", "a");
			assertThat(wal.snapshot().torn()).isEqualTo(1);
			assertThat(wal.snapshot().corrupt()).isZero();
		}
	}

	@Test
	void theEndsOfASegmentWithoutRoomAreWrittenBehindItsRecords() throws IOException {
		Path directory = directory();
		byte[] first = start("a", T0);
		Path segment = segment(directory, 1, first.length, first);
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			assertThat(WalTestSupport.keys(WalTestSupport.poll(wal, 2))).containsExactly("a", "a");
		}
		assertThat(SegmentTail.isPreallocated(segment)).as("cut once the end is written").isFalse();
	}

	@Test
	void theCallsOfAnotherHostsProcessWithTheSamePidAreNotEnded() throws IOException {
		Path directory = directory();
		Path other = segment(directory, 1, false, start("a", T0));
		Files.writeString(other.resolveSibling(other.getFileName().toString().replace(".wal", ".lock")),
				DEAD_PID + " other-host\n");
		segment(directory, 2, true, start("b", T0 + 1));
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			List<WalEntry> entries = WalTestSupport.poll(wal, 3);
			assertThat(WalTestSupport.startKeys(entries)).containsExactly("a", "b");
			assertThat(WalTestSupport.endKeys(entries)).containsExactly("b");
		}
	}

	@Test
	void aSegmentItsWriterClosedIsLeftAsItIs() throws IOException {
		Path directory = directory();
		Path segment = segment(directory, 1, false, start("a", T0));
		byte[] before = Files.readAllBytes(segment);
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			assertThat(WalTestSupport.keys(WalTestSupport.poll(wal, 1))).containsExactly("a");
		}
		assertThat(Files.readAllBytes(segment)).isEqualTo(before);
	}

	private Path directory() throws IOException {
		Path directory = this.baseDir.resolve("acme").resolve("tracing");
		Files.createDirectories(directory);
		return directory;
	}

	/** A segment of the dead writer: preallocated (8 KiB) as its last one is, or cut to its records. */
	private static Path segment(Path directory, int index, boolean preallocated, byte[]... lines) throws IOException {
		byte[] records = concat(lines);
		return segment(directory, index, preallocated ? 8192 : -1, records);
	}

	private static Path segment(Path directory, int index, int capacity, byte[] records) throws IOException {
		String stem = String.format("%020d-%d-%08x", T0 * 1_000_000 + index, DEAD_PID, index);
		Path path = directory.resolve(stem + SegmentFile.EXTENSION);
		byte[] content = records;
		if (capacity >= 0) {
			content = new byte[capacity + SegmentTail.TRAILER.length];
			System.arraycopy(records, 0, content, 0, records.length);
			System.arraycopy(SegmentTail.TRAILER, 0, content, capacity, SegmentTail.TRAILER.length);
		}
		Files.write(path, content);
		Files.writeString(directory.resolve(stem + ".lock"), DEAD_PID + " dead-host\n");
		return path;
	}

	private static byte[] start(String id, long at) {
		String body = "{\"start\":{\"project_id\":\"acme/tracing\",\"id\":\"" + id + "\"}}";
		return WalRecord.encode(new WireRequest(RequestType.CALL_START, id, bytes(body)), at);
	}

	private static byte[] end(String id, long at) {
		String body = "{\"end\":{\"project_id\":\"acme/tracing\",\"id\":\"" + id + "\"}}";
		return WalRecord.encode(new WireRequest(RequestType.CALL_END, id, bytes(body)), at);
	}

	private static byte[] obj(String id, long at) {
		return WalRecord.encode(new WireRequest(RequestType.OBJ_CREATE, id, bytes("{\"obj\":{}}")), at);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
