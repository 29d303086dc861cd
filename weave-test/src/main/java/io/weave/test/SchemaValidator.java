package io.weave.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * Validates JSON values against the schemas of {@code trace-server-schemas.json}, reporting
 * violations the way FastAPI/pydantic does.
 * <p>
 * Supports the subset of JSON Schema the file uses: {@code $ref} to
 * {@code #/components/schemas/X}, {@code type}, {@code required}, {@code properties},
 * {@code additionalProperties}, {@code items}, {@code anyOf}, {@code enum},
 * {@code format: date-time} and {@code propertyNames}; {@code default} only makes a property
 * optional. Without strict mode it is as lenient as pydantic's lax mode (integers from numeric
 * strings, ISO 8601 variants). In strict mode an object schema that does not declare
 * {@code additionalProperties} (the record schemas and batch wrappers) accepts no undeclared
 * key, declared keys of such schemas must not be {@code null}, and timestamps must be UTC with
 * milliseconds.
 */
final class SchemaValidator {

	static final String SCHEMA_RESOURCE = "trace-server-schemas.json";

	private static final String REF_PREFIX = "#/components/schemas/";

	private static final Pattern STRICT_TIMESTAMP = Pattern
		.compile("^(\\d{4}-\\d{2}-\\d{2})T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d\\.\\d{3}Z$");

	private static final Pattern LAX_TIMESTAMP = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})"
			+ "(?:[Tt ]([01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:[.,]\\d{1,9})?)?(?:[Zz]|[+-]\\d{2}(?::?\\d{2})?)?)?$");

	private static final Pattern UNIX_TIMESTAMP = Pattern.compile("^-?\\d+(?:\\.\\d+)?$");

	private static final Pattern LAX_INTEGER = Pattern.compile("^\\s*[+-]?\\d+\\s*$");

	private static final Set<String> LAX_BOOLEANS = Set.of("0", "off", "f", "false", "n", "no", "1", "on", "t",
			"true", "y", "yes");

	private final JsonNode schemas;

	private final boolean strict;

	SchemaValidator(JsonNode schemas, boolean strict) {
		this.schemas = schemas;
		this.strict = strict;
	}

	/**
	 * Load the schemas bundled with this module.
	 * @param mapper the mapper to read them with
	 * @param strict whether to validate in strict mode
	 * @return a validator
	 */
	static SchemaValidator bundled(JsonMapper mapper, boolean strict) {
		try (InputStream in = SchemaValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("Missing resource " + SCHEMA_RESOURCE);
			}
			return new SchemaValidator(mapper.readTree(in).path("components").path("schemas"), strict);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Validate a request body.
	 * @param schemaName the name of a schema under {@code components.schemas}
	 * @param body the parsed body
	 * @return the violations, empty if the body is valid
	 */
	List<ValidationError> validate(String schemaName, JsonNode body) {
		List<ValidationError> errors = new ArrayList<>();
		validate(named(schemaName), body, List.of("body"), errors);
		return errors;
	}

	private JsonNode named(String schemaName) {
		JsonNode schema = this.schemas.get(schemaName);
		if (schema == null) {
			throw new IllegalArgumentException("No schema named " + schemaName);
		}
		return schema;
	}

	private void validate(JsonNode schema, JsonNode value, List<Object> loc, List<ValidationError> errors) {
		String ref = text(schema, "$ref");
		if (ref != null) {
			validate(named(ref.substring(REF_PREFIX.length())), value, loc, errors);
			return;
		}
		if (schema.has("anyOf")) {
			validateAnyOf(schema.get("anyOf"), value, loc, errors);
			return;
		}
		String type = text(schema, "type");
		if (type == null) {
			return;
		}
		switch (type) {
			case "object" -> validateObject(schema, value, loc, errors);
			case "array" -> validateArray(schema, value, loc, errors);
			case "string" -> validateString(schema, value, loc, errors);
			case "integer" -> validateInteger(value, loc, errors);
			case "boolean" -> validateBoolean(value, loc, errors);
			case "null" -> {
				if (!value.isNull()) {
					errors.add(error(loc, "Input should be None", "none_required"));
				}
			}
			default -> throw new IllegalStateException("Unsupported schema type " + type);
		}
	}

	private void validateAnyOf(JsonNode branches, JsonNode value, List<Object> loc, List<ValidationError> errors) {
		List<JsonNode> nonNull = new ArrayList<>();
		boolean nullable = false;
		for (JsonNode branch : branches) {
			if ("null".equals(text(branch, "type"))) {
				nullable = true;
			}
			else {
				nonNull.add(branch);
			}
		}
		if (nullable && value.isNull()) {
			return;
		}
		if (nonNull.size() == 1) {
			validate(nonNull.get(0), value, loc, errors);
			return;
		}
		List<ValidationError> closest = null;
		for (JsonNode branch : nonNull) {
			List<ValidationError> branchErrors = new ArrayList<>();
			validate(branch, value, loc, branchErrors);
			if (branchErrors.isEmpty()) {
				return;
			}
			if (closest == null || branchErrors.size() < closest.size()) {
				closest = branchErrors;
			}
		}
		if (closest != null) {
			errors.addAll(closest);
		}
	}

	private void validateObject(JsonNode schema, JsonNode value, List<Object> loc, List<ValidationError> errors) {
		if (!value.isObject()) {
			String title = text(schema, "title");
			errors.add((title != null && schema.has("properties"))
					? error(loc, "Input should be a valid dictionary or instance of " + title, "model_type")
					: error(loc, "Input should be a valid dictionary", "dict_type"));
			return;
		}
		JsonNode properties = schema.path("properties");
		JsonNode additional = schema.get("additionalProperties");
		boolean closed = (additional != null && additional.isBoolean() && !additional.booleanValue())
				|| (this.strict && additional == null);
		boolean nullForbidden = this.strict && closed;
		Set<String> required = schema.has("required") ? schema.get("required")
			.valueStream()
			.map(JsonNode::stringValue)
			.collect(Collectors.toSet()) : Set.of();
		for (String name : properties.propertyNames()) {
			JsonNode propertyValue = value.get(name);
			List<Object> at = append(loc, name);
			if (propertyValue == null) {
				if (required.contains(name)) {
					errors.add(error(at, "Field required", "missing"));
				}
			}
			else if (nullForbidden && propertyValue.isNull()) {
				errors.add(error(at, "Strict mode: leave the key out instead of sending null", "strict_null"));
			}
			else {
				validate(properties.get(name), propertyValue, at, errors);
			}
		}
		JsonNode propertyNames = schema.get("propertyNames");
		for (String name : value.propertyNames()) {
			List<Object> at = append(loc, name);
			if (propertyNames != null) {
				validate(propertyNames, StringNode.valueOf(name), append(at, "[key]"), errors);
			}
			if (properties.has(name)) {
				continue;
			}
			if (closed) {
				errors.add(error(at, "Extra inputs are not permitted", "extra_forbidden"));
			}
			else if (additional != null && additional.isObject()) {
				validate(additional, value.get(name), at, errors);
			}
		}
	}

	private void validateArray(JsonNode schema, JsonNode value, List<Object> loc, List<ValidationError> errors) {
		if (!value.isArray()) {
			errors.add(error(loc, "Input should be a valid list", "list_type"));
			return;
		}
		JsonNode items = schema.get("items");
		if (items == null) {
			return;
		}
		for (int i = 0; i < value.size(); i++) {
			validate(items, value.get(i), append(loc, i), errors);
		}
	}

	private void validateString(JsonNode schema, JsonNode value, List<Object> loc, List<ValidationError> errors) {
		if (!value.isString()) {
			errors.add(error(loc, "Input should be a valid string", "string_type"));
			return;
		}
		String string = value.stringValue();
		JsonNode allowed = schema.get("enum");
		if (allowed != null && allowed.valueStream().noneMatch((option) -> option.stringValue().equals(string))) {
			errors.add(error(loc, "Input should be " + describe(allowed), "enum"));
		}
		if ("date-time".equals(text(schema, "format"))) {
			validateTimestamp(string, loc, errors);
		}
	}

	private void validateTimestamp(String value, List<Object> loc, List<ValidationError> errors) {
		if (this.strict) {
			Matcher matcher = STRICT_TIMESTAMP.matcher(value);
			if (!matcher.matches() || !isDate(matcher.group(1))) {
				errors.add(error(loc, "Strict mode: expected an ISO-8601 UTC timestamp with milliseconds, e.g. "
						+ "2026-11-23T10:15:30.123Z", "strict_datetime_format"));
			}
			return;
		}
		Matcher matcher = LAX_TIMESTAMP.matcher(value);
		boolean valid = (matcher.matches() && isDate(matcher.group(1))) || UNIX_TIMESTAMP.matcher(value).matches();
		if (!valid) {
			errors.add(error(loc, "Input should be a valid datetime", "datetime_parsing"));
		}
	}

	private boolean isDate(String date) {
		try {
			LocalDate.parse(date);
			return true;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	private void validateInteger(JsonNode value, List<Object> loc, List<ValidationError> errors) {
		if (value.isIntegralNumber()) {
			return;
		}
		if (!this.strict) {
			if (value.isFloatingPointNumber() && value.doubleValue() == Math.rint(value.doubleValue())) {
				return;
			}
			if (value.isString() && LAX_INTEGER.matcher(value.stringValue()).matches()) {
				return;
			}
		}
		errors.add(value.isFloatingPointNumber()
				? error(loc, "Input should be a valid integer, got a number with a fractional part", "int_from_float")
				: error(loc, "Input should be a valid integer", "int_type"));
	}

	private void validateBoolean(JsonNode value, List<Object> loc, List<ValidationError> errors) {
		if (value.isBoolean()) {
			return;
		}
		if (!this.strict) {
			if (value.isIntegralNumber() && (value.longValue() == 0 || value.longValue() == 1)) {
				return;
			}
			if (value.isString() && LAX_BOOLEANS.contains(value.stringValue().toLowerCase(Locale.ROOT))) {
				return;
			}
		}
		errors.add(error(loc, "Input should be a valid boolean", "bool_type"));
	}

	private static String describe(JsonNode options) {
		List<String> quoted = options.valueStream().map((option) -> "'" + option.stringValue() + "'").toList();
		if (quoted.size() == 1) {
			return quoted.get(0);
		}
		return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	static List<Object> append(List<Object> loc, Object element) {
		List<Object> result = new ArrayList<>(loc.size() + 1);
		result.addAll(loc);
		result.add(element);
		return result;
	}

	static ValidationError error(List<Object> loc, String msg, String type) {
		return new ValidationError(loc, msg, type);
	}

}
