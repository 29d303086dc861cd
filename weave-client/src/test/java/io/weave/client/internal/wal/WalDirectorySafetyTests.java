package io.weave.client.internal.wal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A log directory another user could change (a shared {@code /tmp}) would let them redirect
 * appends or truncations through links: such a directory is refused, with how to fix it.
 */
@EnabledOnOs(OS.LINUX)
class WalDirectorySafetyTests {

	@TempDir
	Path tempDir;

	@Test
	void aLogDirectoryThatIsALinkIsRefused() throws IOException {
		Path real = Files.createDirectory(this.tempDir.resolve("real"));
		Path link = Files.createSymbolicLink(this.tempDir.resolve("wal"), real);
		assertThatIOException().isThrownBy(() -> Wal.open(WalTestSupport.settings(link)))
			.withMessageContaining(link.toString())
			.withMessageContaining("symbolic link");
		assertThat(real).isEmptyDirectory();
	}

	@Test
	void aProjectDirectoryThatIsALinkIsRefused() throws IOException {
		Path elsewhere = Files.createDirectory(this.tempDir.resolve("elsewhere"));
		Path baseDir = Files.createDirectory(this.tempDir.resolve("wal"));
		Files.createSymbolicLink(baseDir.resolve("acme"), elsewhere);
		assertThatIOException().isThrownBy(() -> Wal.open(WalTestSupport.settings(baseDir)))
			.withMessageContaining(baseDir.resolve("acme").toString())
			.withMessageContaining("symbolic link");
		assertThat(elsewhere).isEmptyDirectory();
	}

	@Test
	void aLogDirectoryWritableByOthersIsRefused() throws IOException {
		Path baseDir = Files.createDirectory(this.tempDir.resolve("wal"));
		Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwxrwxrwx"));
		assertThatIOException().isThrownBy(() -> Wal.open(WalTestSupport.settings(baseDir)))
			.withMessageContaining(baseDir.toString())
			.withMessageContaining("writable by its group or others")
			.withMessageContaining("chmod 700");
	}

	@Test
	void aProjectDirectoryOwnedByAnotherUserIsRefused() throws IOException {
		UserPrincipal nobody = nobody();
		Path baseDir = Files.createDirectory(this.tempDir.resolve("wal"));
		Path project = Files.createDirectories(baseDir.resolve("acme").resolve("tracing"));
		Files.setOwner(project, nobody);
		assertThatIOException().isThrownBy(() -> Wal.open(WalTestSupport.settings(baseDir)))
			.withMessageContaining(project.toString())
			.withMessageContaining("owned by " + nobody.getName());
	}

	@Test
	void aLinkPlantedAsALockFileIsNotFollowed() throws IOException {
		WalSettings settings = WalTestSupport.settings(this.tempDir.resolve("wal"));
		SegmentFile dead;
		try (Wal writer = Wal.open(settings.withSending(false))) {
			writer.writer().append(WalTestSupport.request("call-0"));
			dead = writer.writer().active().file();
		}
		Path victim = Files.writeString(this.tempDir.resolve("victim"), "precious", StandardCharsets.US_ASCII);
		Files.deleteIfExists(dead.sendLockPath());
		Files.createSymbolicLink(dead.sendLockPath(), victim);
		try (Wal sender = Wal.open(settings)) {
			assertThat(sender.reader().poll(10, 1 << 20, java.time.Duration.ofMillis(200))).isEmpty();
		}
		assertThat(victim).hasContent("precious");
	}

	private static UserPrincipal nobody() throws IOException {
		UserPrincipal nobody = Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
		assumeThat(System.getProperty("user.name")).as("changing a file's owner needs root").isEqualTo("root");
		return nobody;
	}

}
