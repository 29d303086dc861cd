package io.weave.test;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Processes valid requests: stores what they carry and builds the answers the trace server
 * gives.
 */
final class TraceApi {

	static final String TRACE_SERVER_VERSION = "weave-test";

	static final String MIN_REQUIRED_WEAVE_PYTHON_VERSION = "0.50.0";

	private final JsonMapper mapper;

	private final TraceStore store;

	TraceApi(JsonMapper mapper, TraceStore store) {
		this.mapper = mapper;
		this.store = store;
	}

	/**
	 * Process a request that passed validation.
	 * @param endpoint the endpoint
	 * @param json the JSON body, or {@code null}
	 * @param form the multipart body, or {@code null}
	 * @return the answer's JSON body
	 */
	JsonNode process(Endpoint endpoint, JsonNode json, MultipartForm form) {
		return switch (endpoint) {
			case HEALTH -> this.mapper.createObjectNode();
			case SERVER_INFO -> this.mapper.createObjectNode()
				.put("min_required_weave_python_version", MIN_REQUIRED_WEAVE_PYTHON_VERSION)
				.put("trace_server_version", TRACE_SERVER_VERSION);
			case CALL_START -> start((ObjectNode) json.get("start"));
			case CALL_END -> end(json.get("end"));
			case CALL_UPSERT_BATCH -> upsertBatch(json.get("batch"));
			case CALLS_COMPLETE -> completeBatch(json.get("batch"));
			case OBJ_CREATE -> createObject(json.get("obj"));
			case TABLE_CREATE -> createTable(json.get("table"));
			case FILE_CREATE -> createFile(form);
		};
	}

	private ObjectNode start(ObjectNode start) {
		String id = generateIfAbsent(start, "id");
		String traceId = generateIfAbsent(start, "trace_id");
		this.store.putCall(id, start, null, false);
		return this.mapper.createObjectNode().put("id", id).put("trace_id", traceId);
	}

	private ObjectNode end(JsonNode end) {
		this.store.putCall(end.get("id").stringValue(), null, end, false);
		return this.mapper.createObjectNode();
	}

	private ObjectNode completeBatch(JsonNode batch) {
		for (JsonNode call : batch) {
			this.store.putCall(call.get("id").stringValue(), call, call, true);
		}
		return this.mapper.createObjectNode();
	}

	private ObjectNode upsertBatch(JsonNode batch) {
		ObjectNode answer = this.mapper.createObjectNode();
		ArrayNode results = answer.putArray("res");
		for (JsonNode item : batch) {
			JsonNode req = item.get("req");
			results.add(req.has("start") ? start((ObjectNode) req.get("start")) : end(req.get("end")));
		}
		return answer;
	}

	private ObjectNode createObject(JsonNode obj) {
		String objectId = obj.get("object_id").stringValue();
		String digest = WeaveDigests.objectDigest(obj.get("val"));
		this.store.addObject(new ReceivedObject(obj.get("project_id").stringValue(), objectId, obj.get("val"), digest,
				text(obj, "expected_digest")));
		return this.mapper.createObjectNode().put("digest", digest).put("object_id", objectId);
	}

	private ObjectNode createTable(JsonNode table) {
		List<JsonNode> rows = new ArrayList<>();
		table.get("rows").forEach(rows::add);
		List<String> rowDigests = WeaveDigests.rowDigests(rows);
		String digest = WeaveDigests.tableDigest(rows);
		this.store.addTable(new ReceivedTable(table.get("project_id").stringValue(), rows, digest, rowDigests,
				text(table, "expected_digest")));
		ObjectNode answer = this.mapper.createObjectNode().put("digest", digest);
		rowDigests.forEach(answer.putArray("row_digests")::add);
		return answer;
	}

	private ObjectNode createFile(MultipartForm form) {
		MultipartForm.Part file = form.part("file");
		String digest = WeaveDigests.bytesDigest(file.content());
		MultipartForm.Part expected = form.part("expected_digest");
		this.store.addFile(new ReceivedFile(form.part("project_id").text(), file.filename(), file.content(), digest,
				(expected != null) ? expected.text() : null));
		return this.mapper.createObjectNode().put("digest", digest);
	}

	/**
	 * Return a call's id, generating one as the trace server does when the client sent none.
	 */
	private static String generateIfAbsent(ObjectNode record, String field) {
		String value = text(record, field);
		if (value == null) {
			value = UuidV7.generate();
			record.put(field, value);
		}
		return value;
	}

	private static String text(JsonNode record, String field) {
		JsonNode value = record.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

}
