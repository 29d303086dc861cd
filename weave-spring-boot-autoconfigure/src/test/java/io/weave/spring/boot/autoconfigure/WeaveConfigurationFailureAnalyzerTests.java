package io.weave.spring.boot.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import io.weave.spring.boot.autoconfigure.tracing.WeaveTracingAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link WeaveConfigurationFailureAnalyzer}, through the failure report of a
 * starting application.
 */
@ExtendWith(OutputCaptureExtension.class)
class WeaveConfigurationFailureAnalyzerTests {

	@TempDir
	Path directory;

	@Test
	void projectWithoutSlash(CapturedOutput output) {
		startFails("--weave.project=support-bot");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Weave tracing could not be configured. Invalid Weave project: 'support-bot' is not of the form "
					+ "entity/project")
			.contains("Set 'weave.project' (or the WEAVE_PROJECT environment variable)");
	}

	@Test
	void missingProject(CapturedOutput output) {
		startFails();
		assertThat(output).contains("no Weave project is set")
			.contains("Set 'weave.project'")
			.contains("'weave.enabled=false'");
	}

	@Test
	void invalidBaseUrl(CapturedOutput output) {
		startFails("--weave.project=team/project", "--weave.base-url=trace.example.com");
		assertThat(output).contains("Invalid Weave trace server URL 'trace.example.com'")
			.contains("Set 'weave.base-url' (or the WF_TRACE_SERVER_URL environment variable)");
	}

	@Test
	void negativeSize(CapturedOutput output) {
		startFails("--weave.project=team/project", "--weave.wal.max-bytes=-1");
		assertThat(output).contains("wal.max-bytes must be positive, was -1")
			.contains("Update 'weave.wal.max-bytes' in your application's configuration.");
	}

	@Test
	void unusableWalDirectory(CapturedOutput output) throws IOException {
		Path file = Files.createFile(this.directory.resolve("not-a-directory"));
		startFails("--weave.project=team/project", "--weave.wal.dir=" + file.resolve("wal"));
		assertThat(output).contains("for the Weave write-ahead log")
			.contains("Set 'weave.wal.dir' to a directory the application can create and write to");
	}

	@Test
	void walDirectoryOtherUsersCanWriteTo(CapturedOutput output) throws IOException {
		Path shared = Files.createDirectory(this.directory.resolve("shared"));
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
		startFails("--weave.project=team/project", "--weave.wal.dir=" + shared);
		assertThat(output).contains("Refusing '" + shared + "' for the Weave write-ahead log")
			.contains("it is writable by its group or others (rwxrwxrwx). Restrict it with 'chmod 700 " + shared + "'")
			.contains("not a symbolic link, owned by that user, not writable by group or others (chmod 700)");
	}

	@Test
	void walDirectoryThatIsALink(CapturedOutput output) throws IOException {
		Path link = Files.createSymbolicLink(this.directory.resolve("link"), this.directory);
		startFails("--weave.project=team/project", "--weave.wal.dir=" + link);
		assertThat(output).contains("Refusing '" + link + "' for the Weave write-ahead log")
			.contains("it is a symbolic link. Give the directory itself, not a link to it")
			.contains("Set 'weave.wal.dir' to a directory the application can create and write to");
	}

	@Test
	void invalidIncludeExpression(CapturedOutput output) {
		startFails("--weave.project=team/project", "--weave.wal.dir=" + this.directory,
				"--weave.tracing.include=within(com.example..*");
		assertThat(output).contains("Invalid AspectJ pointcut expression 'within(com.example..*' in weave.tracing.include")
			.contains("Correct the AspectJ pointcut expressions in 'weave.tracing.include'");
	}

	@Test
	void valueOfTheWrongTypeIsReportedByBootsBindingAnalysis(CapturedOutput output) {
		startFails("--weave.project=team/project", "--weave.wal.fsync=sometimes");
		assertThat(output).contains("Failed to bind properties under 'weave.wal.fsync'")
			.contains("The following values are valid:");
	}

	@Test
	void propertyNamesFollowTheClientsSettings() {
		assertThat(WeaveConfigurationFailureAnalyzer.propertyName("max-value-bytes")).isEqualTo("weave.max-value-bytes");
		assertThat(WeaveConfigurationFailureAnalyzer.propertyName("close-timeout"))
			.isEqualTo("weave.shutdown.flush-timeout");
		assertThat(WeaveConfigurationFailureAnalyzer.propertyName(null)).isEqualTo("weave");
	}

	private void startFails(String... args) {
		SpringApplication application = new SpringApplication(WeaveConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("weave.wal.dir", this.directory.resolve("default-wal")));
		assertThatException().isThrownBy(() -> application.run(args));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ WeaveAutoConfiguration.class, WeaveTracingAutoConfiguration.class })
	static class WeaveConfiguration {

	}

}
