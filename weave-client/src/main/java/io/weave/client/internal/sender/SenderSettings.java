package io.weave.client.internal.sender;

import java.time.Duration;

/**
 * How the {@link Sender} batches and retries.
 *
 * @param batchSize the most call starts and ends per {@code /call/upsert_batch} request
 * @param completeBatchSize the most calls per {@code calls/complete} request
 * @param maxBatchBytes the body size a batch is closed at
 * @param maxRequestBytes the largest request the server takes; larger ones are dead-lettered unsent
 * @param batchInterval how long a batch waits for more items after its first one
 * @param callsCompleteMode whether to send calls through {@code calls/complete} from the start
 * @param maxOpenCalls how many started calls are kept waiting for their end, for calls-complete mode
 * @param retry the retry policy
 */
public record SenderSettings(int batchSize, int completeBatchSize, long maxBatchBytes, long maxRequestBytes,
		Duration batchInterval, boolean callsCompleteMode, int maxOpenCalls, RetryPolicy retry) {

	public static final long MEBIBYTE = 1024 * 1024;

	public SenderSettings {
		if (batchSize < 1 || completeBatchSize < 1 || maxOpenCalls < 1) {
			throw new IllegalArgumentException("Batch sizes and open-call bound must be positive");
		}
		if (maxBatchBytes < 1 || maxRequestBytes < 1) {
			throw new IllegalArgumentException("Byte bounds must be positive");
		}
		if (batchInterval.isNegative()) {
			throw new IllegalArgumentException("Batch interval must not be negative");
		}
	}

	/** Batches of 100 (1000 complete calls) or 10 MiB, sent a second after their first item. */
	public static SenderSettings defaults() {
		return new SenderSettings(100, 1000, 10 * MEBIBYTE, 31 * MEBIBYTE, Duration.ofSeconds(1), false, 10_000,
				RetryPolicy.defaults());
	}

	public SenderSettings withBatchSize(int batchSize) {
		return new SenderSettings(batchSize, this.completeBatchSize, this.maxBatchBytes, this.maxRequestBytes,
				this.batchInterval, this.callsCompleteMode, this.maxOpenCalls, this.retry);
	}

	public SenderSettings withCompleteBatchSize(int completeBatchSize) {
		return new SenderSettings(this.batchSize, completeBatchSize, this.maxBatchBytes, this.maxRequestBytes,
				this.batchInterval, this.callsCompleteMode, this.maxOpenCalls, this.retry);
	}

	public SenderSettings withMaxBatchBytes(long maxBatchBytes) {
		return new SenderSettings(this.batchSize, this.completeBatchSize, maxBatchBytes, this.maxRequestBytes,
				this.batchInterval, this.callsCompleteMode, this.maxOpenCalls, this.retry);
	}

	public SenderSettings withMaxRequestBytes(long maxRequestBytes) {
		return new SenderSettings(this.batchSize, this.completeBatchSize, this.maxBatchBytes, maxRequestBytes,
				this.batchInterval, this.callsCompleteMode, this.maxOpenCalls, this.retry);
	}

	public SenderSettings withBatchInterval(Duration batchInterval) {
		return new SenderSettings(this.batchSize, this.completeBatchSize, this.maxBatchBytes, this.maxRequestBytes,
				batchInterval, this.callsCompleteMode, this.maxOpenCalls, this.retry);
	}

	public SenderSettings withCallsCompleteMode(boolean callsCompleteMode) {
		return new SenderSettings(this.batchSize, this.completeBatchSize, this.maxBatchBytes, this.maxRequestBytes,
				this.batchInterval, callsCompleteMode, this.maxOpenCalls, this.retry);
	}

	public SenderSettings withMaxOpenCalls(int maxOpenCalls) {
		return new SenderSettings(this.batchSize, this.completeBatchSize, this.maxBatchBytes, this.maxRequestBytes,
				this.batchInterval, this.callsCompleteMode, maxOpenCalls, this.retry);
	}

	public SenderSettings withRetry(RetryPolicy retry) {
		return new SenderSettings(this.batchSize, this.completeBatchSize, this.maxBatchBytes, this.maxRequestBytes,
				this.batchInterval, this.callsCompleteMode, this.maxOpenCalls, retry);
	}

}
