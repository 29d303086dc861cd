package io.weave.test;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the request bodies a well-behaved client sends.
 */
final class Records {

	static final String PROJECT = "my-entity/my-project";

	static final String STARTED_AT = "2026-11-23T10:15:30.123Z";

	static final String ENDED_AT = "2026-11-23T10:15:31.456Z";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private Records() {
	}

	static String id() {
		return UuidV7.generate();
	}

	static String opRef(String name) {
		return "weave:///" + PROJECT + "/op/" + name + ":abc123";
	}

	static ObjectNode start(String id, String traceId, String parentId, String opName) {
		ObjectNode start = NODES.objectNode()
			.put("project_id", PROJECT)
			.put("id", id)
			.put("op_name", opRef(opName))
			.put("trace_id", traceId)
			.put("started_at", STARTED_AT);
		if (parentId != null) {
			start.put("parent_id", parentId);
		}
		start.putObject("attributes").putObject("weave").put("source", "java-sdk").put("client_version", "0.1.0");
		start.putObject("inputs").put("question", "What is Weave?");
		return start;
	}

	static ObjectNode end(String id) {
		ObjectNode end = NODES.objectNode().put("project_id", PROJECT).put("id", id).put("ended_at", ENDED_AT);
		end.put("output", "A tracing tool");
		end.putObject("summary");
		return end;
	}

	static ObjectNode complete(String id, String traceId, String parentId, String opName) {
		ObjectNode complete = start(id, traceId, parentId, opName);
		complete.put("ended_at", ENDED_AT).put("output", "done");
		complete.putObject("summary");
		return complete;
	}

	static ObjectNode startReq(ObjectNode start) {
		return wrap("start", start);
	}

	static ObjectNode endReq(ObjectNode end) {
		return wrap("end", end);
	}

	static ObjectNode batch(ObjectNode... items) {
		ObjectNode batch = NODES.objectNode();
		ArrayNode array = batch.putArray("batch");
		for (ObjectNode item : items) {
			array.add(item);
		}
		return batch;
	}

	static ObjectNode startItem(ObjectNode start) {
		return NODES.objectNode().put("mode", "start").set("req", startReq(start));
	}

	static ObjectNode endItem(ObjectNode end) {
		return NODES.objectNode().put("mode", "end").set("req", endReq(end));
	}

	static String completePath() {
		return "/v2/" + PROJECT + "/calls/complete";
	}

	private static ObjectNode wrap(String name, ObjectNode record) {
		return NODES.objectNode().set(name, record);
	}

}
