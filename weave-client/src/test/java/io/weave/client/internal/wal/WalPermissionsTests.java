package io.weave.client.internal.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs(OS.LINUX)
class WalPermissionsTests {

	@TempDir
	Path tempDir;

	@Test
	void directoriesAndFilesAreForTheOwnerOnly() throws IOException {
		Path baseDir = this.tempDir.resolve(".weave").resolve("wal");
		WalSettings settings = WalTestSupport.settings(baseDir).withCheckpointEvery(1, Duration.ofMillis(1));
		try (Wal writer = Wal.open(settings.withSending(false))) {
			for (int i = 0; i < 3; i++) {
				writer.writer().append(WalTestSupport.request("call-" + i));
			}
		}
		Path directory = baseDir.resolve("acme").resolve("tracing");
		Path segment = files(directory).stream().filter((file) -> file.toString().endsWith(".wal")).findFirst().get();
		List<String> lines = Files.readAllLines(segment);
		lines.set(1, lines.get(1).replace("call-1", "call-X"));
		Files.write(segment, lines);
		try (Wal wal = Wal.open(settings)) {
			wal.writer().append(WalTestSupport.request("own-0"));
			wal.writer().append(WalTestSupport.request("own-1"));
			List<WalEntry> entries = WalTestSupport.poll(wal, 4);
			assertThat(WalTestSupport.keys(entries)).containsExactlyInAnyOrder("call-0", "call-2", "own-0", "own-1");
			for (WalEntry entry : entries) {
				if (entry.request().key().equals("call-2")) {
					wal.deadLetter(entry, "rejected");
				}
				else if (!entry.request().key().equals("own-1")) {
					wal.ack(entry);
				}
			}
			List<String> names = files(directory).stream()
				.map((file) -> file.getFileName().toString())
				.collect(Collectors.toList());
			assertThat(names).contains("deadletter.jsonl", "quarantine.wal")
				.anyMatch((name) -> name.endsWith(".ckpt"))
				.anyMatch((name) -> name.endsWith(".send.lock"))
				.anyMatch((name) -> name.endsWith(".lock") && !name.endsWith(".send.lock"))
				.anyMatch((name) -> name.endsWith(".wal") && !name.equals("quarantine.wal"));
			for (Path file : files(directory)) {
				assertThat(permissions(file)).as(file.toString()).isEqualTo("rw-------");
			}
			for (Path created : List.of(this.tempDir.resolve(".weave"), baseDir, baseDir.resolve("acme"), directory)) {
				assertThat(permissions(created)).as(created.toString()).isEqualTo("rwx------");
			}
		}
	}

	private static String permissions(Path path) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

	private static List<Path> files(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.collect(Collectors.toList());
		}
	}

}
