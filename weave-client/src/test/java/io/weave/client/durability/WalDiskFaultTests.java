package io.weave.client.durability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.weave.client.FlushResult;
import io.weave.client.WeaveBacklog;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveClientBuilder;
import io.weave.client.WeaveEnvironment;
import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;
import io.weave.test.WeaveServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The client with its write-ahead log on a real file system that runs out of space, has its
 * segment truncated underneath it or its directory deleted: traced methods never see an error,
 * what cannot be written is dropped and counted, and writing resumes by itself.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WalDiskFaultTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	static final WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path temp;

	private Path mount;

	@BeforeEach
	void mountSmallFileSystem() throws Exception {
		this.mount = Files.createDirectories(this.temp.resolve("tmpfs"));
		int exit = run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", this.mount.toString());
		assumeThat(exit).as("mounting a tmpfs (needs root)").isZero();
	}

	@AfterEach
	void unmount() throws Exception {
		run("umount", "-l", this.mount.toString());
	}

	@Test
	void aFullFileSystemDropsAndCountsRecordsAndWritingResumesWhenSpaceReturns() throws Exception {
		FakeWeaveServer server = weave.server();
		server.faults().failFor(Duration.ofHours(1), 503);
		Path filler = fill(this.mount.resolve("filler"), 256 * 1024);
		List<Throwable> seen = new ArrayList<>();
		try (WeaveClient client = builder(server).walSegmentBytes(8 * 1024 * 1024).build()) {
			trace(client, "while-full", 3_000, seen);
			assertThat(seen).as("errors seen by traced methods").isEmpty();
			WeaveBacklog full = client.backlog();
			assertThat(full.dropped()).isPositive();
			assertThat(full.writeError()).contains("write-ahead log");
			Files.delete(filler);
			trace(client, "after", 50, seen);
			assertThat(seen).isEmpty();
			assertThat(client.backlog().writeError()).as("writing resumed").isNull();
			server.faults().clear();
			FlushResult result = client.flush(WAIT);
			assertThat(result.completed()).as(result.toString()).isTrue();
		}
		assertThat(completeCalls(server, "after")).isEqualTo(50);
	}

	@Test
	void aSegmentTruncatedUnderTheWriterDropsAndCountsRecordsAndWritingMovesOn() throws Exception {
		FakeWeaveServer server = weave.server();
		server.faults().failFor(Duration.ofHours(1), 503);
		List<Throwable> seen = new ArrayList<>();
		try (WeaveClient client = builder(server).walSegmentBytes(512 * 1024).build()) {
			trace(client, "before", 20, seen);
			for (Path segment : segments()) {
				try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
					channel.truncate(0);
				}
			}
			trace(client, "truncated", 50, seen);
			assertThat(seen).as("errors seen by traced methods").isEmpty();
			server.faults().clear();
			FlushResult result = client.flush(WAIT);
			assertThat(result.completed()).as("a flush does not wait for the records cut off: %s", result).isTrue();
			assertThat(client.backlog().pendingRecords()).isZero();
			// Records written into the truncated mapping are dropped and counted; whether any are
			// depends on how far the prefault thread ran ahead (past it, records are written through
			// the file, which the truncation does not hurt). Either way none is lost uncounted.
			long delivered = completeCalls(server, "truncated");
			assertThat(delivered).isGreaterThanOrEqualTo(49);
			if (delivered < 50) {
				assertThat(client.backlog().dropped()).as("a call not delivered whole is counted").isPositive();
				assertThat(client.backlog().lastError()).contains("write-ahead log");
			}
		}
	}

	@Test
	void aDeletedLogDirectoryIsCreatedAgainAndWritingResumes() throws Exception {
		FakeWeaveServer server = weave.server();
		List<Throwable> seen = new ArrayList<>();
		try (WeaveClient client = builder(server).walSegmentBytes(64 * 1024).build()) {
			trace(client, "before", 10, seen);
			assertThat(client.flush(WAIT).completed()).isTrue();
			run("rm", "-rf", this.mount.resolve("wal-test").toString());
			trace(client, "after", 200, seen);
			assertThat(seen).as("errors seen by traced methods").isEmpty();
			FlushResult result = client.flush(WAIT);
			assertThat(result.completed()).as(result.toString()).isTrue();
		}
		assertThat(completeCalls(server, "after")).isEqualTo(200);
	}

	private void trace(WeaveClient client, String name, int calls, List<Throwable> seen) {
		String payload = "p".repeat(400);
		for (int i = 0; i < calls; i++) {
			try {
				client.run(name, Map.of("i", i, "payload", payload), () -> {
				});
			}
			catch (Throwable ex) {
				seen.add(ex);
			}
		}
	}

	private static long completeCalls(FakeWeaveServer server, String name) {
		return server.callsNamed(name).stream().filter(ReceivedCall::isComplete).count();
	}

	private WeaveClientBuilder builder(FakeWeaveServer server) {
		return WeaveClient.builder()
			.project("wal-test/project")
			.apiKey(server.apiKey())
			.baseUrl(server.baseUrl())
			.environment(WeaveEnvironment.of((name) -> null))
			.wal(true)
			.walDirectory(this.mount)
			.batchInterval(Duration.ofMillis(20))
			.backoff(Duration.ofMillis(10), Duration.ofMillis(100))
			.closeTimeout(Duration.ofSeconds(5));
	}

	private List<Path> segments() throws IOException {
		try (Stream<Path> files = Files.walk(this.mount)) {
			return files.filter((p) -> p.getFileName().toString().endsWith(".wal")).toList();
		}
	}

	/** Writes zeros to a new file until it has {@code bytes} or the file system is full. */
	private static Path fill(Path file, int bytes) throws IOException {
		byte[] page = new byte[4096];
		try (OutputStream out = Files.newOutputStream(file)) {
			for (int written = 0; written < bytes; written += page.length) {
				out.write(page);
			}
		}
		return file;
	}

	private static int run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getInputStream().transferTo(OutputStream.nullOutputStream());
		return process.waitFor();
	}

}
