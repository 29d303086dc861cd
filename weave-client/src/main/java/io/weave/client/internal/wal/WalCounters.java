package io.weave.client.internal.wal;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/** The log's counters, monotonic over its life, and its last error. Cheap to update from any thread. */
final class WalCounters {

	final LongAdder dropped = new LongAdder();

	final LongAdder failed = new LongAdder();

	final LongAdder acked = new LongAdder();

	final LongAdder deadLettered = new LongAdder();

	final LongAdder deadLettersRefused = new LongAdder();

	final LongAdder corrupt = new LongAdder();

	final LongAdder torn = new LongAdder();

	final LongAdder expired = new LongAdder();

	private volatile LastError lastError;

	void error(String message) {
		this.lastError = new LastError(message, Instant.now());
	}

	String lastError() {
		LastError error = this.lastError;
		return (error != null) ? error.message : null;
	}

	Instant lastErrorAt() {
		LastError error = this.lastError;
		return (error != null) ? error.at : null;
	}

	private record LastError(String message, Instant at) {
	}

}
