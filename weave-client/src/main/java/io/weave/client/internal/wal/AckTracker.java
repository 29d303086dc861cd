package io.weave.client.internal.wal;

import java.util.Map;
import java.util.TreeMap;

/**
 * Resolved ranges of a stream (bytes of a segment, or sequence numbers), which may arrive in
 * any order. The low-water mark advances only over contiguous resolved ranges: everything below
 * it is resolved, so it is safe to checkpoint. Ranges beyond a gap are kept, merged, until the
 * gap closes. Not thread-safe.
 */
final class AckTracker {

	private final TreeMap<Long, Long> ahead = new TreeMap<>();

	private long lowWater;

	AckTracker(long lowWater) {
		this.lowWater = lowWater;
	}

	/** Marks {@code [start, end)} resolved; {@code false} when it already was. */
	boolean resolve(long start, long end) {
		if (end <= this.lowWater || isAhead(start, end)) {
			return false;
		}
		if (start <= this.lowWater) {
			this.lowWater = end;
			for (Long next = this.ahead.remove(this.lowWater); next != null; next = this.ahead.remove(this.lowWater)) {
				this.lowWater = next;
			}
			return true;
		}
		Map.Entry<Long, Long> before = this.ahead.floorEntry(start);
		if (before != null && before.getValue() == start) {
			start = before.getKey();
		}
		Long after = this.ahead.remove(end);
		this.ahead.put(start, (after != null) ? after : end);
		return true;
	}

	long lowWater() {
		return this.lowWater;
	}

	/** How many separate ranges wait beyond a gap. */
	int gaps() {
		return this.ahead.size();
	}

	private boolean isAhead(long start, long end) {
		Map.Entry<Long, Long> covering = this.ahead.floorEntry(start);
		return covering != null && covering.getValue() >= end;
	}

}
