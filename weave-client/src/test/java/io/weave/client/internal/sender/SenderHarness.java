package io.weave.client.internal.sender;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.weave.client.internal.MemoryOutbox;
import io.weave.client.internal.StatsRecorder;
import io.weave.client.internal.transport.HttpTransport;
import io.weave.client.internal.transport.ScriptedTraceServer;
import io.weave.client.internal.transport.ScriptedTraceServer.Recorded;
import io.weave.client.internal.transport.TransportSettings;
import io.weave.client.internal.wire.WireRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** A sender wired to a scripted server, with what tests need to look at. */
final class SenderHarness implements AutoCloseable {

	static final String API_KEY = "test-api-key-that-must-never-be-logged";

	static final String UPSERT = "/call/upsert_batch";

	static final String COMPLETE = "/v2/my-entity/my-project/calls/complete";

	final ScriptedTraceServer server = new ScriptedTraceServer();

	final StatsRecorder stats = new StatsRecorder();

	final RecentDeadLetters deadLetters = new RecentDeadLetters();

	MemoryRequestQueue queue;

	Sender sender;

	/**
	 * Retries without noticeable backoff; batches go out when full or flushed, never on a timer,
	 * so that tests see deterministic batches.
	 */
	static SenderSettings quick() {
		return SenderSettings.defaults()
			.withBatchInterval(Duration.ofHours(1))
			.withRetry(new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 5, Duration.ofSeconds(5)));
	}

	SenderHarness start(SenderSettings settings) {
		return start(settings, MemoryRequestQueue.DEFAULT_CAPACITY, this.server.baseUrl());
	}

	SenderHarness start(SenderSettings settings, int queueCapacity, String baseUrl) {
		this.queue = new MemoryRequestQueue(queueCapacity, MemoryRequestQueue.DEFAULT_MAX_BYTES, this.stats);
		HttpTransport transport = new HttpTransport(TransportSettings.of(baseUrl, API_KEY));
		this.sender = new Sender(this.queue, transport, settings, this.stats, this.deadLetters);
		this.sender.start();
		return this;
	}

	void offer(WireRequest... requests) {
		for (WireRequest request : requests) {
			assertThat(this.queue.offer(request)).as("accepted %s", request).isTrue();
		}
	}

	/** What operators see of the sender: {@code running}, {@code blocked} or {@code stopped}. */
	String senderState() {
		return new MemoryOutbox(this.queue, this.sender, this.stats, new HeldDeadLetters(1024, this.deadLetters)).backlog()
			.senderState();
	}

	void flushCompletely() {
		assertThat(this.sender.flush(Duration.ofSeconds(10)).completed()).isTrue();
	}

	/** Each upsert batch as {@code mode:id} items, in the order the server received them. */
	List<List<String>> upsertBatches() {
		List<List<String>> batches = new ArrayList<>();
		for (Recorded request : this.server.requests(UPSERT)) {
			List<String> items = new ArrayList<>();
			for (JsonNode item : request.batch()) {
				String mode = item.path("mode").stringValue();
				items.add(mode + ":" + item.path("req").path(mode).path("id").stringValue());
			}
			batches.add(items);
		}
		return batches;
	}

	/** The call ids of each calls-complete batch, in the order the server received them. */
	List<List<String>> completeBatches() {
		List<List<String>> batches = new ArrayList<>();
		for (Recorded request : this.server.requests(COMPLETE)) {
			batches.add(request.batch().stream().map((call) -> call.path("id").stringValue()).toList());
		}
		return batches;
	}

	@Override
	public void close() {
		try {
			if (this.sender != null) {
				this.sender.close(Duration.ofSeconds(2));
			}
		}
		finally {
			this.server.close();
		}
	}

}
