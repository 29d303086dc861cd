package io.weave.client.internal.sender;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.weave.client.FlushResult;
import io.weave.client.WeaveStats;
import io.weave.client.internal.StatsRecorder;
import io.weave.client.internal.transport.HttpTransport;
import io.weave.client.internal.transport.TransportSettings;
import io.weave.client.internal.wire.Ids;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.Timestamps;
import io.weave.client.internal.wire.WireRequest;
import io.weave.test.FakeWeaveServer;
import io.weave.test.RecordedRequest;
import io.weave.test.WeaveAssertions;
import io.weave.test.WeaveServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The sender against the project's fake trace server, which validates every body strictly. */
class SenderFakeServerTests {

	private static final String PROJECT = "my-entity/my-project";

	@RegisterExtension
	static WeaveServerExtension weave = new WeaveServerExtension();

	private final StatsRecorder stats = new StatsRecorder();

	private final RecentDeadLetters deadLetters = new RecentDeadLetters();

	private MemoryRequestQueue queue;

	private Sender sender;

	@AfterEach
	void closeSender() {
		if (this.sender != null) {
			this.sender.close(Duration.ofSeconds(2));
		}
	}

	@Test
	void deliversCallsObjectsAndFilesThroughFaults() {
		FakeWeaveServer server = weave.server();
		server.faults().failNext(2, 503);
		server.faults().dropNext(1);
		server.faults().rateLimitNext(1, Duration.ZERO);
		start(SenderHarness.quick().withBatchSize(7));
		this.queue.offer(file("obj.py", "def answer(): ..."));
		this.queue.offer(object("answer"));
		offerCalls(20);
		FlushResult result = this.sender.flush(Duration.ofSeconds(10));
		assertThat(result.completed()).isTrue();
		assertThat(result.sent()).isEqualTo(42);
		WeaveAssertions.assertThat(server).allRequestsValid().hasNoDuplicates().hasCompleteCalls(20);
		assertThat(server.files()).singleElement()
			.satisfies((file) -> assertThat(file.contentAsString()).isEqualTo("def answer(): ..."));
		assertThat(server.objects()).singleElement()
			.satisfies((object) -> assertThat(object.objectId()).isEqualTo("answer"));
		WeaveStats snapshot = this.stats.snapshot();
		assertThat(snapshot.requestsRetried()).isPositive();
		assertThat(snapshot.requestsDropped() + snapshot.requestsDeadLettered()).isZero();
	}

	@Test
	void switchesToCallsCompleteModeWhenTheProjectRequiresIt() {
		FakeWeaveServer server = weave.server();
		server.requireCallsCompleteMode(true);
		start(SenderHarness.quick());
		offerCalls(15);
		assertThat(this.sender.flush(Duration.ofSeconds(10)).completed()).isTrue();
		assertThat(this.sender.isCallsCompleteMode()).isTrue();
		assertThat(server.requests()).extracting(RecordedRequest::path).contains("/call/upsert_batch",
				"/v2/my-entity/my-project/calls/complete");
		WeaveAssertions.assertThat(server).allRequestsValid().hasNoDuplicates().hasCompleteCalls(15);
		assertThat(this.stats.snapshot().requestsSent()).isEqualTo(30);
	}

	@Test
	void splitsBatchesTheServerFindsTooLarge() {
		FakeWeaveServer server = weave.server();
		start(SenderHarness.quick().withBatchSize(50));
		offerCalls(20);
		int oneCallPair = 2 * 600;
		server.faults().limitBodySize(3 * oneCallPair);
		assertThat(this.sender.flush(Duration.ofSeconds(10)).completed()).isTrue();
		assertThat(server.requests()).extracting(RecordedRequest::status).contains(413);
		WeaveAssertions.assertThat(server).allRequestsValid().hasNoDuplicates().hasCompleteCalls(20);
		assertThat(this.stats.snapshot().requestsDeadLettered()).isZero();
	}

	private void start(SenderSettings settings) {
		FakeWeaveServer server = weave.server();
		this.queue = new MemoryRequestQueue(this.stats);
		HttpTransport transport = new HttpTransport(TransportSettings.of(server.baseUrl(), server.apiKey()));
		this.sender = new Sender(this.queue, transport, settings, this.stats, this.deadLetters);
		this.sender.start();
	}

	/** Offers each call's start and end, ending each call before the next starts. */
	private void offerCalls(int count) {
		List<WireRequest> requests = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String id = Ids.uuidV7();
			Instant startedAt = Instant.now();
			requests.add(callStart(id, startedAt));
			requests.add(callEnd(id, startedAt.plusMillis(5)));
		}
		requests.forEach((request) -> assertThat(this.queue.offer(request)).isTrue());
	}

	private static WireRequest callStart(String id, Instant at) {
		return request(RequestType.CALL_START, id,
				"{\"start\":{\"project_id\":\"" + PROJECT + "\",\"id\":\"" + id + "\",\"trace_id\":\""
						+ Ids.uuidV7() + "\",\"op_name\":\"weave:///" + PROJECT
						+ "/op/answer:abc\",\"started_at\":\"" + Timestamps.format(at)
						+ "\",\"attributes\":{\"weave\":{\"source\":\"java-sdk\"}},"
						+ "\"inputs\":{\"question\":\"" + "why? ".repeat(80) + "\"}}}");
	}

	private static WireRequest callEnd(String id, Instant at) {
		return request(RequestType.CALL_END, id, "{\"end\":{\"project_id\":\"" + PROJECT + "\",\"id\":\"" + id
				+ "\",\"ended_at\":\"" + Timestamps.format(at) + "\",\"output\":42,\"summary\":{}}}");
	}

	private static WireRequest object(String name) {
		return request(RequestType.OBJ_CREATE, name, "{\"obj\":{\"project_id\":\"" + PROJECT + "\",\"object_id\":\""
				+ name + "\",\"val\":{\"_type\":\"CustomWeaveType\",\"weave_type\":{\"type\":\"Op\"},"
				+ "\"load_op\":\"NO_LOAD_OP\"}}}");
	}

	private static WireRequest file(String name, String content) {
		return request(RequestType.FILE_CREATE, name, "{\"project_id\":\"" + PROJECT + "\",\"name\":\"" + name
				+ "\",\"content\":\"" + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))
				+ "\"}");
	}

	private static WireRequest request(RequestType type, String key, String body) {
		return new WireRequest(type, key, body.getBytes(StandardCharsets.UTF_8));
	}

}
