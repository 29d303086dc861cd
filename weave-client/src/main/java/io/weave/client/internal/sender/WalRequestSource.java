package io.weave.client.internal.sender;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.weave.client.internal.wal.Wal;
import io.weave.client.internal.wal.WalEntry;
import io.weave.client.internal.wal.WalReader;
import io.weave.client.internal.wire.WireRequest;

/**
 * Feeds the sender from the write-ahead log. Records are read a little ahead of the sender
 * and released back to the log only when resolved: acknowledged after the server's 2xx,
 * dead-lettered with the server's reason, or — when the sender gives up without a verdict —
 * left in the log for the next run.
 */
public final class WalRequestSource implements RequestSource, DeadLetterSink {

	private static final int READ_AHEAD = 256;

	private static final long READ_AHEAD_BYTES = 4L * 1024 * 1024;

	private final Wal wal;

	private final WalReader reader;

	private final DeadLetterSink diagnostics;

	private final ArrayDeque<WalEntry> readAhead = new ArrayDeque<>();

	private final Map<Long, WalEntry> inFlight = new ConcurrentHashMap<>();

	private final Map<WireRequest, String> deadLetterReasons = Collections.synchronizedMap(new IdentityHashMap<>());

	private volatile long sequence;

	public WalRequestSource(Wal wal, DeadLetterSink diagnostics) {
		this.wal = wal;
		this.reader = wal.reader();
		this.diagnostics = diagnostics;
	}

	@Override
	public SequencedRequest poll() {
		return next(Duration.ZERO);
	}

	@Override
	public SequencedRequest poll(long timeout, TimeUnit unit) {
		return next(Duration.ofNanos(unit.toNanos(Math.max(0, timeout))));
	}

	private SequencedRequest next(Duration wait) {
		if (this.readAhead.isEmpty()) {
			List<WalEntry> entries = this.reader.poll(READ_AHEAD, READ_AHEAD_BYTES, wait);
			this.readAhead.addAll(entries);
		}
		WalEntry entry = this.readAhead.poll();
		if (entry == null) {
			return null;
		}
		long next = this.sequence + 1;
		this.inFlight.put(next, entry);
		this.sequence = next;
		return new SequencedRequest(next, entry.request());
	}

	@Override
	public void wakeUp() {
		this.reader.wakeUp();
	}

	@Override
	public long lastSequence() {
		return this.sequence;
	}

	@Override
	public int size() {
		return this.readAhead.size();
	}

	@Override
	public void deadLetter(WireRequest request, String reason) {
		this.deadLetterReasons.put(request, reason);
		this.diagnostics.deadLetter(request, reason);
	}

	@Override
	public void resolved(SequencedRequest request, Resolution resolution) {
		WalEntry entry = this.inFlight.remove(request.sequence());
		String reason = this.deadLetterReasons.remove(request.request());
		if (entry == null) {
			return;
		}
		switch (resolution) {
			case SENT -> this.wal.ack(entry);
			case DEAD_LETTERED -> this.wal.deadLetter(entry, (reason != null) ? reason : "rejected");
			case DROPPED -> {
				// not acknowledged: the record stays in the log and is sent again by the next run
			}
		}
	}

	@Override
	public boolean isDurable() {
		return true;
	}

	@Override
	public void close() {
		// The log itself is closed by its owner once the sender has stopped.
	}

}
