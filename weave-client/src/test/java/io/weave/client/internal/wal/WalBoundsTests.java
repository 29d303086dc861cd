package io.weave.client.internal.wal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WalBoundsTests {

	@TempDir
	Path baseDir;

	@Test
	void whenFullTheNewestRecordsAreDroppedAndCounted() throws IOException {
		WalSettings settings = WalTestSupport.settings(this.baseDir).withSegmentBytes(1024).withMaxTotalBytes(5000);
		try (Wal wal = Wal.open(settings)) {
			int dropped = 0;
			List<String> appended = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				AppendResult result = wal.writer().append(WalTestSupport.request("call-" + i));
				if (result.status() == AppendResult.Status.DROPPED) {
					dropped++;
				}
				else {
					assertThat(result.isAppended()).isTrue();
					appended.add("call-" + i);
				}
			}
			WalSnapshot snapshot = wal.snapshot();
			assertThat(dropped).isPositive();
			assertThat(snapshot.dropped()).isEqualTo(dropped);
			assertThat(snapshot.bytes()).isLessThanOrEqualTo(5000);
			assertThat(WalTestSupport.keys(WalTestSupport.drain(wal))).containsExactlyElementsOf(appended);
			assertThat(wal.writer().append(WalTestSupport.request("after")).isAppended()).isTrue();
		}
	}

	@Test
	void segmentsCreatedWhileTheDirectoryIsMeasuredStillCount() throws IOException {
		WalSettings settings = WalTestSupport.settings(this.baseDir).withSegmentBytes(1024).withMaxTotalBytes(5000);
		try (Wal wal = Wal.open(settings)) {
			WalWriter writer = wal.writer();
			long writtenBefore = writer.bytesWritten();
			List<SegmentFile> listedBefore = Segments.list(settings.directory());
			for (int i = 0; i < 12; i++) {
				assertThat(writer.append(WalTestSupport.request("early-" + i)).isAppended()).isTrue();
			}
			// the measurement ends after those segments were written, but its listing began before
			writer.recomputeQuota(listedBefore, writtenBefore);
			for (int i = 0; i < 100; i++) {
				writer.append(WalTestSupport.request("late-" + i));
			}
			assertThat(wal.snapshot().bytes()).isLessThanOrEqualTo(5000);
		}
	}

	@Test
	void blockingAppendsWaitForAcknowledgementsToFreeSpace() throws Exception {
		WalSettings settings = WalTestSupport.settings(this.baseDir)
			.withSegmentBytes(1024)
			.withMaxTotalBytes(3000)
			.withFullPolicy(FullPolicy.BLOCK, Duration.ofSeconds(30));
		try (Wal wal = Wal.open(settings)) {
			AtomicReference<Thread> appender = new AtomicReference<>();
			CompletableFuture<List<AppendResult>> appending = CompletableFuture.supplyAsync(() -> {
				appender.set(Thread.currentThread());
				List<AppendResult> results = new ArrayList<>();
				for (int i = 0; i < 40; i++) {
					results.add(wal.writer().append(WalTestSupport.request("call-" + i)));
				}
				return results;
			});
			await().atMost(Duration.ofSeconds(10))
				.until(() -> appender.get() != null && appender.get().getState() == Thread.State.TIMED_WAITING);
			assertThat(appending).isNotDone();
			assertThat(wal.lastAppendedSequence()).isLessThan(40);
			List<WalEntry> sent = new ArrayList<>();
			while (sent.size() < 40) {
				List<WalEntry> batch = wal.reader().poll(10, 1 << 20, Duration.ofSeconds(5));
				assertThat(batch).isNotEmpty();
				wal.ack(batch);
				sent.addAll(batch);
			}
			assertThat(appending.get(10, TimeUnit.SECONDS)).allMatch(AppendResult::isAppended);
			assertThat(wal.snapshot().dropped()).isZero();
		}
	}

	@Test
	void blockingAppendsDropWhenNoSpaceIsFreedInTime() throws IOException {
		WalSettings settings = WalTestSupport.settings(this.baseDir)
			.withMaxTotalBytes(1000)
			.withFullPolicy(FullPolicy.BLOCK, Duration.ofMillis(50));
		try (Wal wal = Wal.open(settings)) {
			AppendResult result = AppendResult.appended(0);
			for (int i = 0; result.isAppended(); i++) {
				result = wal.writer().append(WalTestSupport.request("call-" + i));
			}
			assertThat(result.status()).isEqualTo(AppendResult.Status.DROPPED);
			assertThat(wal.snapshot().dropped()).isEqualTo(1);
		}
	}

	@Test
	void recordsOlderThanTheMaximumAgeExpireInsteadOfBeingSent() throws IOException {
		Path segment = handWrittenSegment(Instant.now().minus(Duration.ofHours(2)), 5, "old");
		try (OutputStream out = Files.newOutputStream(segment, java.nio.file.StandardOpenOption.APPEND)) {
			for (int i = 0; i < 3; i++) {
				out.write(WalRecord.encode(WalTestSupport.request("new-" + i), System.currentTimeMillis()));
			}
		}
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withMaxAge(Duration.ofHours(1)))) {
			assertThat(WalTestSupport.keys(WalTestSupport.drain(wal))).containsExactly("new-0", "new-1", "new-2");
			assertThat(wal.snapshot().expired()).isEqualTo(5);
			assertThat(Files.exists(segment)).isFalse();
		}
	}

	@Test
	void segmentsNobodySendsAreDeletedOnceAllTheirRecordsAreTooOld() throws IOException {
		Path old = handWrittenSegment(Instant.now().minus(Duration.ofHours(2)), 7, "old");
		Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
		Path recent = handWrittenSegment(Instant.now(), 2, "recent");
		WalSettings settings = WalTestSupport.settings(this.baseDir).withSending(false).withMaxAge(Duration.ofHours(1));
		try (Wal wal = Wal.open(settings)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> wal.snapshot().expired() == 7);
			assertThat(Files.exists(old)).isFalse();
			assertThat(Files.exists(recent)).isTrue();
			assertThat(files()).doesNotContain(old.getFileName().toString().replace(".wal", ".lock"),
					old.getFileName().toString().replace(".wal", ".send.lock"));
			WalSnapshot snapshot = wal.snapshot();
			assertThat(snapshot.segments()).isEqualTo(1);
			assertThat(snapshot.pending()).isEqualTo(2);
			assertThat(snapshot.oldestPendingAge()).isLessThan(Duration.ofMinutes(5));
		}
	}

	/** A segment as a writer that has since died would have left it. */
	private Path handWrittenSegment(Instant appendedAt, int records, String prefix) throws IOException {
		Path directory = this.baseDir.resolve("acme").resolve("tracing");
		Files.createDirectories(directory);
		Path segment = SegmentFile.next(directory).path();
		try (OutputStream out = Files.newOutputStream(segment)) {
			for (int i = 0; i < records; i++) {
				out.write(WalRecord.encode(WalTestSupport.request(prefix + "-" + i), appendedAt.toEpochMilli()));
			}
		}
		return segment;
	}

	private List<String> files() throws IOException {
		try (Stream<Path> files = Files.list(this.baseDir.resolve("acme").resolve("tracing"))) {
			return files.map((file) -> file.getFileName().toString()).collect(Collectors.toList());
		}
	}

}
