package io.weave.spring.boot.autoconfigure.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import io.weave.client.WeaveClient;
import io.weave.spring.boot.autoconfigure.WeaveTestSupport;
import io.weave.test.FakeWeaveServer;
import io.weave.test.WeaveServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WeaveLifecycleAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class WeaveLifecycleAutoConfigurationTests {

	@RegisterExtension
	static WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path walDirectory;

	private ApplicationContextRunner runner() {
		return WeaveTestSupport.runner(weave.server(), this.walDirectory, WeaveLifecycleAutoConfiguration.class);
	}

	@Test
	void stopsAfterTheWebServersGracefulShutdownAndStop() {
		assertThat(WeaveShutdownLifecycle.PHASE).isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
			.isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE);
	}

	@Test
	void shutdownSendsPendingTraces(CapturedOutput output) {
		FakeWeaveServer server = weave.server();
		server.faults().delay(Duration.ofMillis(200));
		runner().run((context) -> {
			WeaveClient client = context.getBean(WeaveClient.class);
			client.call("last-words", Map.of(), () -> "goodbye");
			assertThat(server.callsNamed("last-words")).isEmpty();
			context.close();
			assertThat(client.isClosed()).isTrue();
		});
		assertThat(server.callsNamed("last-words")).singleElement()
			.satisfies((call) -> assertThat(call.isComplete()).isTrue());
		assertThat(output).contains("all traces sent before shutdown");
	}

	@Test
	void tracesNotSentWithinTheTimeoutAreSentOnTheNextStart(CapturedOutput output) {
		FakeWeaveServer server = weave.server();
		server.faults().failFor(Duration.ofMinutes(1), 503);
		runner().withPropertyValues("weave.shutdown.flush-timeout=200ms").run((context) -> {
			context.getBean(WeaveClient.class).call("during-outage", Map.of(), () -> 1);
			context.close();
		});
		assertThat(output).contains("not sent before shutdown").contains("stay in the write-ahead log");
		assertThat(server.completeCalls()).isEmpty();
		server.faults().clear();
		runner().run((context) -> {
			WeaveClient client = context.getBean(WeaveClient.class);
			server.awaitCompleteCalls(1, Duration.ofSeconds(10));
			assertThat(server.callsNamed("during-outage")).singleElement()
				.satisfies((call) -> assertThat(call.isComplete()).isTrue());
			await().atMost(Duration.ofSeconds(10)).until(() -> client.backlog().pendingRecords() == 0);
		});
	}

	@Test
	void walOnlyShutdownDoesNotWait(CapturedOutput output) {
		WeaveTestSupport.runner(WeaveLifecycleAutoConfiguration.class)
			.withPropertyValues("weave.project=team/project", "weave.wal.dir=" + this.walDirectory,
					"weave.shutdown.flush-timeout=1h")
			.run((context) -> {
				context.getBean(WeaveClient.class).call("offline", Map.of(), () -> 1);
				context.close();
			});
		assertThat(output).contains("traces stay in the write-ahead log (wal-only mode)");
	}

	@Test
	void backsOffWithoutAClient() {
		runner().withPropertyValues("weave.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WeaveShutdownLifecycle.class));
	}

}
