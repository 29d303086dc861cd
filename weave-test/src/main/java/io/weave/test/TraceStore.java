package io.weave.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * What the server received, in memory. Thread-safe; every change wakes up waiting threads.
 */
final class TraceStore {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final Map<String, CallParts> calls = new LinkedHashMap<>();

	private final List<ReceivedObject> objects = new ArrayList<>();

	private final List<ReceivedFile> files = new ArrayList<>();

	private final List<ReceivedTable> tables = new ArrayList<>();

	private final List<RecordedRequest> requests = new ArrayList<>();

	private int duplicates;

	/**
	 * Merge parts of a call. A part the server already holds is a duplicate: the first one
	 * received is kept.
	 * @param id the call id
	 * @param start the start record, or {@code null}
	 * @param end the end record, or {@code null}
	 * @param viaCallsComplete whether the parts came as one complete record
	 */
	void putCall(String id, JsonNode start, JsonNode end, boolean viaCallsComplete) {
		change(() -> {
			CallParts parts = this.calls.computeIfAbsent(id, (key) -> new CallParts());
			boolean duplicate = (start != null && parts.start != null) || (end != null && parts.end != null);
			if (duplicate) {
				parts.duplicates++;
				this.duplicates++;
			}
			if (start != null && parts.start == null) {
				parts.start = start;
			}
			if (end != null && parts.end == null) {
				parts.end = end;
			}
			parts.viaCallsComplete |= viaCallsComplete;
		});
	}

	void addObject(ReceivedObject object) {
		change(() -> this.objects.add(object));
	}

	void addFile(ReceivedFile file) {
		change(() -> this.files.add(file));
	}

	void addTable(ReceivedTable table) {
		change(() -> this.tables.add(table));
	}

	void addRequest(RecordedRequest request) {
		change(() -> this.requests.add(request));
	}

	List<ReceivedCall> calls() {
		return read(() -> this.calls.entrySet()
			.stream()
			.map((entry) -> entry.getValue().toCall(entry.getKey()))
			.toList());
	}

	Optional<ReceivedCall> call(String id) {
		return read(() -> Optional.ofNullable(this.calls.get(id)).map((parts) -> parts.toCall(id)));
	}

	int duplicateCount() {
		return read(() -> this.duplicates);
	}

	List<ReceivedObject> objects() {
		return read(() -> List.copyOf(this.objects));
	}

	List<ReceivedFile> files() {
		return read(() -> List.copyOf(this.files));
	}

	List<ReceivedTable> tables() {
		return read(() -> List.copyOf(this.tables));
	}

	List<RecordedRequest> requests() {
		return read(() -> List.copyOf(this.requests));
	}

	void clear() {
		change(() -> {
			this.calls.clear();
			this.objects.clear();
			this.files.clear();
			this.tables.clear();
			this.requests.clear();
			this.duplicates = 0;
		});
	}

	/**
	 * Wait until a snapshot of the store satisfies a condition.
	 * @param <T> the type of the snapshot
	 * @param snapshot takes a snapshot, called while holding the lock
	 * @param condition the condition
	 * @param timeout how long to wait at most
	 * @param describe describes the last snapshot when the wait times out
	 * @return the snapshot that satisfied the condition
	 * @throws AssertionError if the timeout elapses first
	 */
	<T> T await(Supplier<T> snapshot, Predicate<T> condition, Duration timeout, Function<T, String> describe) {
		long remaining = timeout.toNanos();
		this.lock.lock();
		try {
			T current = snapshot.get();
			while (!condition.test(current)) {
				if (remaining <= 0) {
					throw new AssertionError("Timed out after " + timeout + ": " + describe.apply(current));
				}
				remaining = this.changed.awaitNanos(remaining);
				current = snapshot.get();
			}
			return current;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void change(Runnable change) {
		this.lock.lock();
		try {
			change.run();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private <T> T read(Supplier<T> read) {
		this.lock.lock();
		try {
			return read.get();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The parts of one call received so far.
	 */
	private static final class CallParts {

		private JsonNode start;

		private JsonNode end;

		private boolean viaCallsComplete;

		private int duplicates;

		ReceivedCall toCall(String id) {
			return ReceivedCall.of(id, this.start, this.end, this.viaCallsComplete, this.duplicates);
		}

	}

}
