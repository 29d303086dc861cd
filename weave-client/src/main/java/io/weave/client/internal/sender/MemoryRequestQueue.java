package io.weave.client.internal.sender;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weave.client.internal.StatsRecorder;
import io.weave.client.internal.wire.WireRequest;

/**
 * A bounded in-memory {@link RequestSource}. {@link #offer(WireRequest)} never waits for the
 * sender: when the queue is full (or closed) the request is dropped, counted, and reported in a
 * warning at most once a minute.
 */
public final class MemoryRequestQueue implements RequestSource {

	public static final int DEFAULT_CAPACITY = 100_000;

	public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(MemoryRequestQueue.class);

	private static final Duration WARNING_PERIOD = Duration.ofMinutes(1);

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final ArrayDeque<SequencedRequest> requests = new ArrayDeque<>();

	private final int capacity;

	private final long maxBytes;

	private final StatsRecorder stats;

	private final ThrottledWarning fullWarning = new ThrottledWarning(logger,
			"Dropped {} trace request(s) since the last report: {}", WARNING_PERIOD);

	private final ThrottledWarning closedWarning = new ThrottledWarning(logger,
			"Dropped {} trace request(s) since the last report: {}", WARNING_PERIOD);

	private long bytes;

	private volatile long lastSequence;

	private boolean wakeUpRequested;

	private boolean closed;

	public MemoryRequestQueue(StatsRecorder stats) {
		this(DEFAULT_CAPACITY, DEFAULT_MAX_BYTES, stats);
	}

	/**
	 * @param capacity how many requests the queue holds at most
	 * @param maxBytes how many body bytes the queue holds at most
	 * @param stats where accepted and dropped requests are counted
	 */
	public MemoryRequestQueue(int capacity, long maxBytes, StatsRecorder stats) {
		if (capacity < 1 || maxBytes < 1) {
			throw new IllegalArgumentException("Queue capacity and byte bound must be positive");
		}
		this.capacity = capacity;
		this.maxBytes = maxBytes;
		this.stats = stats;
	}

	/**
	 * Adds a request unless the queue is full or closed. Never blocks on the sender, never throws.
	 * @param request the request
	 * @return whether the request was accepted; if not, it was dropped and counted
	 */
	public boolean offer(WireRequest request) {
		boolean closed;
		this.lock.lock();
		try {
			closed = this.closed;
			if (!closed && hasRoomFor(request)) {
				add(request);
				this.stats.enqueued();
				return true;
			}
		}
		finally {
			this.lock.unlock();
		}
		this.stats.dropped(1);
		if (closed) {
			this.closedWarning.record(1, "the Weave client is closed");
		}
		else {
			this.fullWarning.record(1, "the upload queue is full (" + this.capacity + " requests or "
					+ this.maxBytes + " bytes); is the trace server reachable?");
		}
		return false;
	}

	/**
	 * Queues a request again (a dead letter being replayed) if there is room; unlike
	 * {@link #offer}, a request that does not fit is neither counted nor reported as dropped,
	 * since its caller keeps it.
	 * @return whether the request was accepted
	 */
	public boolean requeue(WireRequest request) {
		this.lock.lock();
		try {
			if (this.closed || !hasRoomFor(request)) {
				return false;
			}
			add(request);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void add(WireRequest request) {
		this.lastSequence++;
		this.requests.addLast(new SequencedRequest(this.lastSequence, request));
		this.bytes += request.size();
		this.changed.signal();
	}

	private boolean hasRoomFor(WireRequest request) {
		return this.requests.size() < this.capacity && this.bytes + request.size() <= this.maxBytes;
	}

	@Override
	public SequencedRequest poll() {
		this.lock.lock();
		try {
			return take();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public SequencedRequest poll(long timeout, TimeUnit unit) throws InterruptedException {
		long remaining = unit.toNanos(timeout);
		this.lock.lockInterruptibly();
		try {
			while (this.requests.isEmpty()) {
				if (this.wakeUpRequested || remaining <= 0) {
					this.wakeUpRequested = false;
					return null;
				}
				remaining = this.changed.awaitNanos(remaining);
			}
			return take();
		}
		finally {
			this.lock.unlock();
		}
	}

	private SequencedRequest take() {
		SequencedRequest next = this.requests.pollFirst();
		if (next != null) {
			this.bytes -= next.size();
		}
		return next;
	}

	@Override
	public void wakeUp() {
		this.lock.lock();
		try {
			this.wakeUpRequested = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public long lastSequence() {
		return this.lastSequence;
	}

	@Override
	public int size() {
		this.lock.lock();
		try {
			return this.requests.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void close() {
		this.lock.lock();
		try {
			this.closed = true;
		}
		finally {
			this.lock.unlock();
		}
		this.fullWarning.flush("the upload queue was full");
	}

}
