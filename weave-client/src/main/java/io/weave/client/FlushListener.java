package io.weave.client;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears how a {@link WeaveClient#finish(Duration, FlushListener) finish} is getting on.
 */
public interface FlushListener {

	/**
	 * Called periodically while requests are still pending.
	 * @param sent requests acknowledged since the finish began
	 * @param pending requests still waiting
	 * @param elapsed time since the finish began
	 */
	void onProgress(long sent, long pending, Duration elapsed);

	/** Called once with the outcome. */
	default void onComplete(FlushResult result) {
	}

	/** A listener that does nothing. */
	static FlushListener silent() {
		return (sent, pending, elapsed) -> {
		};
	}

	/** The default: progress and outcome at INFO, a timed-out finish at WARN. */
	static FlushListener logging() {
		return LoggingFlushListener.INSTANCE;
	}

	/** Logs progress through SLF4J. */
	final class LoggingFlushListener implements FlushListener {

		static final LoggingFlushListener INSTANCE = new LoggingFlushListener();

		private static final Logger logger = LoggerFactory.getLogger(WeaveClient.class);

		@Override
		public void onProgress(long sent, long pending, Duration elapsed) {
			logger.info("Weave: flushing traces, {} sent, {} pending after {} ms", sent, pending, elapsed.toMillis());
		}

		@Override
		public void onComplete(FlushResult result) {
			if (result.completed()) {
				logger.info("Weave: all traces sent ({} requests, {} failed) in {} ms", result.sent(), result.failed(),
						result.elapsed().toMillis());
			}
			else {
				logger.warn("Weave: {} trace requests still pending after {} ms ({} sent, {} failed)", result.pending(),
						result.elapsed().toMillis(), result.sent(), result.failed());
			}
		}

	}

}
