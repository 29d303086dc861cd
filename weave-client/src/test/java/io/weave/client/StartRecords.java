package io.weave.client;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.weave.test.FakeWeaveServer;
import io.weave.test.RecordedRequest;

/**
 * The start of a call as it went over the wire: the call start, or the complete record, whose
 * {@code id} is the call's, read from the requests the fake server recorded in either mode.
 */
final class StartRecords {

	private StartRecords() {
	}

	/** The record with {@code id} and an {@code op_name}, or a missing node. */
	static JsonNode of(FakeWeaveServer server, String id) {
		for (RecordedRequest request : server.requests()) {
			if (request.path().contains("call")) {
				JsonNode found = find(JsonMapper.shared().readTree(request.bodyAsString()), id);
				if (found != null) {
					return found;
				}
			}
		}
		return JsonMapper.shared().missingNode();
	}

	/** The call's {@code thread_id}, or {@code null}. */
	static String threadId(FakeWeaveServer server, String id) {
		return text(of(server, id), "thread_id");
	}

	/** The call's {@code turn_id}, or {@code null}. */
	static String turnId(FakeWeaveServer server, String id) {
		return text(of(server, id), "turn_id");
	}

	private static String text(JsonNode record, String field) {
		JsonNode value = record.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static JsonNode find(JsonNode node, String id) {
		if (node.isObject() && node.has("op_name") && node.path("id").asString("").equals(id)) {
			return node;
		}
		for (JsonNode child : node) {
			if (child.isObject() || child.isArray()) {
				JsonNode found = find(child, id);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

}
