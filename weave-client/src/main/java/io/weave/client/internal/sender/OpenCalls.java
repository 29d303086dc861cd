package io.weave.client.internal.sender;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The starts of calls whose end has not been sent yet, by call id, so that start and end can be
 * merged for calls-complete mode. A start is either <em>held</em> (not sent: calls-complete mode)
 * or <em>sent</em> (already acknowledged through {@code upsert_batch}, kept in case the server
 * switches the project to calls-complete mode before the end goes out). Bounded: the oldest
 * entry is evicted first. Confined to the sender thread except for {@link #heldCount()}.
 */
final class OpenCalls {

	private final LinkedHashMap<String, OpenStart> starts = new LinkedHashMap<>();

	private final int capacity;

	private volatile int heldCount;

	OpenCalls(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Holds an unsent start.
	 * @return held starts displaced by it: one with the same call id, or the oldest when full
	 */
	List<SequencedRequest> hold(SequencedRequest start) {
		return put(new OpenStart(start, false));
	}

	/**
	 * Remembers a start the server acknowledged.
	 * @return held starts displaced by it
	 */
	List<SequencedRequest> remember(SequencedRequest start) {
		return put(new OpenStart(start, true));
	}

	/** Removes and returns the start of a call, or {@code null} if unknown. */
	OpenStart take(String callId) {
		OpenStart start = this.starts.remove(callId);
		if (start != null && !start.sent()) {
			this.heldCount--;
		}
		return start;
	}

	/** Removes and returns every held start. */
	List<SequencedRequest> takeHeld() {
		List<SequencedRequest> held = new ArrayList<>();
		for (Iterator<OpenStart> it = this.starts.values().iterator(); it.hasNext();) {
			OpenStart start = it.next();
			if (!start.sent()) {
				held.add(start.request());
				it.remove();
			}
		}
		this.heldCount = 0;
		return held;
	}

	/** How many starts are held unsent; readable from any thread. */
	int heldCount() {
		return this.heldCount;
	}

	private List<SequencedRequest> put(OpenStart start) {
		List<SequencedRequest> displaced = new ArrayList<>(0);
		OpenStart replaced = this.starts.put(start.request().request().key(), start);
		collectHeld(replaced, displaced);
		adjustHeld(start, +1);
		if (this.starts.size() > this.capacity) {
			collectHeld(evictOldest(), displaced);
		}
		return displaced;
	}

	private void collectHeld(OpenStart start, List<SequencedRequest> displaced) {
		if (start != null && !start.sent()) {
			displaced.add(start.request());
		}
		adjustHeld(start, -1);
	}

	private OpenStart evictOldest() {
		Iterator<Map.Entry<String, OpenStart>> it = this.starts.entrySet().iterator();
		OpenStart oldest = it.next().getValue();
		it.remove();
		return oldest;
	}

	private void adjustHeld(OpenStart start, int delta) {
		if (start != null && !start.sent()) {
			this.heldCount += delta;
		}
	}

	/**
	 * @param request the call start request
	 * @param sent whether the server already acknowledged it
	 */
	record OpenStart(SequencedRequest request, boolean sent) {
	}

}
