package io.weave.test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trace-server endpoints the fake server answers.
 */
enum Endpoint {

	HEALTH("GET", "/health", null),

	SERVER_INFO("GET", "/server_info", null),

	CALL_START("POST", "/call/start", "CallStartReq"),

	CALL_END("POST", "/call/end", "CallEndReq"),

	CALL_UPSERT_BATCH("POST", "/call/upsert_batch", "CallCreateBatchReq"),

	OBJ_CREATE("POST", "/obj/create", "ObjCreateReq"),

	TABLE_CREATE("POST", "/table/create", "TableCreateReq"),

	FILE_CREATE("POST", "/file/create", null),

	CALLS_COMPLETE("POST", null, "CallsUpsertCompleteReq");

	private static final Pattern CALLS_COMPLETE_PATH = Pattern.compile("^/v2/([^/]+)/([^/]+)/calls/complete$");

	private final String method;

	private final String path;

	private final String requestSchema;

	Endpoint(String method, String path, String requestSchema) {
		this.method = method;
		this.path = path;
		this.requestSchema = requestSchema;
	}

	String method() {
		return this.method;
	}

	/**
	 * Return the name of the schema of the JSON request body, if the endpoint takes one.
	 * @return the schema name or {@code null}
	 */
	String requestSchema() {
		return this.requestSchema;
	}

	boolean requiresAuthentication() {
		return this != HEALTH && this != SERVER_INFO;
	}

	/**
	 * Whether this is one of the call endpoints a project in calls-complete mode refuses.
	 * @return whether the endpoint is a legacy call endpoint
	 */
	boolean isLegacyCallEndpoint() {
		return this == CALL_START || this == CALL_END || this == CALL_UPSERT_BATCH;
	}

	/**
	 * Find the endpoint for a raw request path.
	 * @param rawPath the path as received
	 * @return the match, or {@code null} if no endpoint has that path
	 */
	static Match match(String rawPath) {
		for (Endpoint endpoint : values()) {
			if (rawPath.equals(endpoint.path)) {
				return new Match(endpoint, null);
			}
		}
		Matcher matcher = CALLS_COMPLETE_PATH.matcher(rawPath);
		if (matcher.matches()) {
			return new Match(CALLS_COMPLETE, decode(matcher.group(1)) + "/" + decode(matcher.group(2)));
		}
		return null;
	}

	private static String decode(String segment) {
		return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/**
	 * An endpoint matched by a request path.
	 *
	 * @param endpoint the endpoint
	 * @param pathProjectId the {@code entity/project} named by the path, or {@code null}
	 */
	record Match(Endpoint endpoint, String pathProjectId) {

	}

}
