package io.weave.client;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.weave.client.internal.CallRecords;
import io.weave.client.internal.ClientInfo;
import io.weave.client.internal.json.ValueSerializer;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** The call records streamed to bytes, compared with the trees they stand for. */
class CallRecordsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final long STARTED = Instant.parse("2026-11-23T10:15:30.123Z").toEpochMilli();

	private final CallRecords records = new CallRecords(ProjectId.parse("my-team/support-bot"));

	private final ValueSerializer serializer = new ValueSerializer();

	@Test
	void startOfARootCallHasEveryRequiredKeyAndNoParent() {
		Call call = new Call(null, "019a5a5e-7f3c-7b8e-9c1d-2e3f4a5b6c7d", "019a5a5e-7f3c-7b8e-9c1d-2e3f4a5b6c7e", null,
				"weave:///my-team/support-bot/op/answer:abc", STARTED);
		ObjectNode inputs = this.serializer.inputs(Map.of("question", "Où est ma commande ? \"vite\"\n"));
		WireRequest request = this.records.start(call, null, inputs);
		assertThat(request.type()).isEqualTo(RequestType.CALL_START);
		assertThat(request.key()).isEqualTo(call.id());
		ObjectNode expected = NODES.objectNode();
		ObjectNode start = expected.putObject("start");
		start.put("project_id", "my-team/support-bot");
		start.put("id", call.id());
		start.put("op_name", call.opName());
		start.put("trace_id", call.traceId());
		start.put("started_at", "2026-11-23T10:15:30.123Z");
		start.set("attributes", ClientInfo.attributes());
		start.set("inputs", inputs);
		assertThat(parse(request)).isEqualTo(expected);
		assertThat(request.bodyAsString()).startsWith("{\"start\":{\"project_id\":\"my-team/support-bot\",\"id\":");
	}

	@Test
	void startOfAChildCarriesItsParentAndDisplayName() {
		Call call = new Call(null, "id-1", "trace-1", "parent-1", "weave:///my-team/support-bot/op/answer:abc", STARTED);
		JsonNode start = parse(this.records.start(call, "Réponse \u2603", NODES.objectNode())).get("start");
		assertThat(start.get("parent_id").asString()).isEqualTo("parent-1");
		assertThat(start.get("display_name").asString()).isEqualTo("Réponse \u2603");
		assertThat(start.get("inputs").isEmpty()).isTrue();
	}

	@Test
	void endCarriesTheOutputOrTheExceptionAndAnEmptySummary() {
		Call call = new Call(null, "id-1", "trace-1", null, "op", STARTED);
		JsonNode withOutput = parse(this.records.end(call, this.serializer.value(Map.of("answer", 42)), null, STARTED + 5))
			.get("end");
		assertThat(withOutput.get("project_id").asString()).isEqualTo("my-team/support-bot");
		assertThat(withOutput.get("id").asString()).isEqualTo("id-1");
		assertThat(withOutput.get("ended_at").asString()).isEqualTo("2026-11-23T10:15:30.128Z");
		assertThat(withOutput.get("output").get("answer").asInt()).isEqualTo(42);
		assertThat(withOutput.get("summary").isEmpty()).isTrue();
		assertThat(withOutput.has("exception")).isFalse();
		JsonNode failed = parse(this.records.end(call, null, new IllegalStateException("boom"), STARTED)).get("end");
		assertThat(failed.has("output")).isFalse();
		assertThat(JSON.readTree(failed.get("exception").asString()).get("type").asString())
			.isEqualTo(IllegalStateException.class.getName());
	}

	@Test
	void endRedactsCredentialsInTheExceptionMessage() {
		Call call = new Call(null, "id-1", "trace-1", null, "op", STARTED);
		JsonNode failed = parse(this.records.end(call, null,
				new IllegalStateException("connect failed: user=bob password=hunter2 apiKey: sk-123"), STARTED))
			.get("end");
		assertThat(JSON.readTree(failed.get("exception").asString()).get("message").asString())
			.isEqualTo("connect failed: user=bob password=REDACTED apiKey: REDACTED");
	}

	@Test
	void endWithoutOutputLeavesTheKeyOut() {
		Call call = new Call(null, "id-1", "trace-1", null, "op", STARTED);
		assertThat(parse(this.records.end(call, null, null, STARTED)).get("end").has("output")).isFalse();
		assertThat(parse(this.records.end(call, this.serializer.value(null), null, STARTED)).get("end").has("output"))
			.isFalse();
	}

	@Test
	void timestampsBeforeTheEpochStillHaveMilliseconds() {
		Call call = new Call(null, "id-1", "trace-1", null, "op", -1);
		assertThat(parse(this.records.start(call, null, NODES.objectNode())).get("start").get("started_at").asString())
			.isEqualTo("1969-12-31T23:59:59.999Z");
	}

	private static JsonNode parse(WireRequest request) {
		return JSON.readTree(request.body());
	}

}
