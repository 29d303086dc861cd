package io.weave.client.internal.wal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Segments are written through a memory mapping of a preallocated file: what a writer that
 * died leaves behind is its records, zeros and the trailer that marks the file preallocated.
 */
class WalPreallocationTests {

	@TempDir
	Path baseDir;

	@Test
	void aSegmentIsPreallocatedWhileWrittenAndCutToItsRecordsWhenClosed() throws IOException {
		WalSettings settings = WalTestSupport.settings(this.baseDir).withSegmentBytes(64 * 1024).withSending(false);
		long recordBytes = 0;
		Path segment;
		try (Wal wal = Wal.open(settings)) {
			for (int i = 0; i < 10; i++) {
				wal.writer().append(WalTestSupport.request("call-" + i));
				recordBytes += line("call-" + i).length;
			}
			segment = wal.writer().active().file().path();
			assertThat(Files.size(segment)).isEqualTo(64 * 1024 + SegmentTail.TRAILER.length);
			assertThat(tail(segment, SegmentTail.TRAILER.length)).isEqualTo(SegmentTail.TRAILER);
			assertThat(wal.snapshot().bytes()).as("only records count").isEqualTo(recordBytes);
			assertThat(SegmentTail.dataEnd(segment)).isEqualTo(recordBytes);
		}
		assertThat(Files.size(segment)).isEqualTo(recordBytes);
		assertThat(new String(Files.readAllBytes(segment), StandardCharsets.UTF_8)).doesNotContain("\0");
	}

	@Test
	void theRecordsOfAWriterThatDiedAreAllReadAndItsUnusedSpaceIsNotTorn() throws IOException {
		Path segment = preallocated(records(0, 10), new byte[0], 8192);
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			List<WalEntry> entries = WalTestSupport.drain(wal);
			assertThat(WalTestSupport.startKeys(entries)).containsExactlyElementsOf(keys(0, 10));
			assertThat(WalTestSupport.endKeys(entries)).as("ended on the dead writer's behalf")
				.containsExactlyElementsOf(keys(0, 10));
			WalSnapshot snapshot = wal.snapshot();
			assertThat(snapshot.torn()).isZero();
			assertThat(snapshot.corrupt()).isZero();
			assertThat(snapshot.segments()).as("fully resolved, so deleted").isZero();
		}
		assertThat(segment).doesNotExist();
		assertThat(this.baseDir.resolve("acme/tracing/quarantine.wal")).doesNotExist();
	}

	@Test
	void aRecordCutShortByTheDeathOfItsWriterIsTornAndOnlyItsBytesAreQuarantined() throws IOException {
		byte[] cut = Arrays.copyOf(line("call-10"), 40);
		preallocated(records(0, 10), cut, 100_000);
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			List<WalEntry> entries = WalTestSupport.drain(wal);
			assertThat(WalTestSupport.startKeys(entries)).containsExactlyElementsOf(keys(0, 10));
			assertThat(WalTestSupport.endKeys(entries)).containsExactlyElementsOf(keys(0, 10));
			assertThat(wal.snapshot().torn()).isEqualTo(1);
			assertThat(wal.snapshot().corrupt()).isZero();
		}
		byte[] quarantined = Files.readAllBytes(this.baseDir.resolve("acme/tracing/quarantine.wal"));
		assertThat(new String(quarantined, StandardCharsets.ISO_8859_1))
			.endsWith("\n" + new String(cut, StandardCharsets.ISO_8859_1) + "\n");
	}

	@Test
	void aSegmentWhoseWriterDiedBeforeItsFirstRecordIsEmpty() throws IOException {
		Path segment = preallocated(new byte[0], new byte[0], 4096);
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			assertThat(WalTestSupport.drain(wal)).isEmpty();
			assertThat(wal.snapshot().torn()).isZero();
		}
		assertThat(segment).doesNotExist();
	}

	@Test
	void theBacklogOfAnotherWritersPreallocatedSegmentIsEstimatedFromItsRecords() throws IOException {
		Path segment = preallocated(records(0, 10), new byte[0], 1024 * 1024);
		assertThat(SegmentTail.estimateDataEnd(segment)).isEqualTo(4096);
		assertThat(Segments.estimateLines(segment, 0, SegmentTail.estimateDataEnd(segment))).isEqualTo(10);
	}

	@Test
	void appendsAcrossManyPagesWhilePagesArePrefaultedStayIntact() throws Exception {
		WalSettings settings = WalTestSupport.settings(this.baseDir).withSegmentBytes(8 * 1024 * 1024);
		try (Wal wal = Wal.open(settings)) {
			Thread[] threads = new Thread[4];
			for (int t = 0; t < threads.length; t++) {
				int thread = t;
				threads[t] = new Thread(() -> {
					for (int i = 0; i < 5_000; i++) {
						wal.writer().append(WalTestSupport.request("t" + thread + "-" + i));
					}
				});
				threads[t].start();
			}
			for (Thread thread : threads) {
				thread.join();
			}
			List<WalEntry> entries = WalTestSupport.poll(wal, 20_000);
			assertThat(entries).hasSize(20_000);
			assertThat(WalTestSupport.keys(entries)).doesNotHaveDuplicates();
			assertThat(wal.snapshot().corrupt()).isZero();
		}
	}

	@Test
	void recordsAppendedFasterThanPagesArePreparedStayIntact() throws IOException {
		WalSettings settings = WalTestSupport.settings(this.baseDir).withSegmentBytes(32 * 1024 * 1024);
		String payload = "p".repeat(3000);
		try (Wal wal = Wal.open(settings)) {
			for (int i = 0; i < 5_000; i++) {
				String key = "call-" + i;
				String body = "{\"start\":{\"id\":\"" + key + "\",\"inputs\":{\"payload\":\"" + payload + "\"}}}";
				wal.writer()
					.append(new WireRequest(RequestType.CALL_START, key, body.getBytes(StandardCharsets.UTF_8)));
			}
			List<WalEntry> entries = WalTestSupport.poll(wal, 5_000);
			assertThat(WalTestSupport.keys(entries)).containsExactlyElementsOf(keys(0, 5_000));
			assertThat(wal.snapshot().corrupt()).isZero();
		}
	}

	/**
	 * Writes a segment as a writer that died leaves it: records, a partial record, zeros up to
	 * {@code capacity}, the trailer; no locks held.
	 */
	private Path preallocated(byte[] records, byte[] partial, int capacity) throws IOException {
		Path directory = this.baseDir.resolve("acme").resolve("tracing");
		Files.createDirectories(directory);
		SegmentFile file = SegmentFile.next(directory);
		byte[] content = new byte[capacity + SegmentTail.TRAILER.length];
		System.arraycopy(records, 0, content, 0, records.length);
		System.arraycopy(partial, 0, content, records.length, partial.length);
		System.arraycopy(SegmentTail.TRAILER, 0, content, capacity, SegmentTail.TRAILER.length);
		Files.write(file.path(), content);
		return file.path();
	}

	private static byte[] records(int from, int to) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = from; i < to; i++) {
			out.writeBytes(line("call-" + i));
		}
		return out.toByteArray();
	}

	private static byte[] line(String key) {
		return WalRecord.encode(WalTestSupport.request(key), 1_700_000_000_000L);
	}

	private static byte[] tail(Path file, int length) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		return Arrays.copyOfRange(bytes, bytes.length - length, bytes.length);
	}

	private static List<String> keys(int from, int to) {
		return IntStream.range(from, to).mapToObj((i) -> "call-" + i).collect(Collectors.toList());
	}

}
