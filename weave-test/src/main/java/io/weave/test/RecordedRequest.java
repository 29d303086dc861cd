package io.weave.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request the server received, with what it answered.
 *
 * @param method the HTTP method
 * @param path the raw request path
 * @param status the status answered, or {@link #NO_RESPONSE} if the connection was dropped
 * @param body the request body; do not modify it
 * @param headers the request headers (names lower-case), the value of {@code Authorization}
 * replaced by {@value #REDACTED}
 * @param validationErrors the violations found in the body; bodies are validated also when a
 * fault or a failed authentication decided the answer
 * @param fault a description of the injected fault that decided the answer, or {@code null}
 * @param receivedAt when the request arrived
 */
public record RecordedRequest(String method, String path, int status, byte[] body, Map<String, List<String>> headers,
		List<ValidationError> validationErrors, String fault, Instant receivedAt) {

	/**
	 * The {@link #status()} of a request whose connection was dropped without an answer.
	 */
	public static final int NO_RESPONSE = -1;

	/**
	 * What replaces the value of an {@code Authorization} header.
	 */
	public static final String REDACTED = "[redacted]";

	public RecordedRequest {
		headers = Map.copyOf(headers);
		validationErrors = List.copyOf(validationErrors);
	}

	/**
	 * Return the size of the body in bytes.
	 * @return the body size
	 */
	public int bodySize() {
		return this.body.length;
	}

	/**
	 * Return the body decoded as UTF-8.
	 * @return the body as text
	 */
	public String bodyAsString() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	/**
	 * Return the first value of a header.
	 * @param name the header name, in any case
	 * @return the value or {@code null}
	 */
	public String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	/**
	 * Whether the body passed validation.
	 * @return whether there were no validation errors
	 */
	public boolean isValid() {
		return this.validationErrors.isEmpty();
	}

	/**
	 * Whether an injected fault decided the answer.
	 * @return whether the request was faulted
	 */
	public boolean isFaulted() {
		return this.fault != null;
	}

	@Override
	public String toString() {
		return this.method + " " + this.path + " -> " + ((this.status != NO_RESPONSE) ? this.status : "dropped") + " ("
				+ this.body.length + " bytes" + ((this.fault != null) ? ", fault: " + this.fault : "")
				+ (this.validationErrors.isEmpty() ? "" : ", invalid: " + this.validationErrors) + ")";
	}

}
