package io.weave.client.internal.wal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class WalCorruptionTests {

	@TempDir
	Path baseDir;

	@Test
	void aTornLastLineIsCountedQuarantinedAndSkipped() throws IOException {
		Path segment = writeSegment(10);
		byte[] next = WalRecord.encode(WalTestSupport.request("call-10"), System.currentTimeMillis());
		Files.write(segment, Arrays.copyOf(next, 40), StandardOpenOption.APPEND);
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			assertThat(WalTestSupport.keys(WalTestSupport.drain(wal))).containsExactlyElementsOf(keys(0, 10));
			WalSnapshot snapshot = wal.snapshot();
			assertThat(snapshot.torn()).isEqualTo(1);
			assertThat(snapshot.corrupt()).isZero();
			assertThat(snapshot.segments()).as("fully resolved, so deleted").isZero();
			String quarantined = Files.readString(directory().resolve("quarantine.wal"), StandardCharsets.ISO_8859_1);
			assertThat(quarantined).startsWith("# torn " + segment.getFileName() + " ")
				.endsWith("\n" + new String(next, 0, 40, StandardCharsets.ISO_8859_1) + "\n");
		}
	}

	@Test
	void aCompleteLastLineWithABadChecksumIsTorn() throws IOException {
		Path segment = writeSegment(5);
		byte[] bytes = Files.readAllBytes(segment);
		bytes[bytes.length - 5] ^= 0x01;
		Files.write(segment, bytes);
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			assertThat(WalTestSupport.keys(WalTestSupport.drain(wal))).containsExactlyElementsOf(keys(0, 4));
			assertThat(wal.snapshot().torn()).isEqualTo(1);
			assertThat(wal.snapshot().corrupt()).isZero();
		}
	}

	@Test
	void damagedLinesInTheMiddleAreQuarantinedAndTheRestDelivered() throws IOException {
		Path segment = writeSegment(10);
		List<byte[]> lines = lines(segment);
		byte[] flipped = lines.get(4);
		flipped[flipped.length / 2] ^= 0x20;
		lines.set(6, withChecksum("{\"at\":1,\"type\":\"call_start\",\"key\":\"call-6\",\"req\":{\"start\":}}"));
		write(segment, lines);
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			List<String> delivered = WalTestSupport.keys(WalTestSupport.drain(wal));
			assertThat(delivered).containsExactly("call-0", "call-1", "call-2", "call-3", "call-5", "call-7", "call-8",
					"call-9");
			WalSnapshot snapshot = wal.snapshot();
			assertThat(snapshot.corrupt()).isEqualTo(2);
			assertThat(snapshot.torn()).isZero();
			byte[] quarantined = Files.readAllBytes(directory().resolve("quarantine.wal"));
			assertThat(indexOf(quarantined, flipped)).isPositive();
			assertThat(indexOf(quarantined, lines.get(6))).isPositive();
			assertThat(new String(quarantined, StandardCharsets.ISO_8859_1)).contains("# corrupt " + segment.getFileName());
		}
	}

	@Test
	void garbageWithoutAnyNewlineIsOneTornTail() throws IOException {
		Path segment = writeSegment(3);
		byte[] zeros = new byte[100_000];
		Files.write(segment, zeros, StandardOpenOption.APPEND);
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			assertThat(WalTestSupport.keys(WalTestSupport.drain(wal))).containsExactlyElementsOf(keys(0, 3));
			assertThat(wal.snapshot().torn()).isEqualTo(1);
		}
	}

	/** Writes records with a writer-only log and closes it: a segment of a writer that is gone. */
	private Path writeSegment(int records) throws IOException {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withSending(false))) {
			for (int i = 0; i < records; i++) {
				wal.writer().append(WalTestSupport.request("call-" + i));
			}
		}
		try (Stream<Path> files = Files.list(directory())) {
			List<Path> segments = files.filter((file) -> file.toString().endsWith(".wal")).collect(Collectors.toList());
			assertThat(segments).hasSize(1);
			return segments.get(0);
		}
	}

	private Path directory() {
		return this.baseDir.resolve("acme").resolve("tracing");
	}

	private static List<byte[]> lines(Path segment) throws IOException {
		byte[] bytes = Files.readAllBytes(segment);
		List<byte[]> lines = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == '\n') {
				lines.add(Arrays.copyOfRange(bytes, start, i + 1));
				start = i + 1;
			}
		}
		return lines;
	}

	private static void write(Path segment, List<byte[]> lines) throws IOException {
		try (var out = Files.newOutputStream(segment, StandardOpenOption.TRUNCATE_EXISTING)) {
			for (byte[] line : lines) {
				out.write(line);
			}
		}
	}

	private static byte[] withChecksum(String json) {
		CRC32C crc = new CRC32C();
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		crc.update(bytes);
		return (String.format("%08x", crc.getValue()) + " " + json + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static List<String> keys(int from, int to) {
		return IntStream.range(from, to).mapToObj((i) -> "call-" + i).collect(Collectors.toList());
	}

}
