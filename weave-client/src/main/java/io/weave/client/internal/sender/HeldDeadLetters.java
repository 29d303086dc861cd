package io.weave.client.internal.sender;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weave.client.DeadLetterReplay;
import io.weave.client.internal.wire.WireRequest;

/**
 * The dead letters of a client without a write-ahead log: the rejected requests themselves,
 * held in memory so that they can be {@link #replay replayed}. Bounded by refusing: a letter
 * that does not fit is not kept (never an older one dropped for it), counted and reported in a
 * warning at most once a minute. Hands every letter on to the diagnostics sink as well.
 */
public final class HeldDeadLetters implements DeadLetterSink {

	/** A sixteenth of the upload queue's byte bound. */
	public static final long DEFAULT_MAX_BYTES = MemoryRequestQueue.DEFAULT_MAX_BYTES / 16;

	private static final Logger logger = LoggerFactory.getLogger(HeldDeadLetters.class);

	private final ArrayDeque<WireRequest> letters = new ArrayDeque<>();

	private final long maxBytes;

	private final DeadLetterSink diagnostics;

	private final LongAdder refused = new LongAdder();

	private final ThrottledWarning refusedWarning = new ThrottledWarning(logger,
			"Weave's dead letters are full: refused {} rejected trace request(s) since the last report, the latest: {}; "
					+ "replay them once the server accepts them",
			Duration.ofMinutes(1));

	/** Guarded by {@link #letters}. */
	private long bytes;

	/**
	 * @param maxBytes how many body bytes the letters hold at most
	 * @param diagnostics also hears every letter, kept or not
	 */
	public HeldDeadLetters(long maxBytes, DeadLetterSink diagnostics) {
		if (maxBytes < 1) {
			throw new IllegalArgumentException("The byte bound must be positive");
		}
		this.maxBytes = maxBytes;
		this.diagnostics = diagnostics;
	}

	@Override
	public void deadLetter(WireRequest request, String reason) {
		this.diagnostics.deadLetter(request, reason);
		synchronized (this.letters) {
			if (this.bytes + request.size() <= this.maxBytes) {
				this.letters.addLast(request);
				this.bytes += request.size();
				return;
			}
		}
		this.refused.increment();
		this.refusedWarning.record(1, request);
	}

	/**
	 * Hands the letters, oldest first, to {@code requeue} until it refuses one; what it took is
	 * no longer held, the rest stays.
	 * @param requeue takes a request back into the upload queue; {@code false} when it has no room
	 */
	public DeadLetterReplay replay(Predicate<WireRequest> requeue) {
		long requeued = 0;
		synchronized (this.letters) {
			for (WireRequest next = this.letters.peekFirst(); next != null; next = this.letters.peekFirst()) {
				if (!requeue.test(next)) {
					return new DeadLetterReplay(requeued, this.letters.size(),
							"the upload queue has no room (full or closed); the rest stays");
				}
				this.letters.removeFirst();
				this.bytes -= next.size();
				requeued++;
			}
		}
		return new DeadLetterReplay(requeued, 0, null);
	}

	/** How many letters are held. */
	public int size() {
		synchronized (this.letters) {
			return this.letters.size();
		}
	}

	/** How many letters were refused because they did not fit. */
	public long refused() {
		return this.refused.sum();
	}

}
