package io.weave.client.internal.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WalFsyncTests {

	@TempDir
	Path baseDir;

	@Test
	void alwaysReturnsOnlyAfterAnFsyncCoveringTheRecordAndSharesFsyncsBetweenThreads() throws Exception {
		int threads = 16;
		int perThread = 200;
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withFsync(FsyncPolicy.ALWAYS))) {
			int uncovered = appendConcurrently(wal, threads, perThread);
			long records = (long) threads * perThread;
			assertThat(uncovered).isZero();
			assertThat(wal.writer().durableSequence()).isEqualTo(records);
			assertThat(wal.writer().syncCount()).isGreaterThan(0).isLessThan(records / 2);
		}
	}

	@Test
	void alwaysFromManyThreadsAcrossRotationsReturnsOnlyDurableRecordsAndKeepsEveryOne() throws Exception {
		int threads = 64;
		int perThread = 50;
		WalSettings settings = WalTestSupport.settings(this.baseDir)
			.withFsync(FsyncPolicy.ALWAYS)
			.withSegmentBytes(32 * 1024);
		try (Wal wal = Wal.open(settings)) {
			int uncovered = appendConcurrently(wal, threads, perThread);
			int records = threads * perThread;
			assertThat(uncovered).isZero();
			assertThat(wal.snapshot().segments()).isGreaterThan(10);
			assertThat(wal.writer().syncCount()).isLessThan(records / 2);
			assertThat(WalTestSupport.keys(WalTestSupport.poll(wal, records))).hasSize(records).doesNotHaveDuplicates();
		}
	}

	/**
	 * An appender that finds its record durable before it parks must not count against the
	 * wake-ups of a later fsync: bursts separated by idle gaps, when no further fsync comes to
	 * wake a forgotten one, must all come back. On tmpfs an fsync is quick, so appenders often
	 * find their record durable before parking.
	 */
	@Test
	void burstsWithIdleGapsLeaveNoAppenderParked() throws Exception {
		Path fast = Path.of("/dev/shm");
		Path baseDir = Files.isDirectory(fast) ? Files.createTempDirectory(fast, "wal-bursts") : this.baseDir;
		int threads = 12;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try (Wal wal = Wal.open(WalTestSupport.settings(baseDir).withFsync(FsyncPolicy.ALWAYS))) {
			for (int burst = 0; burst < 400; burst++) {
				CountDownLatch start = new CountDownLatch(1);
				List<CompletableFuture<Void>> appenders = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					String key = burst + "-" + t;
					appenders.add(CompletableFuture.runAsync(() -> {
						awaitLatch(start);
						wal.writer().append(WalTestSupport.request(key));
					}, executor));
				}
				start.countDown();
				CompletableFuture<Void> all = CompletableFuture.allOf(appenders.toArray(CompletableFuture[]::new));
				int round = burst;
				await("appenders of burst " + round + " came back").atMost(Duration.ofSeconds(10)).until(all::isDone);
			}
		}
		finally {
			executor.shutdownNow();
			if (!baseDir.equals(this.baseDir)) {
				deleteRecursively(baseDir);
			}
		}
	}

	@Test
	void anInterruptedAppenderStillWaitsForItsFsyncAndKeepsItsInterrupt() throws Exception {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withFsync(FsyncPolicy.ALWAYS))) {
			CompletableFuture<Boolean> appended = new CompletableFuture<>();
			Thread appender = new Thread(() -> {
				Thread.currentThread().interrupt();
				AppendResult result = wal.writer().append(WalTestSupport.request("c-interrupted"));
				boolean durable = result.isAppended() && wal.writer().durableSequence() >= result.sequence();
				appended.complete(durable && Thread.interrupted());
			});
			appender.start();
			assertThat(appended.get(10, TimeUnit.SECONDS)).isTrue();
			AppendResult next = wal.writer().append(WalTestSupport.request("c-next"));
			assertThat(next.isAppended()).isTrue();
			assertThat(wal.writer().durableSequence()).isGreaterThanOrEqualTo(next.sequence());
			assertThat(WalTestSupport.keys(WalTestSupport.poll(wal, 2))).containsExactly("c-interrupted", "c-next");
		}
	}

	@Test
	void alwaysFromASingleThreadSyncsEveryRecord() throws Exception {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withFsync(FsyncPolicy.ALWAYS))) {
			for (int i = 0; i < 20; i++) {
				AppendResult result = wal.writer().append(WalTestSupport.request("c-" + i));
				assertThat(wal.writer().durableSequence()).isGreaterThanOrEqualTo(result.sequence());
			}
			assertThat(wal.writer().syncCount()).isEqualTo(20);
		}
	}

	@Test
	void intervalSyncsInTheBackgroundAfterEveryFewRecords() throws Exception {
		WalSettings settings = WalTestSupport.settings(this.baseDir)
			.withFsync(FsyncPolicy.INTERVAL)
			.withFsyncEvery(64, Duration.ofHours(1));
		try (Wal wal = Wal.open(settings)) {
			for (int i = 0; i < 63; i++) {
				wal.writer().append(WalTestSupport.request("c-" + i));
			}
			assertThat(wal.writer().syncCount()).isZero();
			wal.writer().append(WalTestSupport.request("c-63"));
			await().atMost(Duration.ofSeconds(5)).until(() -> wal.writer().durableSequence() >= 64);
			assertThat(wal.writer().syncCount()).isEqualTo(1);
		}
	}

	@Test
	void intervalSyncsInTheBackgroundAfterTheInterval() throws Exception {
		WalSettings settings = WalTestSupport.settings(this.baseDir)
			.withFsync(FsyncPolicy.INTERVAL)
			.withFsyncEvery(1000, Duration.ofMillis(50));
		try (Wal wal = Wal.open(settings)) {
			AppendResult result = wal.writer().append(WalTestSupport.request("c-1"));
			assertThat(result.isAppended()).isTrue();
			await().atMost(Duration.ofSeconds(5)).until(() -> wal.writer().durableSequence() >= 1);
		}
	}

	@Test
	void neverDoesNotSync() throws Exception {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withFsync(FsyncPolicy.NEVER))) {
			for (int i = 0; i < 100; i++) {
				assertThat(wal.writer().append(WalTestSupport.request("c-" + i)).isAppended()).isTrue();
			}
			assertThat(wal.writer().syncCount()).isZero();
			assertThat(WalTestSupport.keys(WalTestSupport.poll(wal, 100))).hasSize(100);
			assertThat(wal.writer().sync()).isTrue();
			assertThat(wal.writer().syncCount()).isEqualTo(1);
		}
	}

	/**
	 * Appends {@code perThread} records from each of {@code threads} threads at once; returns how
	 * many appends returned before the durable sequence covered their record.
	 */
	private static int appendConcurrently(Wal wal, int threads, int perThread) throws Exception {
		AtomicInteger uncovered = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Void>> appenders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				appenders.add(CompletableFuture.runAsync(() -> {
					awaitLatch(start);
					for (int i = 0; i < perThread; i++) {
						AppendResult result = wal.writer().append(WalTestSupport.request(thread + "-" + i));
						assertThat(result.isAppended()).isTrue();
						if (wal.writer().durableSequence() < result.sequence()) {
							uncovered.incrementAndGet();
						}
					}
				}, executor));
			}
			start.countDown();
			CompletableFuture.allOf(appenders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		}
		finally {
			executor.shutdown();
		}
		return uncovered.get();
	}

	private static void deleteRecursively(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
