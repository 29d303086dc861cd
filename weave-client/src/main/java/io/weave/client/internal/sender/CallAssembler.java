package io.weave.client.internal.sender;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weave.client.internal.wire.RequestType;

/**
 * Turns call starts and ends into batch items for the current mode. In upsert mode each request
 * is an item; in calls-complete mode a start is held until its end arrives and the two become
 * one merged item. Confined to the sender thread except for the read-only accessors.
 */
final class CallAssembler {

	private static final Logger logger = LoggerFactory.getLogger(CallAssembler.class);

	private final OpenCalls openCalls;

	private final Resolutions resolutions;

	private final long maxRequestBytes;

	private volatile boolean completeMode;

	CallAssembler(SenderSettings settings, Resolutions resolutions) {
		this.openCalls = new OpenCalls(settings.maxOpenCalls());
		this.resolutions = resolutions;
		this.maxRequestBytes = settings.maxRequestBytes();
		this.completeMode = settings.callsCompleteMode();
	}

	boolean isCompleteMode() {
		return this.completeMode;
	}

	/** Starts held for their end in calls-complete mode: calls still running. */
	int heldCount() {
		return this.openCalls.heldCount();
	}

	/**
	 * Switches to calls-complete mode for good.
	 */
	void switchToCompleteMode() {
		if (!this.completeMode) {
			this.completeMode = true;
			logger.info("The trace server requires calls-complete mode for this project; "
					+ "sending calls through /v2/{entity}/{project}/calls/complete from now on");
		}
	}

	/**
	 * @param call a call start or end
	 * @return the batch item, or {@code null} if the request was held or dead-lettered
	 */
	BatchEntry accept(SequencedRequest call) {
		return this.completeMode ? assembleComplete(call) : BatchEntry.upsert(call);
	}

	/** Re-assembles upsert items the server refused for calls-complete mode. */
	List<BatchEntry> toCompleteMode(List<BatchEntry> upsertItems) {
		List<BatchEntry> items = new ArrayList<>(upsertItems.size());
		for (BatchEntry item : upsertItems) {
			BatchEntry assembled = assembleComplete(item.request());
			if (assembled != null) {
				items.add(assembled);
			}
		}
		return items;
	}

	/** Remembers the starts the server acknowledged in upsert mode, forgets the ended calls. */
	void acknowledged(List<BatchEntry> upsertItems) {
		for (BatchEntry item : upsertItems) {
			SequencedRequest call = item.request();
			if (call.type() == RequestType.CALL_START) {
				deadLetterDisplaced(this.openCalls.remember(call));
			}
			else {
				this.openCalls.take(call.request().key());
			}
		}
	}

	/** Takes every held start, e.g. to drop them on shutdown. */
	List<SequencedRequest> takeHeld() {
		return this.openCalls.takeHeld();
	}

	private BatchEntry assembleComplete(SequencedRequest call) {
		if (call.type() == RequestType.CALL_START) {
			List<SequencedRequest> displaced = this.openCalls.hold(call);
			this.resolutions.setAside(call);
			deadLetterDisplaced(displaced);
			return null;
		}
		OpenCalls.OpenStart start = this.openCalls.take(call.request().key());
		if (start == null) {
			this.resolutions.deadLettered(List.of(call),
					"call end without a known start: calls-complete mode needs both in one record");
			return null;
		}
		List<SequencedRequest> parts = start.sent() ? List.of(call) : List.of(start.request(), call);
		return merge(start.request(), call, parts);
	}

	private BatchEntry merge(SequencedRequest start, SequencedRequest end, List<SequencedRequest> parts) {
		CompletedCall merged;
		try {
			merged = CompletedCall.merge(start.request().body(), end.request().body());
		}
		catch (IllegalArgumentException ex) {
			this.resolutions.deadLettered(parts, "cannot merge call start and end: " + ex.getMessage());
			return null;
		}
		if (merged.size() > this.maxRequestBytes) {
			this.resolutions.deadLettered(parts, "completed call of " + merged.size()
					+ " bytes exceeds the request limit of " + this.maxRequestBytes + " bytes");
			return null;
		}
		return BatchEntry.complete(parts, merged);
	}

	private void deadLetterDisplaced(List<SequencedRequest> displaced) {
		if (!displaced.isEmpty()) {
			this.resolutions.deadLettered(displaced, "call start displaced before its end arrived: "
					+ "a newer start with the same id, or more open calls than the configured bound");
		}
	}

}
