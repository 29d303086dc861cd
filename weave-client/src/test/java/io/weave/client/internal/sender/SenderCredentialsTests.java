package io.weave.client.internal.sender;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.weave.client.internal.transport.ScriptedTraceServer.Reply;

import static io.weave.client.internal.sender.TestRequests.object;
import static io.weave.client.internal.sender.TestRequests.start;
import static org.assertj.core.api.Assertions.assertThat;

class SenderCredentialsTests {

	private final SenderHarness harness = new SenderHarness();

	private final Logger logger = (Logger) LoggerFactory.getLogger("io.weave.client");

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@BeforeEach
	void captureLogs() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void close() {
		this.harness.close();
		this.logger.detachAppender(this.appender);
	}

	@Test
	void apiKeyStaysOutOfErrorsDeadLettersAndLogs() {
		String echo = "{\"detail\":\"bad credentials " + SenderHarness.API_KEY + "\"}";
		// retried, then blocked (logged), then rejected (dead-lettered): the server echoes the key each time
		this.harness.server.thenReply(Reply.status(503, echo), Reply.status(401, echo), Reply.status(400, echo));
		this.harness.start(SenderHarness.quick());
		this.harness.offer(object("answer"), start("c1"));
		this.harness.flushCompletely();
		this.harness.sender.close(java.time.Duration.ofSeconds(1));

		assertThat(this.harness.server.requests()).allSatisfy(
				(request) -> assertThat(request.header("Authorization")).startsWith("Basic "));
		assertThat(this.harness.deadLetters.recent()).singleElement()
			.satisfies((deadLetter) -> assertThat(deadLetter.reason()).contains("400")
				.doesNotContain(SenderHarness.API_KEY));
		assertThat(this.harness.stats.snapshot().lastError()).doesNotContain(SenderHarness.API_KEY);
		assertThat(logText()).anySatisfy((line) -> assertThat(line).contains("blocked").contains("401"));
		assertThat(logText()).doesNotContain(SenderHarness.API_KEY);
	}

	private List<String> logText() {
		List<String> text = new ArrayList<>();
		for (ILoggingEvent event : this.appender.list) {
			text.add(event.getFormattedMessage());
			for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
				text.add(thrown.getMessage());
			}
		}
		return text;
	}

}
