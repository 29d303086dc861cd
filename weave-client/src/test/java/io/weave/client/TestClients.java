package io.weave.client;

import java.time.Duration;

import io.weave.test.FakeWeaveServer;

/** Clients pointed at a fake server, with timings short enough for tests. */
final class TestClients {

	static final String PROJECT = "test-entity/test-project";

	private TestClients() {
	}

	static WeaveClientBuilder builder(FakeWeaveServer server) {
		return WeaveClient.builder()
			.project(PROJECT)
			.apiKey(server.apiKey())
			.baseUrl(server.baseUrl())
			.batchInterval(Duration.ofMillis(20))
			.backoff(Duration.ofMillis(10), Duration.ofMillis(200))
			.closeTimeout(Duration.ofSeconds(10))
			.progressInterval(Duration.ofMillis(50));
	}

}
