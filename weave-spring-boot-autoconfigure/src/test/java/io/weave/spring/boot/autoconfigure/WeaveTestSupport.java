package io.weave.spring.boot.autoconfigure;

import java.nio.file.Path;

import io.weave.test.FakeWeaveServer;

/** Properties that point the auto-configured client at a fake trace server. */
public final class WeaveTestSupport {

	public static final String PROJECT = "test-team/test-project";

	private WeaveTestSupport() {
	}

	/**
	 * Properties for a client that sends to {@code server} quickly and keeps its write-ahead
	 * log in {@code walDirectory}.
	 */
	public static String[] properties(FakeWeaveServer server, Path walDirectory) {
		return new String[] { "weave.project=" + PROJECT, "weave.api-key=" + server.apiKey(),
				"weave.base-url=" + server.baseUrl(), "weave.wal.dir=" + walDirectory, "weave.batch-interval=10ms",
				"weave.initial-backoff=10ms", "weave.max-backoff=100ms" };
	}

}
