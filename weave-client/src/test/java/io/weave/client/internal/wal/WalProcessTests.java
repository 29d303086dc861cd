package io.weave.client.internal.wal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.weave.test.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several JVMs on one log directory, and JVMs killed with SIGKILL mid-append. */
@EnabledOnOs(OS.LINUX)
class WalProcessTests {

	private static final int SIGKILL_EXIT = 128 + 9;

	@TempDir
	Path baseDir;

	@Test
	void everyAppendAKilledProcessReportedIsRecovered() throws Exception {
		Set<String> reported = new HashSet<>();
		for (int run = 0; run < 3; run++) {
			int killAfter = ThreadLocalRandom.current().nextInt(20, 400);
			try (ChildJvm child = WalChild.start("write", this.baseDir.toString(), "run" + run)) {
				await().atMost(Duration.ofSeconds(30)).until(() -> keys(child).size() >= killAfter);
				assertThat(child.kill()).as("killed by SIGKILL").isEqualTo(SIGKILL_EXIT);
				reported.addAll(keys(child));
			}
		}
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			List<WalEntry> recovered = WalTestSupport.drain(wal);
			assertThat(WalTestSupport.keys(recovered)).doesNotHaveDuplicates().containsAll(reported);
			WalSnapshot snapshot = wal.snapshot();
			assertThat(snapshot.corrupt()).isZero();
			assertThat(recovered.size() + snapshot.torn()).isGreaterThanOrEqualTo(reported.size());
			assertThat(snapshot.segments()).isZero();
		}
	}

	@Test
	void aLiveProcesssSegmentIsNeverTakenAndIsAdoptedOnceItIsKilled() throws Exception {
		try (ChildJvm child = WalChild.start("hold", this.baseDir.toString(), "held", "50");
				Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> child.hasPrinted("DONE"));
			assertThat(keys(child)).hasSize(50);
			assertThat(wal.snapshot().segments()).isEqualTo(1);
			assertThat(wal.reader().poll(100, 1 << 20, Duration.ofMillis(300))).isEmpty();
			assertThat(child.kill()).isEqualTo(SIGKILL_EXIT);
			List<WalEntry> adopted = WalTestSupport.poll(wal, 50);
			assertThat(WalTestSupport.keys(adopted)).containsExactlyInAnyOrderElementsOf(keys(child));
		}
	}

	@Test
	void writersKilledInWalOnlyModeDoNotMakeTheLogLookFull() throws Exception {
		long maxBytes = 4 * 1024 * 1024;
		WalSettings settings = WalTestSupport.settings(this.baseDir).withMaxTotalBytes(maxBytes);
		Set<String> written = new HashSet<>();
		// each killed writer leaves a file of its whole capacity, a quarter of the bound
		killHolders(0, 3, maxBytes, written);
		try (Wal wal = Wal.open(settings.withSending(false))) {
			// found at the start, then by the periodic maintenance while this log runs
			killHolders(3, 5, maxBytes, written);
			await().atMost(Duration.ofSeconds(30)).until(() -> wal.snapshot().bytes() < maxBytes / 20);
			for (int i = 0; i < 100; i++) {
				String key = "after-" + i;
				assertThat(wal.writer().append(WalTestSupport.request(key)).isAppended()).as(key).isTrue();
				written.add(key);
			}
			WalSnapshot snapshot = wal.snapshot();
			assertThat(snapshot.dropped()).isZero();
			assertThat(snapshot.segments()).isEqualTo(6);
			assertThat(snapshot.bytes()).isLessThan(maxBytes / 20);
		}
		try (Wal wal = Wal.open(settings)) {
			assertThat(WalTestSupport.keys(WalTestSupport.drain(wal))).doesNotHaveDuplicates()
				.containsExactlyInAnyOrderElementsOf(written);
		}
	}

	private void killHolders(int from, int to, long maxBytes, Set<String> written) throws Exception {
		for (int run = from; run < to; run++) {
			try (ChildJvm child = WalChild.start("hold", this.baseDir.toString(), "run" + run, "20",
					Long.toString(maxBytes))) {
				await().atMost(Duration.ofSeconds(30)).until(() -> child.hasPrinted("DONE"));
				assertThat(child.kill()).isEqualTo(SIGKILL_EXIT);
				written.addAll(keys(child));
			}
		}
	}

	@Test
	void probingALockHeldInThisProcessKeepsItHeldForOtherProcesses() throws Exception {
		try (Wal writer = Wal.open(WalTestSupport.settings(this.baseDir).withSending(false));
				Wal other = Wal.open(WalTestSupport.settings(this.baseDir))) {
			writer.writer().append(WalTestSupport.request("call-0"));
			Path lock = writer.writer().active().file().lockPath();
			assertThat(SegmentClaim.isHeld(lock)).isTrue();
			assertThat(SegmentClaim.tryAcquire(lock)).isNull();
			assertThat(other.reader().poll(10, 1 << 20, Duration.ofMillis(100))).isEmpty();
			try (ChildJvm probe = WalChild.start("probe", this.baseDir.toString(), lock.toString())) {
				assertThat(probe.awaitExit()).isZero();
				assertThat(probe.hasPrinted("HELD")).isTrue();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "through-a-link", "with-dot-dot", "relative" })
	void aLockHeldHereStaysHeldWhenAnotherLogInThisProcessSpellsItsDirectoryDifferently(String spelling)
			throws Exception {
		Path parent = Files.createDirectories(this.baseDir.resolve("parent"));
		Path real = parent.resolve("wal");
		// a link to the log directory itself is refused; one above it (macOS's /tmp) is not
		Path other = switch (spelling) {
			case "through-a-link" -> Files.createSymbolicLink(this.baseDir.resolve("link"), parent).resolve("wal");
			case "with-dot-dot" -> parent.resolve("../parent/wal");
			default -> Path.of("").toAbsolutePath().relativize(real);
		};
		try (Wal writer = Wal.open(WalTestSupport.settings(real).withSending(false));
				Wal sender = Wal.open(WalTestSupport.settings(other))) {
			writer.writer().append(WalTestSupport.request("call-0"));
			Path lock = writer.writer().active().file().lockPath();
			// the sender looks at the live writer's segment: probes its lock under its own spelling
			assertThat(sender.reader().poll(10, 1 << 20, Duration.ofMillis(300))).isEmpty();
			try (ChildJvm probe = WalChild.start("probe", this.baseDir.toString(), lock.toString())) {
				assertThat(probe.awaitExit()).isZero();
				assertThat(probe.hasPrinted("HELD")).as("the writer's lock, seen from another process").isTrue();
			}
			writer.close();
			assertThat(WalTestSupport.keys(WalTestSupport.poll(sender, 1))).containsExactly("call-0");
		}
	}

	@Test
	void twoSendingProcessesSendEachRecordExactlyOnce() throws Exception {
		WalSettings settings = WalTestSupport.settings(this.baseDir).withSegmentBytes(2048);
		try (ChildJvm child = WalChild.start("send", this.baseDir.toString());
				Wal sender = Wal.open(settings);
				Wal writer = Wal.open(settings.withSending(false))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> child.hasPrinted("READY"));
			Set<String> sentHere = ConcurrentHashMap.newKeySet();
			AtomicBoolean sending = new AtomicBoolean(true);
			CompletableFuture<Void> sendingHere = CompletableFuture.runAsync(() -> {
				while (sending.get()) {
					List<WalEntry> batch = sender.reader().poll(20, 1 << 20, Duration.ofMillis(50));
					for (WalEntry entry : batch) {
						assertThat(sentHere.add(entry.request().key())).isTrue();
					}
					sender.ack(batch);
				}
			});
			for (int i = 0; i < 20; i++) {
				sender.writer().append(WalTestSupport.request("own-" + i));
			}
			for (int i = 0; i < 400; i++) {
				writer.writer().append(WalTestSupport.request("shared-" + i));
			}
			writer.close();
			await().atMost(Duration.ofSeconds(30)).until(() -> sentHere.size() + keys(child).size() >= 420);
			sending.set(false);
			sendingHere.get(10, TimeUnit.SECONDS);
			child.closeInput();
			assertThat(child.awaitExit()).isZero();
			assertThat(child.hasPrinted("CLOSED")).isTrue();
			Set<String> all = new HashSet<>(sentHere);
			all.addAll(keys(child));
			assertThat(all).hasSize(420);
			// either process may end up sending all of it; none is sent by both
			assertThat(sentHere).as("sent by both").filteredOn(keys(child)::contains).isEmpty();
			assertThat(sentHere.size() + keys(child).size()).isEqualTo(420);
			assertThat(keys(child)).noneMatch((key) -> key.startsWith("own-"));
		}
	}

	/** Keys the child reported, from complete lines only. */
	private static Set<String> keys(ChildJvm child) {
		return Set.copyOf(child.values("K"));
	}

}
