package io.weave.client.internal;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.weave.client.Call;
import io.weave.client.ProjectId;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.Timestamps;
import io.weave.client.internal.wire.WireRequest;

/**
 * Builds the call start and end requests from already serialized and capped inputs and
 * outputs. Only keys the trace server declares are written, and keys without a value are
 * left out rather than sent as {@code null}.
 */
public final class CallRecords {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final String projectId;

	private final ObjectNode attributes = ClientInfo.attributes();

	private final JsonMapper mapper = JsonMapper.shared();

	public CallRecords(ProjectId project) {
		this.projectId = project.toString();
	}

	public WireRequest start(Call call, String displayName, ObjectNode inputs) {
		ObjectNode start = nodes.objectNode();
		start.put("project_id", this.projectId);
		start.put("id", call.id());
		start.put("op_name", call.opName());
		putIfPresent(start, "display_name", displayName);
		start.put("trace_id", call.traceId());
		putIfPresent(start, "parent_id", call.parentId());
		start.put("started_at", Timestamps.format(call.startedAt()));
		start.set("attributes", this.attributes);
		start.set("inputs", inputs);
		return request(RequestType.CALL_START, call.id(), "start", start);
	}

	public WireRequest end(Call call, JsonNode output, Throwable exception, Instant endedAt) {
		ObjectNode end = nodes.objectNode();
		end.put("project_id", this.projectId);
		end.put("id", call.id());
		end.put("ended_at", Timestamps.format(endedAt));
		if (exception != null) {
			end.put("exception", ExceptionInfo.toJson(exception));
		}
		else if (output != null && !output.isNull()) {
			end.set("output", output);
		}
		end.set("summary", nodes.objectNode());
		return request(RequestType.CALL_END, call.id(), "end", end);
	}

	private WireRequest request(RequestType type, String key, String wrapper, ObjectNode record) {
		ObjectNode body = nodes.objectNode();
		body.set(wrapper, record);
		return new WireRequest(type, key, this.mapper.writeValueAsBytes(body));
	}

	private static void putIfPresent(ObjectNode node, String key, String value) {
		if (value != null) {
			node.put(key, value);
		}
	}

}
