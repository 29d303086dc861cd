package io.weave.client.internal.sender;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

/** Realistic request bodies for sender tests. */
final class TestRequests {

	static final String PROJECT = "my-entity/my-project";

	private TestRequests() {
	}

	static WireRequest start(String id) {
		return start(id, "");
	}

	/** A call start whose inputs carry {@code padding}, to make it as large as a test needs. */
	static WireRequest start(String id, String padding) {
		return request(RequestType.CALL_START, id, "{\"start\":{\"project_id\":\"" + PROJECT + "\",\"id\":\"" + id
				+ "\",\"trace_id\":\"trace-" + id + "\",\"op_name\":\"weave:///" + PROJECT
				+ "/op/answer:abc\",\"started_at\":\"2026-01-01T00:00:00.000Z\","
				+ "\"attributes\":{\"weave\":{\"source\":\"java-sdk\"}},\"inputs\":{\"question\":\"" + padding
				+ "\"}}}");
	}

	static WireRequest end(String id) {
		return request(RequestType.CALL_END, id, "{\"end\":{\"project_id\":\"" + PROJECT + "\",\"id\":\"" + id
				+ "\",\"ended_at\":\"2026-01-01T00:00:01.000Z\",\"output\":\"done\",\"summary\":{}}}");
	}

	static WireRequest object(String name) {
		return request(RequestType.OBJ_CREATE, name, "{\"obj\":{\"project_id\":\"" + PROJECT
				+ "\",\"object_id\":\"" + name + "\",\"val\":{\"_type\":\"CustomWeaveType\"}}}");
	}

	static WireRequest file(String name, String content) {
		return request(RequestType.FILE_CREATE, name, "{\"project_id\":\"" + PROJECT + "\",\"name\":\"" + name
				+ "\",\"content\":\""
				+ Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "\"}");
	}

	static WireRequest request(RequestType type, String key, String body) {
		return new WireRequest(type, key, body.getBytes(StandardCharsets.UTF_8));
	}

}
