package io.weave.client.internal.transport;

import java.time.Duration;

/**
 * What became of one HTTP request, classified for the sender.
 *
 * @param outcome what the sender should do about it
 * @param statusCode the HTTP status, or {@code 0} when no response arrived
 * @param message a short description for logs and dead letters (never contains the API key)
 * @param retryAfter how long the server asked us to wait, or {@code null}
 * @param requestBytes the size of the request body that was sent
 */
public record TransportResponse(Outcome outcome, int statusCode, String message, Duration retryAfter,
		long requestBytes) {

	public boolean isOk() {
		return this.outcome == Outcome.OK;
	}

	/**
	 * Whether the server failed on the content rather than being unavailable: a 5xx other than
	 * 502, 503 and 504, which say the server or its gateway is down, whatever was sent.
	 */
	public boolean isServerFailure() {
		return this.outcome == Outcome.RETRYABLE && this.statusCode >= 500 && this.statusCode != 502
				&& this.statusCode != 503 && this.statusCode != 504;
	}

	/** Whether the server rejected the content (400 or 422), so a smaller batch might pass. */
	public boolean isContentRejection() {
		return this.outcome == Outcome.REJECTED && (this.statusCode == 400 || this.statusCode == 422);
	}

	static TransportResponse invalidRequest(String message) {
		return new TransportResponse(Outcome.REJECTED, 0, message, null, 0);
	}

	/** The classes of response the sender tells apart. */
	public enum Outcome {

		/** 2xx: the server has the data. */
		OK,

		/** The project only takes calls through the calls-complete endpoint. */
		CALLS_COMPLETE_MODE_REQUIRED,

		/** 413: the body is too large for the server. */
		TOO_LARGE,

		/** 429, 5xx, timeouts and I/O failures: worth trying again later. */
		RETRYABLE,

		/**
		 * 3xx, 401, 403, 404, 407 and TLS failures: the client's configuration (API key, URL,
		 * certificates) is wrong, not the request; it may pass once someone fixes that.
		 */
		BLOCKED,

		/** Any other 4xx: sending the same request again will not help. */
		REJECTED

	}

}
