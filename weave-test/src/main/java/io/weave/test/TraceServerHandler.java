package io.weave.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers every HTTP request: reads and validates the body, applies faults, checks
 * authentication, lets {@link TraceApi} process valid requests and records each request.
 */
final class TraceServerHandler implements HttpHandler {

	static final String CALLS_COMPLETE_MODE_REQUIRED = "CALLS_COMPLETE_MODE_REQUIRED";

	private final JsonMapper mapper;

	private final byte[] expectedCredentials;

	private final SchemaValidator validator;

	private final StrictChecks strictChecks;

	private final TraceApi api;

	private final TraceStore store;

	private final Faults faults;

	private final BooleanSupplier callsCompleteModeRequired;

	private final Consumer<RecordedRequest> listener;

	TraceServerHandler(JsonMapper mapper, String apiKey, boolean strict, TraceStore store, Faults faults,
			BooleanSupplier callsCompleteModeRequired, Consumer<RecordedRequest> listener) {
		this.mapper = mapper;
		this.expectedCredentials = ("api:" + apiKey).getBytes(StandardCharsets.UTF_8);
		this.validator = SchemaValidator.bundled(mapper, strict);
		this.strictChecks = strict ? new StrictChecks() : null;
		this.api = new TraceApi(mapper, store);
		this.store = store;
		this.faults = faults;
		this.callsCompleteModeRequired = callsCompleteModeRequired;
		this.listener = listener;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		Instant receivedAt = Instant.now();
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getRawPath();
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		Endpoint.Match match = Endpoint.match(path);
		Body parsed = parseSafely(match, method, exchange.getRequestHeaders().getFirst("Content-Type"), body);
		delay(this.faults.latency(path));
		boolean post = "POST".equals(method);
		Faults.Fault fault = post ? this.faults.before(path, body) : null;
		Answer answer = (fault != null) ? Answer.of(fault) : answer(exchange, method, match, parsed);
		if (fault == null && post && answer.status() == 200) {
			fault = this.faults.after(path);
			answer = (fault != null) ? Answer.of(fault) : answer;
		}
		record(new RecordedRequest(method, path, answer.status(), body, headers(exchange), parsed.errors(),
				answer.fault(), receivedAt));
		if (answer.status() == RecordedRequest.NO_RESPONSE) {
			// Closing before the response headers are sent closes the connection: the client
			// reads end-of-stream instead of a status line.
			exchange.close();
		}
		else {
			send(exchange, answer);
		}
	}

	private Body parseSafely(Endpoint.Match match, String method, String contentType, byte[] body) {
		try {
			return parse(match, method, contentType, body);
		}
		catch (RuntimeException ex) {
			// Reported as a violation so that a defect of the fake server cannot go unnoticed
			return invalid(List.of("body"), "The fake server failed to validate the body: " + ex, "internal_error");
		}
	}

	private Body parse(Endpoint.Match match, String method, String contentType, byte[] body) {
		if (match == null || !match.endpoint().method().equals(method) || !"POST".equals(method)) {
			return new Body(null, null, List.of());
		}
		if (match.endpoint() == Endpoint.FILE_CREATE) {
			return parseForm(contentType, body);
		}
		return parseJson(match, contentType, body);
	}

	private Body parseJson(Endpoint.Match match, String contentType, byte[] body) {
		List<Object> loc = List.of("body");
		if (contentType != null && !isJson(contentType)) {
			return invalid(loc, "Input should be a valid dictionary or object to extract fields from",
					"model_attributes_type");
		}
		if (body.length == 0) {
			return invalid(loc, "Field required", "missing");
		}
		JsonNode json;
		try {
			json = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			return invalid(loc, "JSON decode error: " + ex.getOriginalMessage(), "json_invalid");
		}
		List<ValidationError> errors = new ArrayList<>(this.validator.validate(match.endpoint().requestSchema(), json));
		if (this.strictChecks != null) {
			if (contentType == null) {
				errors.add(SchemaValidator.error(loc, "Strict mode: send Content-Type: application/json",
						"strict_content_type"));
			}
			errors.addAll(this.strictChecks.check(match, json));
		}
		return new Body(json, null, errors);
	}

	private Body parseForm(String contentType, byte[] body) {
		MultipartForm form;
		try {
			form = MultipartForm.parse(contentType, body);
		}
		catch (IllegalArgumentException ex) {
			form = MultipartForm.empty();
		}
		List<ValidationError> errors = new ArrayList<>();
		List<Object> loc = List.of("body");
		MultipartForm.Part projectId = form.part("project_id");
		MultipartForm.Part file = form.part("file");
		if (projectId == null) {
			errors.add(SchemaValidator.error(SchemaValidator.append(loc, "project_id"), "Field required", "missing"));
		}
		else if (this.strictChecks != null && !projectId.text().matches("[^/\\s]+/[^/\\s]+")) {
			errors.add(SchemaValidator.error(SchemaValidator.append(loc, "project_id"),
					"Strict mode: project_id must be \"<entity>/<project>\"", "strict_project_id"));
		}
		if (file == null) {
			errors.add(SchemaValidator.error(SchemaValidator.append(loc, "file"), "Field required", "missing"));
		}
		else if (file.filename() == null) {
			errors.add(SchemaValidator.error(SchemaValidator.append(loc, "file"),
					"Value error, Expected UploadFile, received: <class 'str'>", "value_error"));
		}
		return new Body(null, form, errors);
	}

	private Answer answer(HttpExchange exchange, String method, Endpoint.Match match, Body body) {
		if (match == null) {
			return Answer.detail(404, "Not Found");
		}
		Endpoint endpoint = match.endpoint();
		if (!endpoint.method().equals(method)) {
			return Answer.detail(405, "Method Not Allowed").withHeader("Allow", endpoint.method());
		}
		if (endpoint.requiresAuthentication() && !isAuthenticated(exchange)) {
			return Answer.detail(401, "Invalid or missing credentials: use HTTP Basic with user 'api' and the API key")
				.withHeader("WWW-Authenticate", "Basic realm=\"weave\"");
		}
		if (!body.errors().isEmpty()) {
			return Answer.json(422, validationErrors(body.errors()));
		}
		if (endpoint.isLegacyCallEndpoint() && this.callsCompleteModeRequired.getAsBoolean()) {
			ObjectNode error = this.mapper.createObjectNode()
				.put("error_code", CALLS_COMPLETE_MODE_REQUIRED)
				.put("message", "This project requires calls complete mode: send calls to "
						+ "/v2/{entity}/{project}/calls/complete");
			return Answer.json(400, error);
		}
		try {
			return Answer.json(200, this.api.process(endpoint, body.json(), body.form()));
		}
		catch (RuntimeException ex) {
			return Answer.detail(500, "Internal error in the fake server: " + ex);
		}
	}

	private boolean isAuthenticated(HttpExchange exchange) {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return false;
		}
		try {
			byte[] credentials = Base64.getDecoder().decode(authorization.substring(6).trim());
			return MessageDigest.isEqual(credentials, this.expectedCredentials);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private ObjectNode validationErrors(List<ValidationError> errors) {
		ObjectNode answer = this.mapper.createObjectNode();
		ArrayNode detail = answer.putArray("detail");
		for (ValidationError error : errors) {
			ObjectNode item = detail.addObject();
			ArrayNode loc = item.putArray("loc");
			error.loc().forEach((element) -> {
				if (element instanceof Integer index) {
					loc.add(index);
				}
				else {
					loc.add(String.valueOf(element));
				}
			});
			item.put("msg", error.msg()).put("type", error.type());
		}
		return answer;
	}

	private void record(RecordedRequest request) {
		this.store.addRequest(request);
		if (this.listener != null) {
			try {
				this.listener.accept(request);
			}
			catch (RuntimeException ex) {
				// A failing listener must not break the server
			}
		}
	}

	private void send(HttpExchange exchange, Answer answer) {
		byte[] body = this.mapper.writeValueAsBytes(answer.json());
		try {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			answer.headers().forEach(exchange.getResponseHeaders()::set);
			exchange.sendResponseHeaders(answer.status(), body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		catch (IOException ex) {
			// The client went away
		}
		finally {
			exchange.close();
		}
	}

	private Body invalid(List<Object> loc, String msg, String type) {
		return new Body(null, null, List.of(SchemaValidator.error(loc, msg, type)));
	}

	private static boolean isJson(String contentType) {
		String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
		return mediaType.equals("application/json") || mediaType.endsWith("+json");
	}

	private static Map<String, List<String>> headers(HttpExchange exchange) {
		Map<String, List<String>> headers = new HashMap<>();
		exchange.getRequestHeaders().forEach((name, values) -> {
			String key = name.toLowerCase(Locale.ROOT);
			List<String> copy = key.equals("authorization") ? List.of(RecordedRequest.REDACTED) : List.copyOf(values);
			headers.merge(key, copy, (a, b) -> {
				List<String> merged = new ArrayList<>(a);
				merged.addAll(b);
				return List.copyOf(merged);
			});
		});
		return headers;
	}

	private static void delay(Duration latency) {
		if (latency.isZero()) {
			return;
		}
		try {
			Thread.sleep(latency.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A parsed request body and its violations.
	 */
	private record Body(JsonNode json, MultipartForm form, List<ValidationError> errors) {

	}

	/**
	 * What to answer.
	 *
	 * @param status the status, or {@link RecordedRequest#NO_RESPONSE} to drop the connection
	 * @param json the body
	 * @param headers extra headers
	 * @param fault the description of the injected fault, or {@code null}
	 */
	private record Answer(int status, JsonNode json, Map<String, String> headers, String fault) {

		static Answer json(int status, JsonNode json) {
			return new Answer(status, json, Map.of(), null);
		}

		static Answer detail(int status, String detail) {
			return json(status, JsonNodeFactory.instance.objectNode().put("detail", detail));
		}

		static Answer of(Faults.Fault fault) {
			JsonNode json = fault.dropsConnection() ? null
					: JsonNodeFactory.instance.objectNode().put("detail", fault.detail());
			return new Answer(fault.status(), json, fault.headers(), fault.description());
		}

		Answer withHeader(String name, String value) {
			Map<String, String> headers = new HashMap<>(this.headers);
			headers.put(name, value);
			return new Answer(this.status, this.json, Map.copyOf(headers), this.fault);
		}

	}

}
