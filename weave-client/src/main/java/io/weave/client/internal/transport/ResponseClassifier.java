package io.weave.client.internal.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.weave.client.internal.transport.TransportResponse.Outcome;

/** Turns an HTTP status and body into a {@link TransportResponse}. */
final class ResponseClassifier {

	static final String CALLS_COMPLETE_MODE_REQUIRED = "CALLS_COMPLETE_MODE_REQUIRED";

	private static final int MAX_MESSAGE_LENGTH = 1024;

	private ResponseClassifier() {
	}

	static TransportResponse classify(String path, int status, String retryAfterHeader, byte[] body,
			long requestBytes) {
		return classify(path, status, retryAfterHeader, null, body, requestBytes);
	}

	/**
	 * @param location the {@code Location} header of a redirect, or {@code null}
	 */
	static TransportResponse classify(String path, int status, String retryAfterHeader, String location, byte[] body,
			long requestBytes) {
		if (status >= 200 && status < 300) {
			return new TransportResponse(Outcome.OK, status, "HTTP " + status, null, requestBytes);
		}
		String message = "HTTP " + status + " from " + path + hint(status, location) + describeBody(body);
		Duration retryAfter = RetryAfter.parse(retryAfterHeader, Instant.now());
		return new TransportResponse(outcome(status, body), status, message, retryAfter, requestBytes);
	}

	private static Outcome outcome(int status, byte[] body) {
		if (status == 400 && CALLS_COMPLETE_MODE_REQUIRED.equals(errorCode(body))) {
			return Outcome.CALLS_COMPLETE_MODE_REQUIRED;
		}
		if (status == 413) {
			return Outcome.TOO_LARGE;
		}
		if (status == 408 || status == 429 || status >= 500) {
			return Outcome.RETRYABLE;
		}
		if ((status >= 300 && status < 400) || status == 401 || status == 403 || status == 404 || status == 407) {
			return Outcome.BLOCKED;
		}
		return Outcome.REJECTED;
	}

	/** What an operator should check when the configuration is refused. */
	private static String hint(int status, String location) {
		return switch (status) {
			case 401, 403 -> " (check the API key and its access to the project)";
			case 404 -> " (check the base URL and the project)";
			case 407 -> " (check the proxy's credentials)";
			default -> (status >= 300 && status < 400)
					? " (redirected" + ((location != null) ? " to " + truncate(location) : "") + "; check the base URL)"
					: "";
		};
	}

	/** The {@code error_code} of a JSON error body, at the top level or under FastAPI's {@code detail}. */
	static String errorCode(byte[] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			JsonNode json = JsonMapper.shared().readTree(body);
			JsonNode code = json.path("error_code");
			if (!code.isString()) {
				code = json.path("detail").path("error_code");
			}
			return code.isString() ? code.stringValue() : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static String describeBody(byte[] body) {
		if (body == null || body.length == 0) {
			return "";
		}
		String text = new String(body, StandardCharsets.UTF_8).strip();
		return ": " + truncate(text);
	}

	static String truncate(String text) {
		return (text.length() <= MAX_MESSAGE_LENGTH) ? text : text.substring(0, MAX_MESSAGE_LENGTH) + "…";
	}

}
