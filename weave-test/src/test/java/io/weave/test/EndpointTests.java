package io.weave.test;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for the happy paths of the endpoints of {@link FakeWeaveServer}.
 */
class EndpointTests {

	@AutoClose
	private final FakeWeaveServer server = FakeWeaveServer.builder().start();

	private final TestHttp http = new TestHttp(this.server);

	@Test
	void serverListensOnLoopbackOnAnEphemeralPort() {
		assertThat(this.server.port()).isPositive();
		assertThat(this.server.baseUrl()).isEqualTo("http://127.0.0.1:" + this.server.port());
	}

	@Test
	void health() {
		HttpResponse<String> response = this.http.get("/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{}");
	}

	@Test
	void serverInfo() {
		JsonNode info = TestHttp.json(this.http.get("/server_info"));
		assertThat(info.path("trace_server_version").isString()).isTrue();
		assertThat(info.path("min_required_weave_python_version").isString()).isTrue();
	}

	@Test
	void callStartAnswersIdAndTraceId() {
		String id = Records.id();
		String traceId = Records.id();
		HttpResponse<String> response = this.http.post("/call/start",
				Records.startReq(Records.start(id, traceId, null, "my_op")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(TestHttp.json(response).path("id").stringValue()).isEqualTo(id);
		assertThat(TestHttp.json(response).path("trace_id").stringValue()).isEqualTo(traceId);
		ReceivedCall call = this.server.call(id).orElseThrow();
		assertThat(call.hasStart()).isTrue();
		assertThat(call.hasEnd()).isFalse();
		assertThat(call.opName()).isEqualTo(Records.opRef("my_op"));
		assertThat(call.opShortName()).isEqualTo("my_op");
		assertThat(call.projectId()).isEqualTo(Records.PROJECT);
		assertThat(call.inputs().path("question").stringValue()).isEqualTo("What is Weave?");
		assertThat(call.attributes().path("weave").path("source").stringValue()).isEqualTo("java-sdk");
		assertThat(call.startedAt()).hasToString(Records.STARTED_AT);
	}

	@Test
	void callEndAnswersEmptyObject() {
		String id = Records.id();
		HttpResponse<String> response = this.http.post("/call/end", Records.endReq(Records.end(id)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{}");
		ReceivedCall call = this.server.call(id).orElseThrow();
		assertThat(call.hasEnd()).isTrue();
		assertThat(call.output().stringValue()).isEqualTo("A tracing tool");
		assertThat(call.endedAt()).hasToString(Records.ENDED_AT);
	}

	@Test
	void upsertBatchAnswersOneResultPerItem() {
		String id = Records.id();
		String traceId = Records.id();
		HttpResponse<String> response = this.http.post("/call/upsert_batch", Records.batch(
				Records.startItem(Records.start(id, traceId, null, "my_op")), Records.endItem(Records.end(id))));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode results = TestHttp.json(response).path("res");
		assertThat(results.size()).isEqualTo(2);
		assertThat(results.get(0).path("id").stringValue()).isEqualTo(id);
		assertThat(results.get(0).path("trace_id").stringValue()).isEqualTo(traceId);
		assertThat(results.get(1).isEmpty()).isTrue();
		assertThat(this.server.call(id).orElseThrow().isComplete()).isTrue();
	}

	@Test
	void callsCompleteStoresCompleteCalls() {
		String parentId = Records.id();
		String childId = Records.id();
		String traceId = Records.id();
		HttpResponse<String> response = this.http.post(Records.completePath(),
				Records.batch(Records.complete(parentId, traceId, null, "parent"),
						Records.complete(childId, traceId, parentId, "child")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{}");
		assertThat(this.server.completeCalls()).extracting(ReceivedCall::id).containsExactly(parentId, childId);
		assertThat(this.server.call(childId).orElseThrow().viaCallsComplete()).isTrue();
		assertThat(this.server.children(parentId)).extracting(ReceivedCall::id).containsExactly(childId);
	}

	@Test
	void objCreateAnswersTheObjectDigest() {
		ObjectNode obj = TestHttp.JSON.createObjectNode().put("project_id", Records.PROJECT).put("object_id", "my_op");
		obj.putObject("val")
			.put("_type", "CustomWeaveType")
			.put("load_op", "NO_LOAD_OP")
			.putObject("weave_type")
			.put("type", "Op");
		((ObjectNode) obj.get("val")).putObject("files").put("obj.py", "abc");
		HttpResponse<String> response = this.http.post("/obj/create",
				TestHttp.JSON.createObjectNode().set("obj", obj));
		assertThat(response.statusCode()).isEqualTo(200);
		// Computed with Python: json.dumps(val, sort_keys=True) -> SHA-256 -> base64url, -/_ -> X/Y
		assertThat(TestHttp.json(response).path("digest").stringValue())
			.isEqualTo("fGL9xGXmfrXUSH57Z86NmzKAmSKd2EdCKR15Dyykq6A");
		assertThat(TestHttp.json(response).path("object_id").stringValue()).isEqualTo("my_op");
		ReceivedObject received = this.server.objects().get(0);
		assertThat(received.objectId()).isEqualTo("my_op");
		assertThat(received.val().path("load_op").stringValue()).isEqualTo("NO_LOAD_OP");
	}

	@Test
	void tableCreateAnswersTableAndRowDigests() {
		ObjectNode table = TestHttp.JSON.createObjectNode().put("project_id", Records.PROJECT);
		table.putArray("rows").add(TestHttp.JSON.createObjectNode().put("a", 1)).add(
				TestHttp.JSON.createObjectNode().put("b", "x"));
		HttpResponse<String> response = this.http.post("/table/create",
				TestHttp.JSON.createObjectNode().set("table", table));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode answer = TestHttp.json(response);
		// Computed with Python as documented in WEAVE_API.md
		assertThat(answer.path("digest").stringValue())
			.isEqualTo("b1c780ee69b212ebbdacfd03b608aafb0a7af266ee6dd81cd100c22c1ae99cab");
		assertThat(answer.path("row_digests").valueStream().map(JsonNode::stringValue).toList()).containsExactly(
				"XdhgKMbg1k4iUYb5astpM4ssWXZN95FiEH9cS7NNExA", "jDFuHUzsWAYivygASXYdbBc3aHzz6QwNWUg4Ibj1vOo");
		assertThat(this.server.tables()).singleElement()
			.satisfies((received) -> assertThat(received.rows()).hasSize(2));
	}

	@Test
	void unknownPathIsNotFound() {
		assertThat(this.http.post("/calls/stream_query", "{}").statusCode()).isEqualTo(404);
		assertThat(this.http.get("/nothing").statusCode()).isEqualTo(404);
	}

	@Test
	void wrongMethodIsNotAllowed() {
		HttpResponse<String> response = this.http.get("/call/start");
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("POST");
	}

	@Test
	void everyRequestIsRecorded() {
		this.http.get("/health");
		this.http.post("/call/end", Records.endReq(Records.end(Records.id())));
		List<RecordedRequest> requests = this.server.requests();
		assertThat(requests).extracting(RecordedRequest::method, RecordedRequest::path, RecordedRequest::status)
			.containsExactly(tuple("GET", "/health", 200),
					tuple("POST", "/call/end", 200));
		assertThat(requests.get(1).bodySize()).isPositive();
		assertThat(requests.get(1).bodyAsString()).contains("\"ended_at\"");
		assertThat(requests.get(1).receivedAt()).isNotNull();
	}

}
