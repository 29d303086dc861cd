package io.weave.test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The checks strict mode adds to schema validation: what a well-behaved client sends although
 * the schema does not demand it. Runs on bodies of any shape; values of the wrong type are left
 * to schema validation.
 */
final class StrictChecks {

	private static final Pattern UUID_V7 = Pattern
		.compile("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

	private static final Pattern PROJECT_ID = Pattern.compile("^[^/\\s]+/[^/\\s]+$");

	/**
	 * Check a parsed JSON request body.
	 * @param match the endpoint the body was sent to
	 * @param body the body
	 * @return the violations, empty if there are none
	 */
	List<ValidationError> check(Endpoint.Match match, JsonNode body) {
		List<ValidationError> errors = new ArrayList<>();
		List<Object> loc = List.of("body");
		switch (match.endpoint()) {
			case CALL_START -> checkStart(body.path("start"), SchemaValidator.append(loc, "start"), errors);
			case CALL_END -> checkEnd(body.path("end"), SchemaValidator.append(loc, "end"), errors);
			case CALL_UPSERT_BATCH -> checkBatch(body.path("batch"), SchemaValidator.append(loc, "batch"), errors);
			case CALLS_COMPLETE -> checkCompleteBatch(body.path("batch"), SchemaValidator.append(loc, "batch"),
					match.pathProjectId(), errors);
			case OBJ_CREATE -> checkProjectId(body.path("obj"), SchemaValidator.append(loc, "obj"), errors);
			case TABLE_CREATE -> checkProjectId(body.path("table"), SchemaValidator.append(loc, "table"), errors);
			default -> {
			}
		}
		return errors;
	}

	private void checkBatch(JsonNode batch, List<Object> loc, List<ValidationError> errors) {
		for (int i = 0; i < batch.size(); i++) {
			JsonNode item = batch.get(i);
			List<Object> at = SchemaValidator.append(loc, i);
			JsonNode req = item.path("req");
			String part = req.has("start") ? "start" : (req.has("end") ? "end" : null);
			if (part == null) {
				continue;
			}
			JsonNode mode = item.get("mode");
			if (mode != null && mode.isString() && !mode.stringValue().equals(part)) {
				errors.add(SchemaValidator.error(SchemaValidator.append(at, "mode"),
						"Strict mode: mode must be '" + part + "' for a req holding '" + part + "'", "strict_mode"));
			}
			List<Object> partLoc = SchemaValidator.append(SchemaValidator.append(at, "req"), part);
			if (part.equals("start")) {
				checkStart(req.get("start"), partLoc, errors);
			}
			else {
				checkEnd(req.get("end"), partLoc, errors);
			}
		}
	}

	private void checkCompleteBatch(JsonNode batch, List<Object> loc, String pathProjectId,
			List<ValidationError> errors) {
		for (int i = 0; i < batch.size(); i++) {
			JsonNode call = batch.get(i);
			List<Object> at = SchemaValidator.append(loc, i);
			checkStart(call, at, errors);
			checkTimestampsOrdered(call, at, errors);
			JsonNode projectId = call.get("project_id");
			if (projectId != null && projectId.isString() && !projectId.stringValue().equals(pathProjectId)) {
				errors.add(SchemaValidator.error(SchemaValidator.append(at, "project_id"),
						"Strict mode: project_id must equal the project of the path (" + pathProjectId + ")",
						"strict_project_mismatch"));
			}
		}
	}

	private void checkStart(JsonNode start, List<Object> loc, List<ValidationError> errors) {
		if (start == null || !start.isObject()) {
			return;
		}
		checkProjectId(start, loc, errors);
		checkUuidV7(start, "id", true, loc, errors);
		checkUuidV7(start, "trace_id", true, loc, errors);
		checkUuidV7(start, "parent_id", false, loc, errors);
		JsonNode attributes = start.get("attributes");
		if (attributes != null && attributes.isObject()) {
			JsonNode source = attributes.path("weave").path("source");
			if (!source.isString() || source.stringValue().isBlank()) {
				List<Object> at = SchemaValidator.append(SchemaValidator.append(loc, "attributes"), "weave");
				errors.add(SchemaValidator.error(SchemaValidator.append(at, "source"),
						"Strict mode: attributes.weave.source must name the client, e.g. java-sdk",
						"strict_weave_source"));
			}
		}
	}

	private void checkEnd(JsonNode end, List<Object> loc, List<ValidationError> errors) {
		if (end == null || !end.isObject()) {
			return;
		}
		checkProjectId(end, loc, errors);
		checkUuidV7(end, "id", false, loc, errors);
		checkUuidV7(end, "trace_id", false, loc, errors);
	}

	private void checkTimestampsOrdered(JsonNode call, List<Object> loc, List<ValidationError> errors) {
		JsonNode startedAt = call.get("started_at");
		JsonNode endedAt = call.get("ended_at");
		if (startedAt != null && endedAt != null && startedAt.isString() && endedAt.isString()
				&& startedAt.stringValue().length() == endedAt.stringValue().length()
				&& startedAt.stringValue().compareTo(endedAt.stringValue()) > 0) {
			errors.add(SchemaValidator.error(SchemaValidator.append(loc, "ended_at"),
					"Strict mode: ended_at is before started_at", "strict_time_order"));
		}
	}

	private void checkProjectId(JsonNode record, List<Object> loc, List<ValidationError> errors) {
		JsonNode projectId = record.get("project_id");
		if (projectId != null && projectId.isString() && !PROJECT_ID.matcher(projectId.stringValue()).matches()) {
			errors.add(SchemaValidator.error(SchemaValidator.append(loc, "project_id"),
					"Strict mode: project_id must be \"<entity>/<project>\"", "strict_project_id"));
		}
	}

	private void checkUuidV7(JsonNode record, String field, boolean required, List<Object> loc,
			List<ValidationError> errors) {
		JsonNode value = record.get(field);
		List<Object> at = SchemaValidator.append(loc, field);
		if (value == null) {
			if (required) {
				errors.add(SchemaValidator.error(at, "Strict mode: the client must generate " + field
						+ " itself (a UUID version 7 string)", "strict_missing"));
			}
			return;
		}
		if (value.isString() && !isUuidV7(value.stringValue())) {
			errors.add(SchemaValidator.error(at, "Strict mode: expected a lower-case UUID version 7 string",
					"strict_uuid_v7"));
		}
	}

	static boolean isUuidV7(String value) {
		return UUID_V7.matcher(value).matches();
	}

}
