package io.weave.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Faults to inject into the server's answers, to test how a client copes with failures.
 * <p>
 * Rules apply to {@code POST} requests (latency to every request), in the order they were
 * added; the first rule that applies decides the answer, and a rule with a count is used up
 * after that many requests. A faulted request is not processed: nothing is stored, except
 * for {@link #dropNextResponses(int)}, which processes the request and then drops the
 * connection instead of answering. Use {@link #onPath(String)} to limit rules to the paths
 * starting with a prefix. Thread-safe; {@link FakeWeaveServer#reset()} clears all rules.
 * <pre class="code">
 * server.faults().failNext(2, 503);
 * server.faults().onPath("/call/upsert_batch").rateLimitNext(1, Duration.ofSeconds(1));
 * server.faults().rejectBodiesContaining("poison", 400, "bad record");
 * </pre>
 */
public final class Faults {

	private final Rules rules;

	private final String pathPrefix;

	Faults() {
		this(new Rules(), "");
	}

	private Faults(Rules rules, String pathPrefix) {
		this.rules = rules;
		this.pathPrefix = pathPrefix;
	}

	/**
	 * Return a view whose rules apply only to request paths starting with a prefix, e.g.
	 * {@code "/call/"} or {@code "/v2/"}; it shares the rules and counters of this one.
	 * @param pathPrefix the path prefix
	 * @return the restricted view
	 */
	public Faults onPath(String pathPrefix) {
		return new Faults(this.rules, pathPrefix);
	}

	/**
	 * Answer the next requests with an error status.
	 * @param count how many requests to fail
	 * @param status the status, e.g. 500 or 503
	 * @return this
	 */
	public Faults failNext(int count, int status) {
		return add(Kind.FAIL, positive(count), null, status, 0, null, null);
	}

	/**
	 * Answer all requests with an error status for a while, starting now.
	 * @param window how long to fail
	 * @param status the status, e.g. 503
	 * @return this
	 */
	public Faults failFor(Duration window, int status) {
		return add(Kind.FAIL, -1, window, status, 0, null, null);
	}

	/**
	 * Answer the next requests with 429 and a {@code Retry-After} header.
	 * @param count how many requests to refuse
	 * @param retryAfter the delay to announce, rounded up to whole seconds
	 * @return this
	 */
	public Faults rateLimitNext(int count, Duration retryAfter) {
		long seconds = (retryAfter.toMillis() + 999) / 1000;
		return add(Kind.RATE_LIMIT, positive(count), null, 429, seconds, null, null);
	}

	/**
	 * Answer 413 to requests whose body is larger than a limit, until reset.
	 * @param maxBytes the largest body accepted
	 * @return this
	 */
	public Faults limitBodySize(long maxBytes) {
		return add(Kind.BODY_LIMIT, -1, null, 413, maxBytes, null, null);
	}

	/**
	 * Drop the connection of the next requests without answering and without processing them;
	 * a client sees an {@link java.io.IOException}.
	 * @param count how many requests to drop
	 * @return this
	 */
	public Faults dropNext(int count) {
		return add(Kind.DROP, positive(count), null, RecordedRequest.NO_RESPONSE, 0, null, null);
	}

	/**
	 * Process the next requests (store what they carry), then drop the connection instead of
	 * answering: the client cannot tell that the server got the data, and is likely to send it
	 * again.
	 * @param count how many answers to drop
	 * @return this
	 */
	public Faults dropNextResponses(int count) {
		return add(Kind.DROP_RESPONSE, positive(count), null, RecordedRequest.NO_RESPONSE, 0, null, null);
	}

	/**
	 * Delay every answer, until reset.
	 * @param latency the delay
	 * @return this
	 */
	public Faults delay(Duration latency) {
		return add(Kind.LATENCY, -1, null, 0, latency.toMillis(), null, null);
	}

	/**
	 * Answer an error to every request whose body contains a marker, until reset; useful to
	 * make one record of a batch unacceptable.
	 * @param marker the text to look for in the raw body
	 * @param status the status, e.g. 400
	 * @param message the message to answer, as {@code {"detail": message}}
	 * @return this
	 */
	public Faults rejectBodiesContaining(String marker, int status, String message) {
		return add(Kind.MARKER, -1, null, status, 0, marker, message);
	}

	/**
	 * Return how many requests an injected fault answered (or dropped) so far.
	 * @return the number of faulted requests
	 */
	public int faultedCount() {
		synchronized (this.rules) {
			return this.rules.faulted;
		}
	}

	/**
	 * Remove all rules and reset the count of faulted requests.
	 */
	public void clear() {
		synchronized (this.rules) {
			this.rules.list.clear();
			this.rules.faulted = 0;
		}
	}

	private static int positive(int count) {
		if (count < 1) {
			throw new IllegalArgumentException("count must be positive: " + count);
		}
		return count;
	}

	private Faults add(Kind kind, int count, Duration window, int status, long amount, String marker,
			String message) {
		long until = (window != null) ? System.nanoTime() + window.toNanos() : 0;
		synchronized (this.rules) {
			this.rules.list.add(new Rule(kind, this.pathPrefix, count, window != null, until, status, amount, marker,
					message));
		}
		return this;
	}

	/**
	 * Return the latency to add to the answer to a request.
	 * @param path the request path
	 * @return the latency, zero if none
	 */
	Duration latency(String path) {
		synchronized (this.rules) {
			long millis = 0;
			for (Rule rule : this.rules.list) {
				if (rule.kind == Kind.LATENCY && path.startsWith(rule.pathPrefix)) {
					millis += rule.amount;
				}
			}
			return Duration.ofMillis(millis);
		}
	}

	/**
	 * Decide whether a fault answers a request before it is processed, using up the rule.
	 * @param path the request path
	 * @param body the request body
	 * @return the fault, or {@code null}
	 */
	Fault before(String path, byte[] body) {
		synchronized (this.rules) {
			long now = System.nanoTime();
			this.rules.list.removeIf((rule) -> rule.windowed && now - rule.until > 0);
			for (Rule rule : this.rules.list) {
				if (rule.kind != Kind.LATENCY && rule.kind != Kind.DROP_RESPONSE && path.startsWith(rule.pathPrefix)
						&& rule.appliesTo(body)) {
					return use(rule);
				}
			}
			return null;
		}
	}

	/**
	 * Decide whether to drop the connection after a request was processed, using up the rule.
	 * @param path the request path
	 * @return the fault, or {@code null}
	 */
	Fault after(String path) {
		synchronized (this.rules) {
			for (Rule rule : this.rules.list) {
				if (rule.kind == Kind.DROP_RESPONSE && path.startsWith(rule.pathPrefix)) {
					return use(rule);
				}
			}
			return null;
		}
	}

	private Fault use(Rule rule) {
		if (rule.remaining > 0 && --rule.remaining == 0) {
			this.rules.list.remove(rule);
		}
		this.rules.faulted++;
		return rule.fault();
	}

	/**
	 * The rules and counters shared by all views.
	 */
	private static final class Rules {

		private final List<Rule> list = new ArrayList<>();

		private int faulted;

	}

	private enum Kind {

		FAIL, RATE_LIMIT, BODY_LIMIT, DROP, DROP_RESPONSE, LATENCY, MARKER

	}

	private static final class Rule {

		private final Kind kind;

		private final String pathPrefix;

		private int remaining;

		private final boolean windowed;

		private final long until;

		private final int status;

		/**
		 * By kind: milliseconds of latency, seconds of {@code Retry-After}, or the largest
		 * body accepted.
		 */
		private final long amount;

		private final String marker;

		private final String message;

		Rule(Kind kind, String pathPrefix, int remaining, boolean windowed, long until, int status, long amount,
				String marker, String message) {
			this.kind = kind;
			this.pathPrefix = pathPrefix;
			this.remaining = remaining;
			this.windowed = windowed;
			this.until = until;
			this.status = status;
			this.amount = amount;
			this.marker = marker;
			this.message = message;
		}

		boolean appliesTo(byte[] body) {
			return switch (this.kind) {
				case BODY_LIMIT -> body.length > this.amount;
				case MARKER -> contains(body, this.marker.getBytes(StandardCharsets.UTF_8));
				default -> true;
			};
		}

		Fault fault() {
			return switch (this.kind) {
				case FAIL -> new Fault(this.status, "Injected failure", Map.of(), "status " + this.status);
				case RATE_LIMIT -> new Fault(429, "Too Many Requests", Map.of("Retry-After", String.valueOf(this.amount)),
						"rate limited, retry after " + this.amount + " s");
				case BODY_LIMIT -> new Fault(413, "Request Entity Too Large", Map.of(),
						"body larger than " + this.amount + " bytes");
				case MARKER -> new Fault(this.status, this.message, Map.of(),
						"body contains \"" + this.marker + "\"");
				case DROP -> new Fault(RecordedRequest.NO_RESPONSE, null, Map.of(), "connection dropped");
				case DROP_RESPONSE -> new Fault(RecordedRequest.NO_RESPONSE, null, Map.of(),
						"connection dropped after processing");
				case LATENCY -> throw new IllegalStateException("Latency is not an answer");
			};
		}

		private static boolean contains(byte[] body, byte[] marker) {
			outer: for (int i = 0; i <= body.length - marker.length; i++) {
				for (int j = 0; j < marker.length; j++) {
					if (body[i + j] != marker[j]) {
						continue outer;
					}
				}
				return true;
			}
			return false;
		}

	}

	/**
	 * An injected answer.
	 *
	 * @param status the status to answer, or {@link RecordedRequest#NO_RESPONSE} to drop the
	 * connection
	 * @param detail the {@code detail} of the JSON error body
	 * @param headers extra response headers
	 * @param description what happened, for the request log
	 */
	record Fault(int status, String detail, Map<String, String> headers, String description) {

		boolean dropsConnection() {
			return this.status == RecordedRequest.NO_RESPONSE;
		}

	}

}
