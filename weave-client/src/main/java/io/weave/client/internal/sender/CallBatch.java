package io.weave.client.internal.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects call items until the batch is full, too large to take the next one, or due. A
 * batch holds items of one mode and, in calls-complete mode, of one project.
 */
final class CallBatch {

	private final int upsertLimit;

	private final int completeLimit;

	private final long maxBytes;

	private List<BatchEntry> entries = new ArrayList<>();

	private long bytes;

	private long startedAt;

	CallBatch(int upsertLimit, int completeLimit, long maxBytes) {
		this.upsertLimit = upsertLimit;
		this.completeLimit = completeLimit;
		this.maxBytes = maxBytes;
	}

	static CallBatch of(SenderSettings settings) {
		return new CallBatch(settings.batchSize(), settings.completeBatchSize(), settings.maxBatchBytes());
	}

	/** Whether the entry may join this batch; an empty batch takes anything. */
	boolean accepts(BatchEntry entry) {
		if (this.entries.isEmpty()) {
			return true;
		}
		BatchEntry first = this.entries.get(0);
		return first.isComplete() == entry.isComplete() && Objects.equals(first.projectId(), entry.projectId())
				&& this.entries.size() < limit(entry) && this.bytes + entry.size() <= this.maxBytes;
	}

	void add(BatchEntry entry, long now) {
		if (this.entries.isEmpty()) {
			this.startedAt = now;
		}
		this.entries.add(entry);
		this.bytes += entry.size();
	}

	boolean isEmpty() {
		return this.entries.isEmpty();
	}

	boolean isFull() {
		return !this.entries.isEmpty() && this.entries.size() >= limit(this.entries.get(0));
	}

	/** When the batch's first item was added, in {@link System#nanoTime()} terms. */
	long startedAt() {
		return this.startedAt;
	}

	/** Empties the batch. */
	List<BatchEntry> take() {
		List<BatchEntry> taken = this.entries;
		this.entries = new ArrayList<>();
		this.bytes = 0;
		return taken;
	}

	private int limit(BatchEntry entry) {
		return entry.isComplete() ? this.completeLimit : this.upsertLimit;
	}

	/**
	 * Cuts a sequence of items into batches within this batch's limits, keeping their order.
	 * Uses this batch, which must be empty, as scratch space.
	 */
	List<List<BatchEntry>> chunk(List<BatchEntry> items) {
		List<List<BatchEntry>> chunks = new ArrayList<>();
		for (BatchEntry item : items) {
			if (!accepts(item)) {
				chunks.add(take());
			}
			add(item, 0);
		}
		if (!isEmpty()) {
			chunks.add(take());
		}
		return chunks;
	}

}
