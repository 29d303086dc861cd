package io.weave.client.internal.sender;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weave.client.internal.StatsRecorder;
import io.weave.client.internal.transport.HttpTransport;
import io.weave.client.internal.transport.TransportResponse;
import io.weave.client.internal.transport.TransportResponse.Outcome;
import io.weave.client.internal.wire.WireRequest;

/**
 * Sends batches and single requests and resolves every request in them: retries what may
 * succeed later, halves batches the server finds too large or invalid, switches to
 * calls-complete mode when the server requires it, and dead-letters what can never succeed.
 */
final class Delivery {

	/**
	 * How often a lone request may be answered with a server failure before it is taken for
	 * the cause and dead-lettered; a batch is halved after as many, to single it out.
	 */
	static final int MAX_SERVER_FAILURES = 5;

	/** The least time between two probes of a blocked sender, however often flushes ask. */
	static final Duration BLOCKED_PROBE_SPACING = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(Delivery.class);

	private final HttpTransport transport;

	private final SenderSettings settings;

	private final StatsRecorder stats;

	private final Resolutions resolutions;

	private final CallAssembler calls;

	private final BooleanSupplier aborted;

	private final ThrottledWarning retryWarning = new ThrottledWarning(logger,
			"Weave upload failed {} time(s) since the last report and will be retried; the latest: {}",
			Duration.ofMinutes(1));

	private final ThrottledWarning blockedWarning = new ThrottledWarning(logger,
			"Weave uploads are still blocked ({} refused attempt(s) since the last report): {}", Duration.ofMinutes(1));

	private final RetryPause pause = new RetryPause();

	private volatile String blockedReason;

	/**
	 * @param aborted whether the sender is shutting down without waiting any longer; requests not
	 * sent by then are dropped
	 */
	Delivery(HttpTransport transport, SenderSettings settings, StatsRecorder stats, Resolutions resolutions,
			CallAssembler calls, BooleanSupplier aborted) {
		this.transport = transport;
		this.settings = settings;
		this.stats = stats;
		this.resolutions = resolutions;
		this.calls = calls;
		this.aborted = aborted;
	}

	/** Cuts a long backoff short because a flush is waiting. */
	void hurry() {
		this.pause.hurry();
	}

	/** Sends an object, table or file request on its own. */
	void single(SequencedRequest request) {
		List<SequencedRequest> requests = List.of(request);
		TransportResponse response = attempt(requests, () -> this.transport.send(request.request()));
		if (response == null) {
			return;
		}
		if (response.isOk()) {
			this.resolutions.sent(requests, response.requestBytes());
		}
		else {
			this.resolutions.deadLettered(requests, reason(response));
		}
	}

	/** Sends call items of one mode (and, in calls-complete mode, one project). */
	void calls(List<BatchEntry> items) {
		if (items.isEmpty()) {
			return;
		}
		if (items.get(0).isComplete()) {
			complete(items);
		}
		else {
			upsert(items);
		}
	}

	private void upsert(List<BatchEntry> items) {
		if (this.calls.isCompleteMode()) {
			for (List<BatchEntry> batch : CallBatch.of(this.settings).chunk(this.calls.toCompleteMode(items))) {
				complete(batch);
			}
			return;
		}
		List<SequencedRequest> requests = requestsOf(items);
		List<WireRequest> wire = requests.stream().map(SequencedRequest::request).toList();
		TransportResponse response = attempt(requests, () -> this.transport.upsertCalls(wire));
		if (response == null) {
			return;
		}
		if (response.isOk()) {
			this.calls.acknowledged(items);
			this.resolutions.sent(requests, response.requestBytes());
		}
		else if (response.outcome() == Outcome.CALLS_COMPLETE_MODE_REQUIRED) {
			this.calls.switchToCompleteMode();
			upsert(items);
		}
		else {
			refused(items, response, this::upsert);
		}
	}

	private void complete(List<BatchEntry> items) {
		List<SequencedRequest> requests = requestsOf(items);
		List<byte[]> records = items.stream().map((item) -> item.completed().json()).toList();
		String projectId = items.get(0).projectId();
		TransportResponse response = attempt(requests, () -> this.transport.completeCalls(projectId, records));
		if (response == null) {
			return;
		}
		if (response.isOk()) {
			this.resolutions.sent(requests, response.requestBytes());
		}
		else {
			refused(items, response, this::complete);
		}
	}

	/**
	 * A refused batch is halved when a smaller one may pass (too large, or content that is
	 * invalid or makes the server fail, which may come from a single item); what cannot be
	 * narrowed down further is dead-lettered.
	 */
	private void refused(List<BatchEntry> items, TransportResponse response, Consumer<List<BatchEntry>> resend) {
		boolean narrowable = response.outcome() == Outcome.TOO_LARGE || response.isContentRejection()
				|| response.isServerFailure();
		if (narrowable && items.size() > 1) {
			int half = items.size() / 2;
			resend.accept(items.subList(0, half));
			resend.accept(items.subList(half, items.size()));
		}
		else {
			this.resolutions.deadLettered(requestsOf(items), reason(response));
		}
	}

	private static String reason(TransportResponse response) {
		return response.isServerFailure()
				? response.message() + " (" + MAX_SERVER_FAILURES + " times, for this request alone)"
				: response.message();
	}

	/**
	 * Sends until the outcome is final, backing off between attempts. While the server refuses
	 * the configuration the same requests are retried without limit, since they are not at
	 * fault; a server failure on the content is final after {@link #MAX_SERVER_FAILURES}.
	 * @return the final response, or {@code null} if the requests were dropped
	 */
	private TransportResponse attempt(List<SequencedRequest> requests, Attempt attempt) {
		RetryPolicy retry = this.settings.retry();
		int retries = 0;
		int blocked = 0;
		int serverFailures = 0;
		while (true) {
			if (this.aborted.getAsBoolean()) {
				this.resolutions.dropped(requests, "the client closed before they could be sent");
				return null;
			}
			try {
				TransportResponse response = send(attempt);
				if (response.outcome() == Outcome.BLOCKED) {
					blocked(requests, response);
					this.pause.await(retry.blockedDelay(blocked++, response.retryAfter()), blockedFloor(response));
					continue;
				}
				unblocked();
				if (response.outcome() != Outcome.RETRYABLE
						|| (response.isServerFailure() && ++serverFailures >= MAX_SERVER_FAILURES)) {
					return response;
				}
				if (retries >= retry.maxRetries()) {
					this.resolutions.dropped(requests,
							"gave up after " + retries + " retries, the last failure: " + response.message());
					return null;
				}
				this.stats.retried(requests.size());
				this.stats.error(response.message());
				this.retryWarning.record(1, response.message());
				this.pause.await(retry.delay(retries++, response.retryAfter()), retry.honoured(response.retryAfter()));
			}
			catch (InterruptedException ex) {
				this.resolutions.dropped(requests, "the client closed while they were being sent");
				return null;
			}
		}
	}

	/**
	 * One attempt. Whatever the transport throws, even an {@link Error} such as running out of
	 * memory, is a failed attempt to be retried: the sender thread must outlive it.
	 */
	private TransportResponse send(Attempt attempt) throws InterruptedException {
		try {
			return attempt.send();
		}
		catch (RuntimeException | Error ex) {
			String message = "upload failed unexpectedly: " + ex.getClass().getName()
					+ ((ex.getMessage() != null) ? " " + ex.getMessage() : "");
			return new TransportResponse(Outcome.RETRYABLE, 0, message, null, 0);
		}
	}

	private void blocked(List<SequencedRequest> requests, TransportResponse response) {
		if (this.blockedReason == null) {
			logger.warn("Weave uploads are blocked: {}. Nothing is dropped: the records wait, retried with backoff "
					+ "up to {} minutes, until the server accepts them (a flush retries at once)", response.message(),
					RetryPolicy.MAX_BLOCKED_BACKOFF.toMinutes());
		}
		else {
			this.blockedWarning.record(1, response.message());
		}
		this.blockedReason = response.message();
		this.stats.retried(requests.size());
		this.stats.error(response.message());
	}

	private void unblocked() {
		if (this.blockedReason != null) {
			this.blockedWarning.flush(this.blockedReason);
			logger.info("Weave uploads are no longer blocked: the server accepts the configuration again");
			this.blockedReason = null;
		}
	}

	/** A flush probes soon, but flushes repeated in a loop must not turn probing into hammering. */
	private Duration blockedFloor(TransportResponse response) {
		Duration honoured = this.settings.retry().honoured(response.retryAfter());
		return (honoured != null && honoured.compareTo(BLOCKED_PROBE_SPACING) > 0) ? honoured : BLOCKED_PROBE_SPACING;
	}

	/** Why the server refuses the configuration, or {@code null} while it does not. */
	String blockedReason() {
		return this.blockedReason;
	}

	private static List<SequencedRequest> requestsOf(List<BatchEntry> items) {
		List<SequencedRequest> requests = new ArrayList<>(items.size() * 2);
		for (BatchEntry item : items) {
			requests.addAll(item.requests());
		}
		return requests;
	}

	@FunctionalInterface
	private interface Attempt {

		TransportResponse send() throws InterruptedException;

	}

}
