package io.weave.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import io.weave.client.FlushResult;
import io.weave.client.WalFsyncPolicy;
import io.weave.client.WalFullPolicy;
import io.weave.client.WeaveClient;
import io.weave.test.FakeWeaveServer;
import io.weave.test.WeaveServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeaveAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class WeaveAutoConfigurationTests {

	@RegisterExtension
	static WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path walDirectory;

	private final ApplicationContextRunner runner = WeaveTestSupport.runner();

	@Test
	void clientSendsToTheConfiguredServer() {
		FakeWeaveServer server = weave.server();
		this.runner.withPropertyValues(WeaveTestSupport.properties(server, this.walDirectory)).run((context) -> {
			WeaveClient client = context.getBean(WeaveClient.class);
			assertThat(client.project()).hasToString(WeaveTestSupport.PROJECT);
			client.call("greet", Map.of("name", "Ada"), () -> "Hello, Ada");
			assertThat(client.flush(Duration.ofSeconds(10)).completed()).isTrue();
			assertThat(server.callsNamed("greet")).singleElement()
				.satisfies((call) -> assertThat(call.output().asString()).isEqualTo("Hello, Ada"));
		});
	}

	@Test
	void weaveEnvironmentVariablesAreFallbacks() {
		FakeWeaveServer server = weave.server();
		this.runner
			.withPropertyValues("WEAVE_PROJECT=env-team/env-project", "WANDB_API_KEY=" + server.apiKey(),
					"WF_TRACE_SERVER_URL=" + server.baseUrl(), "weave.wal.dir=" + this.walDirectory)
			.run((context) -> {
				WeaveClient client = context.getBean(WeaveClient.class);
				assertThat(client.project()).hasToString("env-team/env-project");
				client.call("from-env", Map.of(), () -> 1);
				assertThat(client.flush(Duration.ofSeconds(10)).completed()).isTrue();
				assertThat(server.callsNamed("from-env")).singleElement()
					.satisfies((call) -> assertThat(call.projectId()).isEqualTo("env-team/env-project"));
			});
	}

	@Test
	void explicitPropertiesWinOverTheEnvironment() {
		FakeWeaveServer server = weave.server();
		this.runner.withPropertyValues(WeaveTestSupport.properties(server, this.walDirectory))
			.withPropertyValues("WEAVE_PROJECT=env-team/env-project", "WANDB_API_KEY=not-the-key",
					"WF_TRACE_SERVER_URL=http://127.0.0.1:1")
			.run((context) -> {
				WeaveClient client = context.getBean(WeaveClient.class);
				assertThat(client.project()).hasToString(WeaveTestSupport.PROJECT);
				client.call("explicit", Map.of(), () -> 1);
				FlushResult result = client.flush(Duration.ofSeconds(10));
				assertThat(result.completed()).isTrue();
				assertThat(result.failed()).isZero();
				assertThat(server.callsNamed("explicit")).hasSize(1);
			});
	}

	@Test
	void writeAheadLogIsOnByDefault() {
		this.runner.withPropertyValues(WeaveTestSupport.properties(weave.server(), this.walDirectory))
			.run((context) -> assertThat(mode(context)).isEqualTo("wal"));
	}

	@Test
	void weaveEnableWalTurnsTheLogOff() {
		this.runner.withPropertyValues(WeaveTestSupport.properties(weave.server(), this.walDirectory))
			.withPropertyValues("WEAVE_ENABLE_WAL=false")
			.run((context) -> assertThat(mode(context)).isEqualTo("memory"));
	}

	@Test
	void walEnabledPropertyWinsOverWeaveEnableWal() {
		this.runner.withPropertyValues(WeaveTestSupport.properties(weave.server(), this.walDirectory))
			.withPropertyValues("WEAVE_ENABLE_WAL=false", "weave.wal.enabled=true")
			.run((context) -> assertThat(mode(context)).isEqualTo("wal"));
	}

	@Test
	void weaveDisableWalSenderMeansWalOnly() {
		this.runner.withPropertyValues(WeaveTestSupport.properties(weave.server(), this.walDirectory))
			.withPropertyValues("WEAVE_DISABLE_WAL_SENDER=true")
			.run((context) -> assertThat(mode(context)).isEqualTo("wal-only"));
	}

	@Test
	void senderEnabledPropertyWinsOverWeaveDisableWalSender() {
		this.runner.withPropertyValues(WeaveTestSupport.properties(weave.server(), this.walDirectory))
			.withPropertyValues("WEAVE_DISABLE_WAL_SENDER=true", "weave.wal.sender-enabled=true")
			.run((context) -> assertThat(mode(context)).isEqualTo("wal"));
	}

	@Test
	void withoutAnApiKeyTheLogIsOnEvenWhenTurnedOff() {
		this.runner
			.withPropertyValues("weave.project=team/project", "weave.wal.dir=" + this.walDirectory,
					"weave.wal.enabled=false")
			.run((context) -> assertThat(mode(context)).isEqualTo("wal-only"));
	}

	private static String mode(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(WeaveClient.class).backlog().mode();
	}

	@Test
	void propertiesAreBound() {
		this.runner
			.withPropertyValues("weave.project=team/project", "weave.api-key=key", "weave.base-url=http://127.0.0.1:1",
					"weave.max-value-bytes=64KB", "weave.batch-interval=2s", "weave.redact.keys=password,token",
					"weave.wal.enabled=false", "weave.wal.dir=" + this.walDirectory, "weave.wal.fsync=always",
					"weave.wal.max-bytes=10MB", "weave.wal.segment-bytes=1MB", "weave.wal.max-age=7d",
					"weave.wal.full-policy=block", "weave.shutdown.flush-timeout=0s",
					"weave.tracing.include=bean(*Service)")
			.run((context) -> {
				WeaveProperties properties = context.getBean(WeaveProperties.class);
				assertThat(properties.getMaxValueBytes()).isEqualTo(DataSize.ofKilobytes(64));
				assertThat(properties.getBatchInterval()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getRedact().getKeys()).containsExactly("password", "token");
				assertThat(properties.getWal().getEnabled()).isFalse();
				assertThat(properties.getWal().getDir()).isEqualTo(this.walDirectory);
				assertThat(properties.getWal().getFsync()).isEqualTo(WalFsyncPolicy.ALWAYS);
				assertThat(properties.getWal().getMaxBytes()).isEqualTo(DataSize.ofMegabytes(10));
				assertThat(properties.getWal().getSegmentBytes()).isEqualTo(DataSize.ofMegabytes(1));
				assertThat(properties.getWal().getMaxAge()).isEqualTo(Duration.ofDays(7));
				assertThat(properties.getWal().getFullPolicy()).isEqualTo(WalFullPolicy.BLOCK);
				assertThat(properties.getShutdown().getFlushTimeout()).isZero();
				assertThat(properties.getTracing().getInclude()).containsExactly("bean(*Service)");
			});
	}

	@Test
	void redactsConfiguredKeysAndWeaveDefaults() {
		FakeWeaveServer server = weave.server();
		this.runner.withPropertyValues(WeaveTestSupport.properties(server, this.walDirectory))
			.withPropertyValues("weave.redact.keys=password")
			.run((context) -> {
				WeaveClient client = context.getBean(WeaveClient.class);
				client.call("login", Map.of("user", "ada", "password", "s3cret", "api_key", "k3y"), () -> true);
				client.flush(Duration.ofSeconds(10));
				assertThat(server.callsNamed("login")).singleElement().satisfies((call) -> {
					assertThat(call.inputs().get("user").asString()).isEqualTo("ada");
					assertThat(call.inputs().get("password").asString()).isEqualTo("REDACTED");
					assertThat(call.inputs().get("api_key").asString()).isEqualTo("REDACTED");
				});
			});
	}

	@Test
	void customizersAreAppliedAfterProperties() {
		FakeWeaveServer server = weave.server();
		this.runner.withPropertyValues(WeaveTestSupport.properties(server, this.walDirectory))
			.withBean(WeaveClientBuilderCustomizer.class, () -> (builder) -> builder.project("custom/project"))
			.run((context) -> assertThat(context.getBean(WeaveClient.class).project()).hasToString("custom/project"));
	}

	@Test
	void backsOffWhenTheApplicationDefinesAClient() {
		FakeWeaveServer server = weave.server();
		this.runner.withUserConfiguration(UserClientConfiguration.class)
			.withPropertyValues("server.url=" + server.baseUrl(), "weave.project=ignored/project")
			.run((context) -> {
				assertThat(context).hasSingleBean(WeaveClient.class).hasBean("userClient");
				assertThat(context.getBean(WeaveClient.class).project()).hasToString("user/project");
			});
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("weave.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WeaveClient.class)
				.doesNotHaveBean(WeaveProperties.class));
	}

	@Test
	void withoutAnApiKeyTracesStayInTheWriteAheadLog(CapturedOutput output) {
		this.runner.withPropertyValues("weave.project=team/project", "weave.wal.dir=" + this.walDirectory)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WeaveClient client = context.getBean(WeaveClient.class);
				client.call("offline", Map.of(), () -> 1);
				assertThat(client.backlog().mode()).isEqualTo("wal-only");
				assertThat(client.backlog().senderState()).isEqualTo("disabled");
			});
		assertThat(output.toString().lines().filter((line) -> line.contains("WARN") && line.contains("API key")))
			.singleElement()
			.asString()
			.contains("write-ahead log", this.walDirectory.toString());
	}

	@Test
	void apiKeyIsNeverLogged(CapturedOutput output) {
		FakeWeaveServer server = FakeWeaveServer.builder().apiKey("wk-0123456789-secret").start();
		try (server) {
			this.runner.withPropertyValues(WeaveTestSupport.properties(server, this.walDirectory))
				.run((context) -> {
					WeaveClient client = context.getBean(WeaveClient.class);
					client.call("secretive", Map.of(), () -> 1);
					assertThat(client.flush(Duration.ofSeconds(10)).completed()).isTrue();
				});
			assertThat(server.callsNamed("secretive")).hasSize(1);
		}
		assertThat(output).doesNotContain("wk-0123456789-secret");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		@Bean
		WeaveClient userClient(org.springframework.core.env.Environment environment) {
			return WeaveClient.builder()
				.project("user/project")
				.apiKey(FakeWeaveServer.DEFAULT_API_KEY)
				.baseUrl(environment.getProperty("server.url"))
				.build();
		}

	}

}
