package io.weave.client.internal.transport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLException;

import io.weave.client.internal.transport.TransportResponse.Outcome;
import io.weave.client.internal.wire.WireRequest;

/**
 * Speaks the trace-server HTTP API with the JDK's {@link HttpClient}. Every call blocks until
 * the response arrives or fails and never throws for HTTP or network errors: the outcome is
 * classified in the returned {@link TransportResponse}.
 */
public final class HttpTransport {

	private static final String JSON = "application/json";

	/** Shorter keys are not real W&B keys; replacing them would garble messages. */
	private static final int MIN_REDACTED_KEY_LENGTH = 8;

	private final TransportSettings settings;

	private final String baseUrl;

	private final String authorization;

	private final HttpClient client;

	public HttpTransport(TransportSettings settings) {
		this.settings = settings;
		this.baseUrl = stripTrailingSlash(settings.baseUrl().toString());
		this.authorization = "Basic " + Base64.getEncoder()
			.encodeToString(("api:" + settings.apiKey()).getBytes(StandardCharsets.UTF_8));
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(settings.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * {@code POST /call/upsert_batch} with call start and end requests, in order.
	 * @param calls the requests, each of type {@code CALL_START} or {@code CALL_END}
	 * @return the classified response
	 * @throws InterruptedException if the thread is interrupted while waiting
	 */
	public TransportResponse upsertCalls(List<WireRequest> calls) throws InterruptedException {
		return post("/call/upsert_batch", JSON, RequestBodies.upsertBatch(calls));
	}

	/**
	 * {@code POST /v2/{entity}/{project}/calls/complete}.
	 * @param projectId {@code "<entity>/<project>"}
	 * @param completedCalls serialized {@code CompletedCallSchemaForInsert} records of that project
	 * @return the classified response
	 * @throws InterruptedException if the thread is interrupted while waiting
	 */
	public TransportResponse completeCalls(String projectId, List<byte[]> completedCalls)
			throws InterruptedException {
		String path = completePath(projectId);
		if (path == null) {
			return TransportResponse.invalidRequest("project_id '" + projectId + "' is not '<entity>/<project>'");
		}
		return post(path, JSON, RequestBodies.completeBatch(completedCalls));
	}

	/**
	 * Sends one request to its single-object endpoint: {@code /call/start}, {@code /call/end},
	 * {@code /obj/create}, {@code /table/create}, or {@code /file/create} as a multipart upload.
	 * @param request the request
	 * @return the classified response
	 * @throws InterruptedException if the thread is interrupted while waiting
	 */
	public TransportResponse send(WireRequest request) throws InterruptedException {
		return switch (request.type()) {
			case CALL_START -> post("/call/start", JSON, request.body());
			case CALL_END -> post("/call/end", JSON, request.body());
			case OBJ_CREATE -> post("/obj/create", JSON, request.body());
			case TABLE_CREATE -> post("/table/create", JSON, request.body());
			case FILE_CREATE -> createFile(request);
		};
	}

	private TransportResponse createFile(WireRequest request) throws InterruptedException {
		MultipartFileUpload upload;
		try {
			upload = MultipartFileUpload.of(request.body());
		}
		catch (IllegalArgumentException ex) {
			return TransportResponse.invalidRequest(ex.getMessage());
		}
		return post("/file/create", upload.contentType(), upload.body());
	}

	private TransportResponse post(String path, String contentType, byte[] body) throws InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(this.settings.requestTimeout())
			.header("Authorization", this.authorization)
			.header("User-Agent", this.settings.userAgent())
			.header("Content-Type", contentType)
			.header("Accept", JSON)
			.POST(BodyPublishers.ofByteArray(body))
			.build();
		try {
			HttpResponse<byte[]> response = this.client.send(request, BoundedBody.handler(BoundedBody.DEFAULT_LIMIT));
			TransportResponse classified = ResponseClassifier.classify(path, response.statusCode(),
					response.headers().firstValue("Retry-After").orElse(null),
					response.headers().firstValue("Location").orElse(null), response.body(), body.length);
			return withoutSecrets(classified);
		}
		catch (IOException ex) {
			SSLException tls = tlsFailure(ex);
			Outcome outcome = (tls != null) ? Outcome.BLOCKED : Outcome.RETRYABLE;
			// the client may report a TLS failure as a generic I/O error with the SSL cause below it
			return new TransportResponse(outcome, 0,
					sanitize("POST " + path + " failed: " + describe((tls != null) ? tls : ex)), null, body.length);
		}
	}

	/**
	 * The certificate or protocol mismatch behind a failure, or {@code null}: it does not go away
	 * by retrying, someone must fix the setup.
	 */
	private static SSLException tlsFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SSLException tls) {
				return tls;
			}
		}
		return null;
	}

	private static String describe(IOException ex) {
		if (ex instanceof HttpTimeoutException) {
			return "timed out";
		}
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null) ? " " + ResponseClassifier.truncate(message) : "");
	}

	private TransportResponse withoutSecrets(TransportResponse response) {
		return new TransportResponse(response.outcome(), response.statusCode(), sanitize(response.message()),
				response.retryAfter(), response.requestBytes());
	}

	/** Guards against a server or library echoing the credentials back into a message. */
	private String sanitize(String message) {
		String sanitized = message.replace(this.authorization, "(hidden)");
		String apiKey = this.settings.apiKey();
		return (apiKey.length() >= MIN_REDACTED_KEY_LENGTH) ? sanitized.replace(apiKey, "(hidden)") : sanitized;
	}

	static String completePath(String projectId) {
		int slash = (projectId != null) ? projectId.indexOf('/') : -1;
		if (slash <= 0 || slash == projectId.length() - 1 || projectId.indexOf('/', slash + 1) >= 0) {
			return null;
		}
		return "/v2/" + PathSegments.encode(projectId.substring(0, slash)) + "/"
				+ PathSegments.encode(projectId.substring(slash + 1)) + "/calls/complete";
	}

	private static String stripTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	@Override
	public String toString() {
		return "HttpTransport[" + this.baseUrl + "]";
	}

}
