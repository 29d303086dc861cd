package io.weave.client.internal.sender;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CompletedCallTests {

	@Test
	void mergesDeclaredKeysInSchemaOrderAndLeavesOutNulls() {
		CompletedCall call = CompletedCall.merge(bytes("""
				{"start":{"project_id":"e/p","id":"c1","trace_id":"t1","op_name":"weave:///e/p/op/f:d",
				"started_at":"2026-01-01T00:00:00.000Z","display_name":"F","parent_id":null,"thread_id":"th",
				"turn_id":"tu","attributes":{"weave":{"source":"java-sdk"}},"inputs":{"q":"?"},
				"wb_run_id":"run","wb_run_step":3,"wb_user_id":"someone"}}"""), bytes("""
				{"end":{"project_id":"e/p","id":"c1","ended_at":"2026-01-01T00:00:01.000Z","output":{"a":[1,2]},
				"summary":{"weave":{"status":"error"}},"exception":"boom","wb_run_step_end":4}}"""));
		assertThat(call.projectId()).isEqualTo("e/p");
		assertThat(fieldNames(call)).containsExactly("project_id", "id", "trace_id", "op_name", "started_at",
				"ended_at", "display_name", "thread_id", "turn_id", "attributes", "inputs", "output", "summary",
				"exception", "wb_run_id", "wb_run_step", "wb_run_step_end");
		JsonNode json = json(call);
		assertThat(json.path("output").toString()).isEqualTo("{\"a\":[1,2]}");
		assertThat(json.path("wb_run_step_end").asInt()).isEqualTo(4);
	}

	@Test
	void minimalCallHasTheRequiredKeysOnly() {
		CompletedCall call = CompletedCall.merge(bytes("""
				{"start":{"project_id":"e/p","id":"c1","trace_id":"t1","op_name":"op",
				"started_at":"2026-01-01T00:00:00.000Z","attributes":{},"inputs":{}}}"""),
				bytes("{\"end\":{\"project_id\":\"e/p\",\"id\":\"c1\",\"ended_at\":\"2026-01-01T00:00:01.000Z\","
						+ "\"output\":null,\"summary\":{}}}"));
		assertThat(fieldNames(call)).containsExactly("project_id", "id", "trace_id", "op_name", "started_at",
				"ended_at", "attributes", "inputs", "summary");
	}

	@Test
	void keepsNumbersAsWritten() {
		CompletedCall call = CompletedCall.merge(bytes("""
				{"start":{"project_id":"e/p","id":"c1","trace_id":"t1","op_name":"op",
				"started_at":"2026-01-01T00:00:00.000Z","attributes":{},
				"inputs":{"price":1.10,"ratio":1.0,"big":123456789012345678901234567890,"tiny":1e-7}}}"""),
				bytes("{\"end\":{\"project_id\":\"e/p\",\"id\":\"c1\",\"ended_at\":\"x\",\"summary\":{}}}"));
		String text = new String(call.json(), StandardCharsets.UTF_8);
		assertThat(text).contains("\"price\":1.10", "\"ratio\":1.0", "\"big\":123456789012345678901234567890");
		assertThat(json(call).path("inputs").path("tiny").decimalValue()).isEqualByComparingTo("1e-7");
	}

	@Test
	void takesIdsFromTheEndWhenTheStartLacksThem() {
		CompletedCall call = CompletedCall.merge(bytes("""
				{"start":{"project_id":"e/p","op_name":"op","started_at":"s","attributes":{},"inputs":{}}}"""),
				bytes("{\"end\":{\"project_id\":\"e/p\",\"id\":\"c1\",\"trace_id\":\"t1\",\"ended_at\":\"x\","
						+ "\"summary\":{}}}"));
		assertThat(json(call).path("id").stringValue()).isEqualTo("c1");
		assertThat(json(call).path("trace_id").stringValue()).isEqualTo("t1");
	}

	@Test
	void rejectsCallsWithoutRequiredKeys() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CompletedCall.merge(bytes("{\"start\":{\"project_id\":\"e/p\",\"id\":\"c1\"}}"),
					bytes("{\"end\":{\"id\":\"c1\",\"ended_at\":\"x\"}}")))
			.withMessageContaining("trace_id");
	}

	@Test
	void rejectsMalformedBodies() {
		assertThatIllegalArgumentException().isThrownBy(() -> CompletedCall.merge(bytes("{\"start\":"),
				bytes("{\"end\":{}}")))
			.withMessageContaining("not valid JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> CompletedCall.merge(bytes("{\"end\":{}}"),
				bytes("{\"end\":{}}")))
			.withMessageContaining("no 'start' object");
	}

	private static List<String> fieldNames(CompletedCall call) {
		return json(call).properties().stream().map((entry) -> entry.getKey()).toList();
	}

	private static JsonNode json(CompletedCall call) {
		return JsonMapper.shared().readTree(call.json());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
