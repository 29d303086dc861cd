package io.weave.test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for request validation by {@link FakeWeaveServer}, in strict mode and in real-server
 * (lenient) mode.
 */
class ValidationTests {

	@AutoClose
	private final FakeWeaveServer strict = FakeWeaveServer.builder().start();

	@AutoClose
	private final FakeWeaveServer lenient = FakeWeaveServer.builder().strict(false).start();

	private final TestHttp strictHttp = new TestHttp(this.strict);

	private final TestHttp lenientHttp = new TestHttp(this.lenient);

	@Test
	void missingRequiredKeyIsRejectedLikeFastApi() {
		ObjectNode start = validStart();
		start.remove("op_name");
		for (TestHttp http : List.of(this.strictHttp, this.lenientHttp)) {
			HttpResponse<String> response = http.post("/call/start", Records.startReq(start));
			assertThat(response.statusCode()).isEqualTo(422);
			assertThat(TestHttp.json(response)).isEqualTo(TestHttp.JSON.readTree(
					"{\"detail\":[{\"loc\":[\"body\",\"start\",\"op_name\"],\"msg\":\"Field required\",\"type\":\"missing\"}]}"));
		}
		assertThat(this.strict.calls()).isEmpty();
		assertThat(this.strict.invalidRequests()).singleElement()
			.satisfies((request) -> assertThat(request.validationErrors()).extracting(ValidationError::path)
				.containsExactly("body.start.op_name"));
	}

	@Test
	void extraKeyInWrapperIsRejectedInBothModes() {
		ObjectNode body = Records.startReq(validStart());
		body.put("extra", 1);
		for (TestHttp http : List.of(this.strictHttp, this.lenientHttp)) {
			HttpResponse<String> response = http.post("/call/start", body);
			assertThat(response.statusCode()).isEqualTo(422);
			assertThat(errorTypes(response)).containsExactly("body.extra:extra_forbidden");
		}
	}

	@Test
	void extraKeyInBatchItemRequestIsRejectedInBothModes() {
		ObjectNode item = Records.startItem(validStart());
		((ObjectNode) item.get("req")).put("extra", true);
		for (TestHttp http : List.of(this.strictHttp, this.lenientHttp)) {
			HttpResponse<String> response = http.post("/call/upsert_batch", Records.batch(item));
			assertThat(response.statusCode()).isEqualTo(422);
			assertThat(errorTypes(response)).containsExactly("body.batch.0.req.extra:extra_forbidden");
		}
	}

	@Test
	void extraKeyInObjCreateAndTableCreateWrappersIsRejected() {
		ObjectNode obj = TestHttp.JSON.createObjectNode();
		obj.putObject("obj").put("project_id", Records.PROJECT).put("object_id", "x").put("val", 1);
		obj.put("oops", 1);
		ObjectNode table = TestHttp.JSON.createObjectNode();
		table.putObject("table").put("project_id", Records.PROJECT).putArray("rows");
		table.put("oops", 1);
		assertThat(this.lenientHttp.post("/obj/create", obj).statusCode()).isEqualTo(422);
		assertThat(this.lenientHttp.post("/table/create", table).statusCode()).isEqualTo(422);
	}

	@Test
	void unknownKeyInRecordIsRejectedOnlyInStrictMode() {
		ObjectNode start = validStart();
		start.put("color", "blue");
		assertThat(errorTypes(this.strictHttp.post("/call/start", Records.startReq(start))))
			.containsExactly("body.start.color:extra_forbidden");
		assertThat(this.lenientHttp.post("/call/start", Records.startReq(start)).statusCode()).isEqualTo(200);
	}

	@Test
	void displayNameOnEndIsUndeclaredAndRejectedInStrictMode() {
		ObjectNode end = Records.end(Records.id()).put("display_name", "nice");
		assertThat(errorTypes(this.strictHttp.post("/call/end", Records.endReq(end))))
			.containsExactly("body.end.display_name:extra_forbidden");
		assertThat(this.lenientHttp.post("/call/end", Records.endReq(end)).statusCode()).isEqualTo(200);
	}

	@Test
	void nullValueIsRejectedOnlyInStrictMode() {
		ObjectNode start = validStart();
		start.putNull("display_name");
		assertThat(errorTypes(this.strictHttp.post("/call/start", Records.startReq(start))))
			.containsExactly("body.start.display_name:strict_null");
		assertThat(this.lenientHttp.post("/call/start", Records.startReq(start)).statusCode()).isEqualTo(200);
	}

	@Test
	void nullForNonNullableKeyIsRejectedInBothModes() {
		ObjectNode start = validStart();
		start.putNull("op_name");
		assertThat(errorTypes(this.lenientHttp.post("/call/start", Records.startReq(start))))
			.containsExactly("body.start.op_name:string_type");
	}

	@Test
	void openMapsAreNotKeyCheckedInStrictMode() {
		ObjectNode start = validStart();
		((ObjectNode) start.get("inputs")).putNull("nothing").put("anything", 1);
		((ObjectNode) start.get("attributes")).put("custom", "yes");
		ObjectNode end = Records.end(start.get("id").stringValue());
		((ObjectNode) end.get("summary")).put("weave", "whatever").putObject("usage").putObject("gpt-4o").put(
				"prompt_tokens", 3).put("my_counter", 1);
		assertThat(this.strictHttp.post("/call/start", Records.startReq(start)).statusCode()).isEqualTo(200);
		assertThat(this.strictHttp.post("/call/end", Records.endReq(end)).statusCode()).isEqualTo(200);
	}

	@Test
	void statusCountsKeysMustBeTraceStatuses() {
		ObjectNode end = Records.end(Records.id());
		((ObjectNode) end.get("summary")).putObject("status_counts").put("success", 1).put("bogus", 2);
		for (TestHttp http : List.of(this.strictHttp, this.lenientHttp)) {
			assertThat(errorTypes(http.post("/call/end", Records.endReq(end))))
				.containsExactly("body.end.summary.status_counts.bogus.[key]:enum");
		}
	}

	@Test
	void timestampMustBeUtcWithMillisecondsInStrictMode() {
		ObjectNode start = validStart().put("started_at", "2026-11-23T10:15:30Z");
		assertThat(errorTypes(this.strictHttp.post("/call/start", Records.startReq(start))))
			.containsExactly("body.start.started_at:strict_datetime_format");
		assertThat(this.lenientHttp.post("/call/start", Records.startReq(start)).statusCode()).isEqualTo(200);
	}

	@Test
	void timestampMustBeADateTimeInBothModes() {
		ObjectNode start = validStart().put("started_at", "yesterday");
		assertThat(errorTypes(this.lenientHttp.post("/call/start", Records.startReq(start))))
			.containsExactly("body.start.started_at:datetime_parsing");
		assertThat(errorTypes(this.strictHttp.post("/call/start", Records.startReq(start))))
			.containsExactly("body.start.started_at:strict_datetime_format");
	}

	@Test
	void idsMustBeUuidVersion7InStrictMode() {
		ObjectNode start = validStart().put("id", "0b8f3b8e-4a4e-4c4e-8f3b-8e4a4e4c4e8f")
			.put("trace_id", "not-a-uuid")
			.put("parent_id", "0190D6E2-5B7A-7C3E-9F1A-2B3C4D5E6F70");
		assertThat(errorTypes(this.strictHttp.post("/call/start", Records.startReq(start)))).containsExactly(
				"body.start.id:strict_uuid_v7", "body.start.trace_id:strict_uuid_v7",
				"body.start.parent_id:strict_uuid_v7");
		assertThat(this.lenientHttp.post("/call/start", Records.startReq(start)).statusCode()).isEqualTo(200);
	}

	@Test
	void startMustCarryIdAndTraceIdInStrictMode() {
		ObjectNode start = validStart();
		start.remove("id");
		start.remove("trace_id");
		assertThat(errorTypes(this.strictHttp.post("/call/start", Records.startReq(start))))
			.containsExactly("body.start.id:strict_missing", "body.start.trace_id:strict_missing");
	}

	@Test
	void serverGeneratesMissingIdsInLenientMode() {
		ObjectNode start = validStart();
		start.remove("id");
		start.remove("trace_id");
		JsonNode answer = TestHttp.json(this.lenientHttp.post("/call/start", Records.startReq(start)));
		String id = answer.path("id").stringValue();
		assertThat(StrictChecks.isUuidV7(id)).isTrue();
		assertThat(this.lenient.call(id).orElseThrow().traceId()).isEqualTo(answer.path("trace_id").stringValue());
	}

	@Test
	void weaveSourceAttributeIsRequiredInStrictMode() {
		ObjectNode start = validStart();
		((ObjectNode) start.get("attributes").get("weave")).remove("source");
		assertThat(errorTypes(this.strictHttp.post("/call/start", Records.startReq(start))))
			.containsExactly("body.start.attributes.weave.source:strict_weave_source");
		assertThat(this.lenientHttp.post("/call/start", Records.startReq(start)).statusCode()).isEqualTo(200);
	}

	@Test
	void projectIdMustBeEntitySlashProjectInStrictMode() {
		ObjectNode start = validStart().put("project_id", "just-a-project");
		assertThat(errorTypes(this.strictHttp.post("/call/start", Records.startReq(start))))
			.containsExactly("body.start.project_id:strict_project_id");
	}

	@Test
	void callsCompleteProjectMustMatchThePathInStrictMode() {
		ObjectNode complete = Records.complete(Records.id(), Records.id(), null, "my_op");
		String otherPath = "/v2/other-entity/other-project/calls/complete";
		assertThat(errorTypes(this.strictHttp.post(otherPath, Records.batch(complete))))
			.containsExactly("body.batch.0.project_id:strict_project_mismatch");
		assertThat(this.lenientHttp.post(otherPath, Records.batch(complete)).statusCode()).isEqualTo(200);
	}

	@Test
	void callsCompleteRecordRequiresEndFields() {
		ObjectNode complete = Records.complete(Records.id(), Records.id(), null, "my_op");
		complete.remove("summary");
		complete.remove("ended_at");
		assertThat(errorTypes(this.lenientHttp.post(Records.completePath(), Records.batch(complete))))
			.containsExactly("body.batch.0.ended_at:missing", "body.batch.0.summary:missing");
	}

	@Test
	void batchItemModeMustMatchItsRequestInStrictMode() {
		ObjectNode item = Records.endItem(Records.end(Records.id())).put("mode", "start");
		assertThat(errorTypes(this.strictHttp.post("/call/upsert_batch", Records.batch(item))))
			.containsExactly("body.batch.0.mode:strict_mode");
		assertThat(this.lenientHttp.post("/call/upsert_batch", Records.batch(item)).statusCode()).isEqualTo(200);
	}

	@Test
	void invalidEndInBatchReportsTheEndBranch() {
		ObjectNode end = Records.end(Records.id());
		end.remove("ended_at");
		assertThat(errorTypes(this.lenientHttp.post("/call/upsert_batch", Records.batch(Records.endItem(end)))))
			.containsExactly("body.batch.0.req.end.ended_at:missing");
	}

	@Test
	void malformedJsonIsRejected() {
		assertThat(errorTypes(this.lenientHttp.post("/call/start", "{\"start\": "))).containsExactly("body:json_invalid");
	}

	@Test
	void emptyBodyIsRejected() {
		assertThat(errorTypes(this.lenientHttp.post("/call/start", new byte[0]))).containsExactly("body:missing");
	}

	@Test
	void nonJsonContentTypeIsRejected() {
		HttpResponse<String> response = this.lenientHttp.post(this.lenientHttp.request("/call/end")
			.header("Authorization", this.lenientHttp.authorization())
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(Records.endReq(Records.end(Records.id())).toString())));
		assertThat(errorTypes(response)).containsExactly("body:model_attributes_type");
	}

	@Test
	void missingContentTypeIsAcceptedOnlyInLenientMode() {
		Consumer<TestHttp> check = (http) -> assertThat(http.post(http.request("/call/end")
			.header("Authorization", http.authorization())
			.POST(HttpRequest.BodyPublishers.ofString(Records.endReq(Records.end(Records.id())).toString())))
			.statusCode()).isEqualTo((http == this.strictHttp) ? 422 : 200);
		check.accept(this.strictHttp);
		check.accept(this.lenientHttp);
	}

	@Test
	void wellFormedRequestsPassStrictValidation() {
		String id = Records.id();
		String traceId = Records.id();
		String childId = Records.id();
		assertThat(this.strictHttp.post("/call/start", Records.startReq(Records.start(id, traceId, null, "parent")))
			.statusCode()).isEqualTo(200);
		assertThat(this.strictHttp
			.post("/call/upsert_batch", Records.batch(Records.startItem(Records.start(childId, traceId, id, "child")),
					Records.endItem(Records.end(childId))))
			.statusCode()).isEqualTo(200);
		assertThat(this.strictHttp.post("/call/end", Records.endReq(Records.end(id))).statusCode()).isEqualTo(200);
		assertThat(this.strictHttp
			.post(Records.completePath(), Records.batch(Records.complete(Records.id(), Records.id(), null, "other")))
			.statusCode()).isEqualTo(200);
		WeaveAssertions.assertThat(this.strict).allRequestsValid().hasCompleteCalls(3);
	}

	private static ObjectNode validStart() {
		return Records.start(Records.id(), Records.id(), null, "my_op");
	}

	private static List<String> errorTypes(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		return TestHttp.json(response)
			.path("detail")
			.valueStream()
			.map((error) -> String.join(".",
					error.path("loc").valueStream().map(JsonNode::asString).toList()) + ":"
					+ error.path("type").stringValue())
			.toList();
	}

}
