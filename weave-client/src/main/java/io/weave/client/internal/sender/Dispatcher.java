package io.weave.client.internal.sender;

import java.util.ArrayList;
import java.util.List;

/**
 * Routes requests in their order: call starts and ends into batches, anything else sent on its
 * own once the calls before it are out. Confined to the sender thread.
 */
final class Dispatcher {

	private final SenderSettings settings;

	private final CallAssembler calls;

	private final Delivery delivery;

	private final Resolutions resolutions;

	private final CallBatch batch;

	Dispatcher(SenderSettings settings, CallAssembler calls, Delivery delivery, Resolutions resolutions) {
		this.settings = settings;
		this.calls = calls;
		this.delivery = delivery;
		this.resolutions = resolutions;
		this.batch = CallBatch.of(settings);
	}

	void accept(SequencedRequest request, long now) {
		if (request.size() > this.settings.maxRequestBytes()) {
			this.resolutions.deadLettered(List.of(request), "request of " + request.size()
					+ " bytes exceeds the request limit of " + this.settings.maxRequestBytes() + " bytes");
			return;
		}
		if (!request.isCall()) {
			sendBatch();
			this.delivery.single(request);
			return;
		}
		BatchEntry item = assemble(request);
		if (item == null) {
			return;
		}
		if (!this.batch.accepts(item)) {
			sendBatch();
		}
		this.batch.add(item, now);
		if (this.batch.isFull()) {
			sendBatch();
		}
	}

	/**
	 * The request's batch item, or {@code null} when there is none yet. A request that cannot
	 * be assembled (even with an {@link Error} such as a stack overflow) is dead-lettered, so
	 * that it neither stops the sender nor holds up the requests behind it.
	 */
	private BatchEntry assemble(SequencedRequest request) {
		try {
			return this.calls.accept(request);
		}
		catch (RuntimeException | Error ex) {
			this.resolutions.deadLettered(List.of(request), "could not be prepared for upload: "
					+ ex.getClass().getName() + ((ex.getMessage() != null) ? " " + ex.getMessage() : ""));
			return null;
		}
	}

	boolean hasBatch() {
		return !this.batch.isEmpty();
	}

	/** Nanoseconds until the batch is due; only meaningful when there is one. */
	long nanosUntilDue(long now) {
		return this.batch.startedAt() + this.settings.batchInterval().toNanos() - now;
	}

	void sendBatch() {
		if (!this.batch.isEmpty()) {
			this.delivery.calls(this.batch.take());
		}
	}

	/** Drops whatever is batched or held, for shutdown. */
	void abandon(String reason) {
		List<SequencedRequest> batched = new ArrayList<>();
		for (BatchEntry item : this.batch.take()) {
			batched.addAll(item.requests());
		}
		this.resolutions.dropped(batched, reason);
		this.resolutions.dropped(this.calls.takeHeld(), "call still running when the client closed; "
				+ "calls-complete mode sends a call only once it has ended");
	}

}
