package io.weave.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.weave.client.FlushListener;
import io.weave.client.WalFsyncPolicy;
import io.weave.client.WeaveClient;
import io.weave.client.WeaveEnvironment;

/** Backlogs of traced calls left in a write-ahead log directory, as a process that could not send leaves them. */
public final class Backlogs {

	/** The requests an op's first call adds: its source file and its object. */
	public static final int PUBLISH_REQUESTS = 2;

	private Backlogs() {
	}

	/**
	 * Traces {@code calls} calls of one op with two small inputs into the log under
	 * {@code directory} without sending them (no API key: wal-only), then closes the client.
	 * @return the requests in the log: a start and an end per call, and the op's publication
	 */
	public static long write(Path directory, String project, int calls) {
		try (WeaveClient client = WeaveClient.builder()
			.project(project)
			.environment(WeaveEnvironment.of((name) -> null))
			.wal(true)
			.walDirectory(directory)
			.walFsync(WalFsyncPolicy.NEVER)
			.walMaxBytes(64L * 1024 * 1024 * 1024)
			.build()) {
			for (int i = 0; i < calls; i++) {
				int index = i;
				client.call("answer", Map.of("question", "Where is my order " + i + "?", "limit", i & 3),
						() -> "It shipped on day " + index + ".");
			}
			client.finish(Duration.ofSeconds(10), FlushListener.silent());
		}
		return 2L * calls + PUBLISH_REQUESTS;
	}

	/**
	 * Waits until the client has had {@code requests} requests acknowledged.
	 * @return whether they were, before the timeout
	 */
	public static boolean awaitSent(WeaveClient client, long requests, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (client.stats().requestsSent() < requests) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			LockSupport.parkNanos(2_000_000);
		}
		return true;
	}

}
