package io.weave.client.internal.sender;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weave.client.FlushResult;
import io.weave.client.internal.StatsRecorder;
import io.weave.client.internal.transport.HttpTransport;

/**
 * Uploads requests from a {@link RequestSource} on one background daemon thread,
 * {@code weave-sender}, in order and in batches. Nothing here blocks or throws into the threads
 * that produce requests; {@link #flush(Duration)} and {@link #close(Duration)} wait at most as
 * long as they are told.
 */
public final class Sender {

	private static final Logger logger = LoggerFactory.getLogger(Sender.class);

	private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

	private final RequestSource source;

	private final StatsRecorder stats;

	private final ResolutionTracker tracker = new ResolutionTracker();

	private final Resolutions resolutions;

	private final CallAssembler calls;

	private final Dispatcher dispatcher;

	private final Thread thread;

	private final AtomicInteger flushesWaiting = new AtomicInteger();

	private final Delivery delivery;

	private final Object closeMonitor = new Object();

	private volatile boolean closing;

	private volatile boolean aborted;

	private FlushResult closeResult;

	private final RetryPolicy retry;

	private final RetryPause failurePause = new RetryPause();

	private final ThrottledWarning failureWarning = new ThrottledWarning(logger,
			"The Weave sender failed unexpectedly {} time(s) since the last report and carries on; the latest: {}",
			Duration.ofMinutes(1));

	private int consecutiveFailures;

	public Sender(RequestSource source, HttpTransport transport, SenderSettings settings, StatsRecorder stats,
			DeadLetterSink deadLetters) {
		this.source = source;
		this.stats = stats;
		this.retry = settings.retry();
		this.resolutions = new Resolutions(stats, this.tracker, source, deadLetters);
		this.calls = new CallAssembler(settings, this.resolutions);
		this.delivery = new Delivery(transport, settings, stats, this.resolutions, this.calls, () -> this.aborted);
		this.dispatcher = new Dispatcher(settings, this.calls, this.delivery, this.resolutions);
		this.thread = new Thread(this::run, "weave-sender");
		this.thread.setDaemon(true);
		stats.pendingFrom(() -> unresolved() + this.calls.heldCount());
	}

	/** Starts the background thread. */
	public void start() {
		this.thread.start();
	}

	/**
	 * Waits until every request accepted before this call is resolved, sending batches at once.
	 * @param timeout how long to wait at most
	 * @return what the flush achieved; never throws
	 */
	public FlushResult flush(Duration timeout) {
		return flush(timeout, null, null);
	}

	/**
	 * Like {@link #flush(Duration)}, reporting progress to a listener periodically.
	 * @param timeout how long to wait at most
	 * @param interval how often to report, or {@code null} for no reports
	 * @param listener the listener, or {@code null}
	 * @return what the flush achieved; never throws
	 */
	public FlushResult flush(Duration timeout, Duration interval, Consumer<FlushProgress> listener) {
		long startedAt = System.nanoTime();
		Duration limit = (timeout != null) ? timeout : Duration.ZERO;
		long sentBefore = this.stats.sentCount();
		long failedBefore = this.stats.failedCount();
		long target = this.source.lastSequence();
		boolean completed = false;
		this.flushesWaiting.incrementAndGet();
		try {
			this.source.wakeUp();
			this.delivery.hurry();
			this.failurePause.hurry();
			FlushWatch watch = new FlushWatch(target, startedAt, sentBefore, failedBefore);
			completed = (Thread.currentThread() != this.thread) && watch.await(limit, interval, listener);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.flushesWaiting.decrementAndGet();
		}
		return new FlushResult(completed, this.stats.sentCount() - sentBefore, this.tracker.unresolvedUpTo(target),
				this.stats.failedCount() - failedBefore, Duration.ofNanos(System.nanoTime() - startedAt));
	}

	/**
	 * Flushes, then stops the thread. Requests offered from now on are dropped, and so is what
	 * could not be sent within the timeout, including the starts of calls still running in
	 * calls-complete mode. Calling it again returns the first result.
	 * @param timeout how long to wait for the flush
	 * @return the result of the final flush
	 */
	public FlushResult close(Duration timeout) {
		synchronized (this.closeMonitor) {
			if (this.closeResult == null) {
				this.closeResult = shutDown(timeout);
			}
			return this.closeResult;
		}
	}

	private FlushResult shutDown(Duration timeout) {
		this.source.close();
		this.closing = true;
		if (!this.thread.isAlive()) {
			this.aborted = true;
			dropRemaining();
			return flush(Duration.ZERO);
		}
		FlushResult result = flush(timeout);
		if (!result.completed()) {
			this.aborted = true;
			this.thread.interrupt();
		}
		this.source.wakeUp();
		try {
			this.thread.join(JOIN_TIMEOUT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return result;
	}

	/** The current state, for diagnostics and progress reports. */
	public SenderProgress progress() {
		return new SenderProgress(unresolved(), this.stats.sentCount(), this.stats.failedCount(),
				this.calls.heldCount(), this.calls.isCompleteMode());
	}

	/** Whether the background thread is running. */
	public boolean isRunning() {
		return this.thread.isAlive();
	}

	/** What the sender is doing. */
	public SenderState state() {
		if (!this.thread.isAlive()) {
			return SenderState.STOPPED;
		}
		return (this.delivery.blockedReason() != null) ? SenderState.BLOCKED : SenderState.RUNNING;
	}

	/**
	 * Why the server refuses this client's configuration (never containing the API key), or
	 * {@code null} unless the sender is {@link SenderState#BLOCKED}.
	 */
	public String blockedReason() {
		return isRunning() ? this.delivery.blockedReason() : null;
	}

	public boolean isCallsCompleteMode() {
		return this.calls.isCompleteMode();
	}

	/** Accepted requests not resolved, not counting call starts held for their end. */
	private long unresolved() {
		long resolved = this.tracker.resolvedCount();
		return Math.max(0, this.source.lastSequence() - resolved);
	}

	private void run() {
		try {
			while (!this.aborted && !(this.closing && !this.dispatcher.hasBatch() && this.source.size() == 0)) {
				step();
			}
		}
		catch (InterruptedException ex) {
			// Interrupted by close() after its timeout: what is left is dropped below.
		}
		finally {
			dropRemaining();
		}
	}

	/**
	 * One step of the loop. Nothing that goes wrong in it, not even an {@link Error}, ends the
	 * thread: it is logged, counted and backed off from, and the loop carries on.
	 */
	private void step() throws InterruptedException {
		try {
			takeStep();
			this.consecutiveFailures = 0;
		}
		catch (RuntimeException | Error ex) {
			failed(ex);
		}
	}

	private void failed(Throwable failure) throws InterruptedException {
		String message = "sender failure: " + failure.getClass().getName()
				+ ((failure.getMessage() != null) ? " " + failure.getMessage() : "");
		this.stats.error(message);
		this.failureWarning.record(1, message);
		if (this.consecutiveFailures == 0) {
			logger.debug("Weave sender failure", failure);
		}
		this.failurePause.await(this.retry.delay(this.consecutiveFailures++, null), null);
	}

	private void takeStep() throws InterruptedException {
		if (this.dispatcher.hasBatch() && this.dispatcher.nanosUntilDue(System.nanoTime()) <= 0) {
			this.dispatcher.sendBatch();
			return;
		}
		boolean urgent = this.closing || this.flushesWaiting.get() > 0;
		SequencedRequest next = nextRequest(urgent);
		if (next != null) {
			this.dispatcher.accept(next, System.nanoTime());
		}
		else if (urgent) {
			this.dispatcher.sendBatch();
		}
	}

	private SequencedRequest nextRequest(boolean urgent) throws InterruptedException {
		if (!this.dispatcher.hasBatch()) {
			return this.source.poll(IDLE_WAIT_NANOS, TimeUnit.NANOSECONDS);
		}
		if (urgent) {
			return this.source.poll();
		}
		return this.source.poll(this.dispatcher.nanosUntilDue(System.nanoTime()), TimeUnit.NANOSECONDS);
	}

	private void dropRemaining() {
		String reason = "the client closed before they could be sent";
		this.dispatcher.abandon(reason);
		List<SequencedRequest> remaining = new ArrayList<>();
		// A durable source keeps what was never polled; reading it all now would only load it into memory.
		if (!this.source.isDurable()) {
			for (SequencedRequest next = this.source.poll(); next != null; next = this.source.poll()) {
				remaining.add(next);
			}
		}
		this.resolutions.dropped(remaining, reason);
	}

	/** Waits for one flush's target, reporting progress on the way. */
	private final class FlushWatch {

		private final long target;

		private final long startedAt;

		private final long sentBefore;

		private final long failedBefore;

		FlushWatch(long target, long startedAt, long sentBefore, long failedBefore) {
			this.target = target;
			this.startedAt = startedAt;
			this.sentBefore = sentBefore;
			this.failedBefore = failedBefore;
		}

		boolean await(Duration timeout, Duration interval, Consumer<FlushProgress> listener)
				throws InterruptedException {
			long deadline = this.startedAt + Math.max(0, timeout.toNanos());
			long step = (listener != null && interval != null && interval.toNanos() > 0) ? interval.toNanos()
					: Long.MAX_VALUE;
			while (true) {
				long remaining = deadline - System.nanoTime();
				if (Sender.this.tracker.awaitResolved(this.target, Math.min(remaining, step), TimeUnit.NANOSECONDS)) {
					return true;
				}
				if (deadline - System.nanoTime() <= 0) {
					return false;
				}
				report(listener);
			}
		}

		private void report(Consumer<FlushProgress> listener) {
			FlushProgress progress = new FlushProgress(Sender.this.tracker.unresolvedUpTo(this.target),
					Sender.this.stats.sentCount() - this.sentBefore,
					Sender.this.stats.failedCount() - this.failedBefore,
					Duration.ofNanos(System.nanoTime() - this.startedAt));
			try {
				listener.accept(progress);
			}
			catch (RuntimeException ex) {
				logger.warn("Flush progress listener failed", ex);
			}
		}

	}

}
