package io.weave.test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for running {@link FakeWeaveServer} standalone.
 */
class StandaloneTests {

	@Test
	void defaultOptions() {
		StandaloneOptions options = StandaloneOptions.parse();
		assertThat(options.port()).isEqualTo(8765);
		assertThat(options.apiKey()).isEqualTo("test-api-key");
		assertThat(options.callsCompleteMode()).isFalse();
		assertThat(options.strict()).isTrue();
		assertThat(options.help()).isFalse();
	}

	@Test
	void allOptions() {
		StandaloneOptions options = StandaloneOptions.parse("--port=9000", "--api-key=k", "--calls-complete-mode",
				"--lenient");
		assertThat(options).isEqualTo(new StandaloneOptions(9000, "k", true, false, false));
	}

	@Test
	void invalidOptionsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> StandaloneOptions.parse("--port=abc"))
			.withMessageContaining("--port");
		assertThatIllegalArgumentException().isThrownBy(() -> StandaloneOptions.parse("--port=70000"));
		assertThatIllegalArgumentException().isThrownBy(() -> StandaloneOptions.parse("--api-key="));
		assertThatIllegalArgumentException().isThrownBy(() -> StandaloneOptions.parse("--verbose"))
			.withMessage("Unknown argument: --verbose");
	}

	@Test
	void helpPrintsUsageAndStartsNothing() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(FakeWeaveServer.startStandalone(new PrintStream(out, true, StandardCharsets.UTF_8), "--help"))
			.isNull();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("--calls-complete-mode").contains("--port=N");
	}

	@Test
	void standaloneServerLogsEachRequestWithASummary() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
		try (FakeWeaveServer server = FakeWeaveServer.startStandalone(print, "--port=0", "--api-key=standalone-key",
				"--calls-complete-mode")) {
			assertThat(server.apiKey()).isEqualTo("standalone-key");
			assertThat(server.isCallsCompleteModeRequired()).isTrue();
			assertThat(out.toString(StandardCharsets.UTF_8))
				.contains("listening on " + server.baseUrl())
				.contains("calls complete mode: required")
				.doesNotContain("standalone-key");
			TestHttp http = new TestHttp(server);
			http.post(Records.completePath(), Records.batch(Records.complete(Records.id(), Records.id(), null, "op")));
			http.post("/call/end", "{\"end\": {}}");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(out.toString(StandardCharsets.UTF_8))
					.contains("POST /v2/my-entity/my-project/calls/complete -> 200")
					.contains("calls=1 complete=1")
					.contains("POST /call/end -> 422")
					.contains("! body.end.project_id: Field required [missing]"));
		}
	}

	@Test
	void awaitCloseReturnsOnceTheServerIsClosed() throws Exception {
		FakeWeaveServer server = FakeWeaveServer.startStandalone(
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "--port=0");
		Thread runner = new Thread(() -> {
			try {
				server.awaitClose();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		runner.start();
		assertThat(runner.isAlive()).isTrue();
		server.close();
		runner.join(Duration.ofSeconds(10).toMillis());
		assertThat(runner.isAlive()).isFalse();
		assertThat(server.isRunning()).isFalse();
	}

}
