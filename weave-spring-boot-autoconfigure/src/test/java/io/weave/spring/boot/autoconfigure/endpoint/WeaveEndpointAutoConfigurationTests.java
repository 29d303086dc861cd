package io.weave.spring.boot.autoconfigure.endpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.FileSystemUtils;

import io.weave.client.WeaveClient;
import io.weave.spring.boot.autoconfigure.WeaveTestSupport;
import io.weave.spring.boot.autoconfigure.endpoint.WeaveEndpoint.DeadLetterReplayDescriptor;
import io.weave.spring.boot.autoconfigure.endpoint.WeaveEndpoint.FlushDescriptor;
import io.weave.spring.boot.autoconfigure.endpoint.WeaveEndpoint.WeaveDescriptor;
import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;
import io.weave.test.WeaveServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WeaveEndpointAutoConfiguration} and {@link WeaveEndpoint}.
 */
class WeaveEndpointAutoConfigurationTests {

	@RegisterExtension
	static WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	Path walDirectory;

	private ApplicationContextRunner runner() {
		return WeaveTestSupport.runner(weave.server(), this.walDirectory, WeaveEndpointAutoConfiguration.class);
	}

	@Test
	void availableWhenExposed() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=weave")
			.run((context) -> assertThat(context).hasSingleBean(WeaveEndpoint.class));
	}

	@Test
	void notAvailableUnlessExposed() {
		runner().run((context) -> assertThat(context).hasSingleBean(WeaveClient.class)
			.doesNotHaveBean(WeaveEndpoint.class));
	}

	@Test
	void notAvailableWithoutActuator() {
		runner().withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.withPropertyValues("management.endpoints.web.exposure.include=weave")
			.run((context) -> assertThat(context).hasSingleBean(WeaveClient.class)
				.doesNotHaveBean(WeaveEndpoint.class));
	}

	@Test
	void showsWhyTheLogCannotWriteWhileItCannot() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=weave", "weave.wal.segment-bytes=16KB")
			.run((context) -> {
				WeaveClient client = context.getBean(WeaveClient.class);
				WeaveEndpoint endpoint = context.getBean(WeaveEndpoint.class);
				client.call("fine", Map.of(), () -> 1);
				assertThat(endpoint.weave().backlog().writeError()).isNull();
				// the log's directory replaced by a file: no segment can be created there
				Path directory = this.walDirectory.resolve(WeaveTestSupport.PROJECT);
				FileSystemUtils.deleteRecursively(directory);
				Files.writeString(directory, "not a directory");
				String text = "x".repeat(1024);
				for (int i = 0; i < 100 && client.backlog().writeError() == null; i++) {
					assertThat(client.call("bulky", Map.of("text", text), () -> text)).isEqualTo(text);
				}
				assertThat(endpoint.weave().backlog().writeError()).isNotNull();
				assertThat(endpoint.weave().backlog().dropped()).isPositive();
				Files.delete(directory);
				client.call("fine", Map.of(), () -> 1);
				assertThat(endpoint.weave().backlog().writeError()).isNull();
			});
	}

	@Test
	void showsTheBacklogAndStats() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=weave").run((context) -> {
			WeaveClient client = context.getBean(WeaveClient.class);
			client.call("shown", Map.of(), () -> 1);
			client.flush(Duration.ofSeconds(10));
			WeaveDescriptor descriptor = context.getBean(WeaveEndpoint.class).weave();
			assertThat(descriptor.project()).isEqualTo(WeaveTestSupport.PROJECT);
			assertThat(descriptor.mode()).isEqualTo("wal");
			assertThat(descriptor.senderState()).isEqualTo("running");
			assertThat(descriptor.backlog().maxBytes()).isEqualTo(1024L * 1024 * 1024);
			assertThat(descriptor.stats().callsStarted()).isOne();
			assertThat(descriptor.stats().callsEnded()).isOne();
			assertThat(descriptor.stats().requestsSent()).isPositive();
		});
	}

	@Test
	void showsABlockedSenderAndWhyThenDrainsOnAFlush() {
		weave.server().faults().failFor(Duration.ofHours(1), 403);
		runner().withPropertyValues("management.endpoints.web.exposure.include=weave").run((context) -> {
			WeaveEndpoint endpoint = context.getBean(WeaveEndpoint.class);
			context.getBean(WeaveClient.class).call("forbidden", Map.of(), () -> 1);
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> endpoint.weave().senderState(), "blocked"::equals);
			WeaveDescriptor descriptor = endpoint.weave();
			assertThat(descriptor.blockedReason()).contains("HTTP 403").doesNotContain(weave.server().apiKey());
			assertThat(descriptor.backlog().deadLettered()).isZero();
			weave.server().faults().clear();
			assertThat(endpoint.flushWithin(WeaveEndpoint.FLUSH, Duration.ofSeconds(10)).completed()).isTrue();
			assertThat(endpoint.weave().senderState()).isEqualTo("running");
			assertThat(endpoint.weave().blockedReason()).isNull();
		});
	}

	@Test
	void flushes() {
		weave.server().faults().delay(Duration.ofMillis(100));
		runner().withPropertyValues("management.endpoints.web.exposure.include=weave").run((context) -> {
			context.getBean(WeaveClient.class).call("flushed", Map.of(), () -> 1);
			FlushDescriptor result = context.getBean(WeaveEndpoint.class).flushWithin("flush", Duration.ofSeconds(10));
			assertThat(result.completed()).isTrue();
			assertThat(result.sent()).isPositive();
			assertThat(result.pending()).isZero();
			assertThat(weave.server().callsNamed("flushed")).hasSize(1);
		});
	}

	@Test
	void replaysDeadLettersOnceTheServerAcceptsThem() {
		FakeWeaveServer server = weave.server();
		server.faults().rejectBodiesContaining("order-17", 422, "unknown order field");
		runner().withPropertyValues("management.endpoints.web.exposure.include=weave").run((context) -> {
			WeaveClient client = context.getBean(WeaveClient.class);
			WeaveEndpoint endpoint = context.getBean(WeaveEndpoint.class);
			client.run("refund", Map.of("order", "order-17"), () -> {
			});
			assertThat(endpoint.flushWithin("flush", Duration.ofSeconds(10)).completed()).isTrue();
			assertThat(endpoint.weave().backlog().deadLettered()).isOne();
			assertThat(server.callsNamed("refund")).isEmpty();
			server.faults().clear();
			assertThat(endpoint.operate("deadletters", "replay")).isEqualTo(new DeadLetterReplayDescriptor(1, 0, null));
			assertThat(endpoint.flushWithin("flush", Duration.ofSeconds(10)).completed()).isTrue();
			assertThat(server.callsNamed("refund")).singleElement().matches(ReceivedCall::isComplete);
			assertThat(server.duplicateCount()).isZero();
			assertThat(this.walDirectory.resolve(WeaveTestSupport.PROJECT).resolve("deadletter.jsonl")).doesNotExist();
			assertThat(endpoint.weave().backlog().deadLettersRefused()).isZero();
			assertThat(endpoint.replayDeadLetters()).isEqualTo(new DeadLetterReplayDescriptor(0, 0, null));
		});
	}

	@Test
	void rejectsUnknownOperationsAndInvalidTimeouts() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=weave").run((context) -> {
			WeaveEndpoint endpoint = context.getBean(WeaveEndpoint.class);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.flush("drain"))
				.withMessageContaining("Unknown operation 'drain'");
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.flushWithin("flush", Duration.ofSeconds(-1)));
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.flushWithin("flush", Duration.ofHours(1)));
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.operate("flush", "soon"))
				.withMessageContaining("Invalid timeout 'soon'");
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.operate("drain", "30s"))
				.withMessageContaining("Unknown operation 'drain'");
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.operate("deadletters", "drop"))
				.withMessageContaining("Unknown operation 'deadletters/drop'");
		});
	}

}
