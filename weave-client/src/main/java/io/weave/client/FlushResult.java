package io.weave.client;

import java.time.Duration;

/**
 * What a {@link WeaveClient#flush(Duration) flush} achieved.
 *
 * @param completed whether everything enqueued before the flush was resolved within the timeout
 * @param sent requests the server acknowledged (2xx) while the flush ran
 * @param pending requests enqueued before the flush that are still waiting to be acknowledged
 * @param failed requests dead-lettered or dropped while the flush ran
 * @param elapsed how long the flush took
 */
public record FlushResult(boolean completed, long sent, long pending, long failed, Duration elapsed) {

	@Override
	public String toString() {
		return (this.completed ? "flushed" : "flush timed out") + ": sent=" + this.sent + ", pending=" + this.pending
				+ ", failed=" + this.failed + ", took " + this.elapsed.toMillis() + " ms";
	}

}
