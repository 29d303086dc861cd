package io.weave.client.internal.wal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weave.client.internal.wire.WireRequest;

import static org.assertj.core.api.Assertions.assertThat;

class WalRoundTripTests {

	@TempDir
	Path baseDir;

	@Test
	void recordsComeBackInOrderAcrossRotations() throws IOException {
		List<String> expected = new ArrayList<>();
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withSegmentBytes(4096))) {
			for (int i = 0; i < 500; i++) {
				String key = "call-" + i;
				expected.add(key);
				AppendResult result = wal.writer().append(WalTestSupport.request(key));
				assertThat(result.isAppended()).isTrue();
				assertThat(result.sequence()).isEqualTo(i + 1);
			}
			assertThat(wal.snapshot().segments()).isGreaterThan(10);
			List<WalEntry> entries = WalTestSupport.poll(wal, 500);
			assertThat(WalTestSupport.keys(entries)).containsExactlyElementsOf(expected);
			assertThat(entries).extracting(WalEntry::sequence).containsExactlyElementsOf(sequences(1, 500));
			assertThat(entries.get(7).request().body()).isEqualTo(WalTestSupport.request("call-7").body());
			assertThat(wal.reader().poll(100, 1 << 20, Duration.ofMillis(50))).isEmpty();
		}
	}

	@Test
	void everyRecordOfConcurrentAppendersIsReadExactlyOnceInPerThreadOrder() throws Exception {
		int threads = 8;
		int perThread = 2000;
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withSegmentBytes(64 * 1024))) {
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Void>> appenders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				appenders.add(CompletableFuture.runAsync(() -> {
					await(start);
					for (int i = 0; i < perThread; i++) {
						assertThat(wal.writer().append(WalTestSupport.request(thread + "-" + i)).isAppended()).isTrue();
					}
				}, executor));
			}
			start.countDown();
			List<WalEntry> entries = new ArrayList<>();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (entries.size() < threads * perThread && System.nanoTime() < deadline) {
				List<WalEntry> batch = wal.reader().poll(1000, 1 << 20, Duration.ofMillis(100));
				entries.addAll(batch);
				wal.ack(batch);
			}
			CompletableFuture.allOf(appenders.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
			executor.shutdown();
			assertThat(entries).hasSize(threads * perThread);
			Map<String, Integer> next = new HashMap<>();
			for (WalEntry entry : entries) {
				String[] parts = entry.request().key().split("-");
				int expected = next.getOrDefault(parts[0], 0);
				assertThat(Integer.parseInt(parts[1])).as("next record of thread %s", parts[0]).isEqualTo(expected);
				next.put(parts[0], expected + 1);
			}
			assertThat(entries).extracting(WalEntry::sequence).containsExactlyElementsOf(sequences(1, threads * perThread));
			assertThat(wal.awaitAcked(wal.lastAppendedSequence(), Duration.ofSeconds(5))).isTrue();
			assertThat(wal.snapshot().corrupt()).isZero();
			assertThat(wal.snapshot().torn()).isZero();
			assertThat(wal.reader().poll(100, 1 << 20, Duration.ofMillis(50))).isEmpty();
		}
	}

	@Test
	void aWaitingPollWakesUpWhenARecordIsAppended() throws Exception {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			CompletableFuture<List<WalEntry>> polled = CompletableFuture
				.supplyAsync(() -> wal.reader().poll(10, 1 << 20, Duration.ofSeconds(30)));
			wal.writer().append(WalTestSupport.request("late"));
			List<WalEntry> entries = polled.get(10, TimeUnit.SECONDS);
			assertThat(WalTestSupport.keys(entries)).containsExactly("late");
		}
	}

	@Test
	void pollIsBoundedByRecordsAndBytesButAlwaysYieldsALargeRecord() throws IOException {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			byte[] large = ("{\"obj\":{\"val\":\"" + "x".repeat(100_000) + "\"}}").getBytes(StandardCharsets.UTF_8);
			wal.writer().append(new WireRequest(io.weave.client.internal.wire.RequestType.OBJ_CREATE, "big", large));
			for (int i = 0; i < 10; i++) {
				wal.writer().append(WalTestSupport.request("small-" + i));
			}
			assertThat(WalTestSupport.keys(wal.reader().poll(100, 1000, Duration.ZERO))).containsExactly("big");
			assertThat(wal.reader().poll(3, 1 << 20, Duration.ZERO)).hasSize(3);
			List<WalEntry> byBytes = wal.reader().poll(100, 600, Duration.ZERO);
			assertThat(byBytes).hasSizeBetween(1, 3);
		}
	}

	@Test
	void filesHoldExactlyWhatWasAppended() throws IOException {
		List<WireRequest> requests = new ArrayList<>();
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withSending(false))) {
			for (int i = 0; i < 20; i++) {
				WireRequest request = WalTestSupport.request("call-" + i);
				requests.add(request);
				wal.writer().append(request);
			}
		}
		Path directory = this.baseDir.resolve("acme").resolve("tracing");
		List<String> lines = new ArrayList<>();
		try (var files = Files.list(directory)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				if (file.toString().endsWith(".wal")) {
					lines.addAll(Files.readAllLines(file));
				}
				else {
					assertThat(file.getFileName().toString()).endsWith(".lock");
					assertThat(Files.readString(file)).isEqualTo(WriterIdentity.current().toLine());
				}
			}
		}
		assertThat(lines).hasSize(20);
		for (int i = 0; i < 20; i++) {
			byte[] line = lines.get(i).getBytes(StandardCharsets.UTF_8);
			WalRecord record = WalRecord.decode(line, 0, line.length);
			assertThat(record.request().key()).isEqualTo("call-" + i);
			assertThat(record.request().body()).isEqualTo(requests.get(i).body());
			String expectedJson = "{\"at\":" + record.appendedAt() + ",\"type\":\"call_start\",\"key\":\"call-" + i
					+ "\",\"req\":" + requests.get(i).bodyAsString() + "}";
			assertThat(lines.get(i).substring(WalRecord.PREFIX)).isEqualTo(expectedJson);
		}
	}

	private static List<Long> sequences(long from, long to) {
		List<Long> sequences = new ArrayList<>();
		for (long i = from; i <= to; i++) {
			sequences.add(i);
		}
		return sequences;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
