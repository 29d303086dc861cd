package io.weave.client.internal.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WalSnapshotTests {

	@TempDir
	Path baseDir;

	@Test
	void pendingCountsWhatIsNotAcknowledgedYet() throws IOException {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withSegmentBytes(2048))) {
			WalSnapshot empty = wal.snapshot();
			assertThat(empty.mode()).isEqualTo("wal");
			assertThat(empty.pending()).isZero();
			assertThat(empty.oldestPendingAge()).isNull();
			Instant before = Instant.now();
			for (int i = 0; i < 30; i++) {
				wal.writer().append(WalTestSupport.request("call-" + i));
			}
			WalSnapshot appended = wal.snapshot();
			assertThat(appended.appended()).isEqualTo(30);
			assertThat(appended.pending()).isEqualTo(30);
			assertThat(appended.segments()).isGreaterThan(1);
			assertThat(appended.bytes()).isPositive();
			assertThat(appended.oldestPendingAge()).isNotNull()
				.isLessThanOrEqualTo(Duration.between(before, Instant.now()).plusMillis(1));
			List<WalEntry> entries = WalTestSupport.poll(wal, 30);
			assertThat(wal.snapshot().pending()).isEqualTo(30);
			wal.ack(entries.subList(0, 10));
			assertThat(wal.snapshot().pending()).isEqualTo(20);
			assertThat(wal.snapshot().acked()).isEqualTo(10);
			wal.ack(entries);
			WalSnapshot done = wal.snapshot();
			assertThat(done.pending()).isZero();
			assertThat(done.oldestPendingAge()).isNull();
			assertThat(done.acked()).isEqualTo(30);
		}
	}

	@Test
	void aLogThatOnlyWritesReportsEverythingPending() throws IOException {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withSending(false))) {
			for (int i = 0; i < 5; i++) {
				wal.writer().append(WalTestSupport.request("call-" + i));
			}
			WalSnapshot snapshot = wal.snapshot();
			assertThat(snapshot.mode()).isEqualTo("wal-only");
			assertThat(snapshot.pending()).isEqualTo(5);
			assertThat(snapshot.withSender("stopped", "HTTP 503").senderState()).isEqualTo("stopped");
		}
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withSending(false))) {
			assertThat(wal.snapshot().pending()).as("left by the previous process").isEqualTo(5);
		}
	}

	@Test
	void leftoverLockAndCheckpointFilesOfDeletedSegmentsAreClearedUp() throws IOException {
		Path directory = this.baseDir.resolve("acme").resolve("tracing");
		Files.createDirectories(directory);
		String stale = "00000000000000000001-1-0000000a";
		String recent = "00000000000000000002-1-0000000b";
		FileTime old = FileTime.from(Instant.now().minus(Duration.ofMinutes(5)));
		for (String suffix : List.of(".lock", ".send.lock", ".ckpt")) {
			Files.setLastModifiedTime(Files.createFile(directory.resolve(stale + suffix)), old);
			Files.createFile(directory.resolve(recent + suffix));
		}
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(directory.resolve(stale + ".lock"))
					&& !Files.exists(directory.resolve(stale + ".send.lock"))
					&& !Files.exists(directory.resolve(stale + ".ckpt")));
			assertThat(directory.resolve(recent + ".lock")).exists();
			assertThat(directory.resolve(recent + ".ckpt")).exists();
		}
	}

}
