package io.weave.client.internal.sender;

import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A call's start and end merged into one {@code CompletedCallSchemaForInsert} record for
 * {@code POST /v2/{entity}/{project}/calls/complete}.
 *
 * @param projectId the call's {@code "<entity>/<project>"}
 * @param json the serialized record
 */
record CompletedCall(String projectId, byte[] json) {

	/** Numbers are kept as written: no float rounding, no trailing zeros stripped. */
	private static final JsonMapper mapper = JsonMapper.builder()
		.enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	private static final List<String> START_FIELDS_BEFORE_END = List.of("project_id", "id", "trace_id", "op_name",
			"started_at");

	private static final List<String> REQUIRED = List.of("project_id", "id", "trace_id", "op_name", "started_at",
			"ended_at");

	/**
	 * Merges a {@code {"start":{…}}} and an {@code {"end":{…}}} body, keeping only the keys the
	 * record declares and leaving out those without a value.
	 * @param startBody the call start request body
	 * @param endBody the call end request body
	 * @return the merged record
	 * @throws IllegalArgumentException if the bodies are malformed or lack a required key
	 */
	static CompletedCall merge(byte[] startBody, byte[] endBody) {
		JsonNode start = record(startBody, "start");
		JsonNode end = record(endBody, "end");
		ObjectNode call = mapper.createObjectNode();
		for (String field : START_FIELDS_BEFORE_END) {
			copy(call, field, start, end);
		}
		copy(call, "ended_at", end);
		for (String field : List.of("display_name", "parent_id", "thread_id", "turn_id")) {
			copy(call, field, start, end);
		}
		setOrEmpty(call, "attributes", start.get("attributes"));
		setOrEmpty(call, "inputs", start.get("inputs"));
		copy(call, "output", end);
		setOrEmpty(call, "summary", end.get("summary"));
		copy(call, "exception", end);
		copy(call, "wb_run_id", start);
		copy(call, "wb_run_step", start);
		copy(call, "wb_run_step_end", end);
		for (String field : REQUIRED) {
			if (!call.has(field)) {
				throw new IllegalArgumentException("call has no '" + field + "'");
			}
		}
		if (!call.get("project_id").isString()) {
			throw new IllegalArgumentException("call's project_id is not a string");
		}
		return new CompletedCall(call.get("project_id").stringValue(), mapper.writeValueAsBytes(call));
	}

	private static JsonNode record(byte[] body, String wrapper) {
		try {
			JsonNode record = mapper.readTree(body).path(wrapper);
			if (!record.isObject()) {
				throw new IllegalArgumentException("call " + wrapper + " body has no '" + wrapper + "' object");
			}
			return record;
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("call " + wrapper + " body is not valid JSON: "
					+ ex.getOriginalMessage());
		}
	}

	/** Copies the first present, non-null value of {@code field} among the sources. */
	private static void copy(ObjectNode call, String field, JsonNode... sources) {
		for (JsonNode source : sources) {
			JsonNode value = source.get(field);
			if (value != null && !value.isNull()) {
				call.set(field, value);
				return;
			}
		}
	}

	private static void setOrEmpty(ObjectNode call, String field, JsonNode value) {
		call.set(field, (value != null && !value.isNull()) ? value : mapper.createObjectNode());
	}

	int size() {
		return this.json.length;
	}

}
