package io.weave.spring.boot.autoconfigure.lifecycle;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import io.weave.client.FlushListener;
import io.weave.client.FlushResult;
import io.weave.client.WeaveClient;

/**
 * Sends the traces that are still pending when the application shuts down, then stops the
 * client. It stops in a phase after the web server's graceful shutdown and after the web
 * server has stopped, so that the traces of requests that were in flight are included, and
 * before the client bean is destroyed.
 */
public final class WeaveShutdownLifecycle implements SmartLifecycle {

	/**
	 * The phase of this lifecycle: below the web server's graceful shutdown
	 * ({@code DEFAULT_PHASE - 1024}) and its start and stop ({@code DEFAULT_PHASE - 2048}),
	 * so that it stops after both.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

	private static final String WAL_ONLY = "wal-only";

	private static final Logger logger = LoggerFactory.getLogger(WeaveShutdownLifecycle.class);

	private final WeaveClient client;

	private final Duration flushTimeout;

	private volatile boolean running;

	/**
	 * Creates a lifecycle that finishes {@code client} on stop.
	 * @param client the client
	 * @param flushTimeout how long to wait for pending traces at most
	 */
	public WeaveShutdownLifecycle(WeaveClient client, Duration flushTimeout) {
		this.client = client;
		this.flushTimeout = flushTimeout;
	}

	@Override
	public void start() {
		if (this.client.isClosed()) {
			logger.warn("Weave: the client was finished when the application stopped; calls are no longer traced");
		}
		this.running = true;
	}

	/** Flushes within the flush timeout, logs the outcome and stops the client. */
	@Override
	public void stop() {
		this.running = false;
		if (this.client.isClosed()) {
			return;
		}
		String mode = this.client.backlog().mode();
		// In wal-only mode nothing is sent: waiting could not change what stays on disk.
		Duration timeout = WAL_ONLY.equals(mode) ? Duration.ZERO : this.flushTimeout;
		this.client.finish(timeout, new ShutdownFlushListener(mode));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** Logs progress as the client does, and an outcome that says where unsent traces go. */
	private record ShutdownFlushListener(String mode) implements FlushListener {

		@Override
		public void onProgress(long sent, long pending, Duration elapsed) {
			FlushListener.logging().onProgress(sent, pending, elapsed);
		}

		@Override
		public void onComplete(FlushResult result) {
			if (WAL_ONLY.equals(this.mode)) {
				logger.info("Weave: traces stay in the write-ahead log (wal-only mode) until the application runs "
						+ "with an API key");
			}
			else if (result.completed()) {
				logger.info("Weave: all traces sent before shutdown ({} requests, {} failed, {} ms)", result.sent(),
						result.failed(), result.elapsed().toMillis());
			}
			else if (!"memory".equals(this.mode)) {
				logger.warn("Weave: {} trace requests not sent before shutdown ({} sent, {} failed, {} ms); they stay "
						+ "in the write-ahead log and are sent on the next start", result.pending(), result.sent(),
						result.failed(), result.elapsed().toMillis());
			}
			else {
				logger.warn("Weave: {} trace requests not sent before shutdown ({} sent, {} failed, {} ms) are lost; "
						+ "the write-ahead log (weave.wal.enabled) keeps them for the next start", result.pending(),
						result.sent(), result.failed(), result.elapsed().toMillis());
			}
		}

	}

}
