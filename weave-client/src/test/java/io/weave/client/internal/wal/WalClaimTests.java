package io.weave.client.internal.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class WalClaimTests {

	@TempDir
	Path baseDir;

	@Test
	void segmentsOfAGoneWriterAreSentByExactlyOneOfTwoSenders() throws Exception {
		WalSettings settings = WalTestSupport.settings(this.baseDir).withSegmentBytes(2048);
		try (Wal writer = Wal.open(settings.withSending(false))) {
			for (int i = 0; i < 300; i++) {
				writer.writer().append(WalTestSupport.request("call-" + i));
			}
		}
		try (Wal first = Wal.open(settings); Wal second = Wal.open(settings)) {
			CompletableFuture<List<String>> firstKeys = CompletableFuture.supplyAsync(() -> sendAll(first));
			CompletableFuture<List<String>> secondKeys = CompletableFuture.supplyAsync(() -> sendAll(second));
			List<String> all = new ArrayList<>(firstKeys.get(20, TimeUnit.SECONDS));
			all.addAll(secondKeys.get(20, TimeUnit.SECONDS));
			assertThat(all).hasSize(300).doesNotHaveDuplicates();
		}
		assertThat(files(".wal")).isEmpty();
	}

	@Test
	void aLiveWritersSegmentIsNeverTakenButItsRotatedOnesAre() throws IOException {
		WalSettings settings = WalTestSupport.settings(this.baseDir).withSegmentBytes(2048);
		try (Wal writer = Wal.open(settings.withSending(false)); Wal sender = Wal.open(settings)) {
			writer.writer().append(WalTestSupport.request("live-0"));
			assertThat(sender.reader().poll(10, 1 << 20, Duration.ofMillis(200))).isEmpty();
			int count = 1;
			while (files(".wal").size() < 3) {
				writer.writer().append(WalTestSupport.request("live-" + count++));
			}
			Path active = writer.writer().active().file().path();
			List<WalEntry> rotated = WalTestSupport.poll(sender, count - (int) writer.writer().active().records());
			assertThat(rotated).extracting(WalEntry::segment).doesNotContain(active.getFileName().toString());
			assertThat(sender.reader().poll(10, 1 << 20, Duration.ofMillis(200))).isEmpty();
			sender.ack(rotated);
			writer.close();
			List<WalEntry> rest = WalTestSupport.poll(sender, (int) (count - rotated.size()));
			assertThat(rest).extracting(WalEntry::segment).containsOnly(active.getFileName().toString());
			List<String> keys = WalTestSupport.keys(rotated);
			keys.addAll(WalTestSupport.keys(rest));
			assertThat(keys).hasSize(count).doesNotHaveDuplicates();
		}
	}

	@Test
	void aSendersOwnSegmentsStayWithItUntilItClosesThenAnotherSenderTakesWhatIsLeft() throws IOException {
		WalSettings settings = WalTestSupport.settings(this.baseDir).withSegmentBytes(2048);
		try (Wal other = Wal.open(settings)) {
			try (Wal owner = Wal.open(settings)) {
				for (int i = 0; i < 50; i++) {
					owner.writer().append(WalTestSupport.request("call-" + i));
				}
				assertThat(files(".wal")).hasSizeGreaterThan(2);
				assertThat(other.reader().poll(10, 1 << 20, Duration.ofMillis(200))).isEmpty();
				List<WalEntry> sent = WalTestSupport.poll(owner, 50);
				owner.ack(sent.subList(0, 20));
			}
			List<WalEntry> adopted = WalTestSupport.drain(other);
			assertThat(WalTestSupport.keys(adopted)).hasSize(30).startsWith("call-20").endsWith("call-49");
		}
	}

	@Test
	void lockFilesHoldTheirOwnersPidAndHost() throws IOException {
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			wal.writer().append(WalTestSupport.request("call-0"));
			SegmentFile segment = wal.writer().active().file();
			String pid = Long.toString(ProcessHandle.current().pid());
			assertThat(SegmentClaim.isHeld(segment.lockPath())).isTrue();
			assertThat(SegmentClaim.isHeld(segment.sendLockPath())).isTrue();
			assertThat(SegmentClaim.tryAcquire(segment.lockPath())).isNull();
			assertThat(SegmentClaim.tryAcquire(segment.sendLockPath())).isNull();
			// probing must not have dropped the locks
			assertThat(SegmentClaim.isHeld(segment.lockPath())).isTrue();
			String owner = WriterIdentity.current().toLine();
			assertThat(owner).startsWith(pid);
			assertThat(Files.readString(segment.lockPath())).isEqualTo(owner);
			assertThat(Files.readString(segment.sendLockPath())).isEqualTo(owner);
		}
	}

	private static List<String> sendAll(Wal wal) {
		List<String> keys = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		List<WalEntry> batch = wal.reader().poll(50, 1 << 20, Duration.ofMillis(500));
		while (!batch.isEmpty()) {
			for (WalEntry entry : batch) {
				assertThat(seen.add(entry.request().key())).isTrue();
				keys.add(entry.request().key());
			}
			wal.ack(batch);
			batch = wal.reader().poll(50, 1 << 20, Duration.ofMillis(500));
		}
		return keys;
	}

	private List<Path> files(String suffix) throws IOException {
		try (Stream<Path> files = Files.list(this.baseDir.resolve("acme").resolve("tracing"))) {
			return files.filter((file) -> file.toString().endsWith(suffix)).collect(Collectors.toList());
		}
	}

}
