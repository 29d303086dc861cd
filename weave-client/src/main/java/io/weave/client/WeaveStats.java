package io.weave.client;

import java.time.Instant;

/**
 * A consistent-enough snapshot of the client's counters; each counter is monotonic over the
 * client's life.
 *
 * @param callsStarted calls started by the application
 * @param callsEnded calls ended (successfully or with an exception)
 * @param requestsEnqueued requests accepted for upload
 * @param requestsSent requests acknowledged by the server
 * @param requestsRetried request attempts that failed with a retryable error and were retried
 * @param requestsDropped requests dropped because the buffer was full or retries ran out
 * @param requestsDeadLettered requests the server rejected permanently
 * @param bytesSent request bytes acknowledged by the server
 * @param requestsPending requests accepted but not yet resolved
 * @param lastError the last upload error, or {@code null}
 * @param lastErrorAt when the last upload error happened, or {@code null}
 */
public record WeaveStats(long callsStarted, long callsEnded, long requestsEnqueued, long requestsSent,
		long requestsRetried, long requestsDropped, long requestsDeadLettered, long bytesSent, long requestsPending,
		String lastError, Instant lastErrorAt) {

}
