package io.weave.client.internal.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.weave.client.internal.transport.ScriptedTraceServer.Recorded;
import io.weave.client.internal.transport.ScriptedTraceServer.Reply;
import io.weave.client.internal.transport.TransportResponse.Outcome;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

import static org.assertj.core.api.Assertions.assertThat;

class HttpTransportTests {

	private static final String API_KEY = "secret-api-key-0123456789";

	private final ScriptedTraceServer server = new ScriptedTraceServer();

	private final HttpTransport transport = new HttpTransport(TransportSettings.of(this.server.baseUrl(), API_KEY));

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void upsertBatchConcatenatesSerializedBodiesVerbatim() throws Exception {
		String start = "{\"start\":{\"project_id\":\"e/p\",\"id\":\"c1\",\"n\":1.10}}";
		String end = "{\"end\":{\"project_id\":\"e/p\",\"id\":\"c1\",\"summary\":{}}}";
		TransportResponse response = this.transport.upsertCalls(List.of(request(RequestType.CALL_START, "c1", start),
				request(RequestType.CALL_END, "c1", end)));
		assertThat(response.outcome()).isEqualTo(Outcome.OK);
		Recorded recorded = this.server.requests().get(0);
		assertThat(recorded.method()).isEqualTo("POST");
		assertThat(recorded.path()).isEqualTo("/call/upsert_batch");
		assertThat(recorded.header("Content-Type")).isEqualTo("application/json");
		assertThat(recorded.bodyAsString()).isEqualTo("{\"batch\":[{\"mode\":\"start\",\"req\":" + start
				+ "},{\"mode\":\"end\",\"req\":" + end + "}]}");
		assertThat(response.requestBytes()).isEqualTo(recorded.body().length);
	}

	@Test
	void sendsBasicAuthAndUserAgent() throws Exception {
		this.transport.send(request(RequestType.OBJ_CREATE, "o", "{\"obj\":{}}"));
		Recorded recorded = this.server.requests().get(0);
		String expected = Base64.getEncoder().encodeToString(("api:" + API_KEY).getBytes(StandardCharsets.UTF_8));
		assertThat(recorded.header("Authorization")).isEqualTo("Basic " + expected);
		assertThat(recorded.header("User-Agent")).startsWith("weave-java/");
	}

	@Test
	void sendsSingleRequestsToTheirEndpoints() throws Exception {
		this.transport.send(request(RequestType.OBJ_CREATE, "o", "{\"obj\":{\"object_id\":\"o\"}}"));
		this.transport.send(request(RequestType.TABLE_CREATE, "t", "{\"table\":{\"rows\":[]}}"));
		this.transport.send(request(RequestType.CALL_START, "c", "{\"start\":{}}"));
		this.transport.send(request(RequestType.CALL_END, "c", "{\"end\":{}}"));
		assertThat(this.server.requests()).extracting(Recorded::path)
			.containsExactly("/obj/create", "/table/create", "/call/start", "/call/end");
		assertThat(this.server.requests()).extracting(Recorded::bodyAsString)
			.containsExactly("{\"obj\":{\"object_id\":\"o\"}}", "{\"table\":{\"rows\":[]}}", "{\"start\":{}}",
					"{\"end\":{}}");
	}

	@Test
	void completesCallsUnderTheProjectPath() throws Exception {
		byte[] call = "{\"id\":\"c1\"}".getBytes(StandardCharsets.UTF_8);
		this.transport.completeCalls("my-entity/my project", List.of(call, call));
		Recorded recorded = this.server.requests().get(0);
		assertThat(recorded.path()).isEqualTo("/v2/my-entity/my%20project/calls/complete");
		assertThat(recorded.bodyAsString()).isEqualTo("{\"batch\":[{\"id\":\"c1\"},{\"id\":\"c1\"}]}");
	}

	@Test
	void malformedProjectIdIsRejectedWithoutSending() throws Exception {
		TransportResponse response = this.transport.completeCalls("no-slash", List.of(new byte[] { '{', '}' }));
		assertThat(response.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(response.message()).contains("no-slash");
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void uploadsFileAsMultipart() throws Exception {
		byte[] content = { 0, 1, 2, (byte) 0xFF, '\r', '\n', '-', '-', 'x' };
		String body = "{\"project_id\":\"e/p\",\"name\":\"obj.py\",\"content\":\""
				+ Base64.getEncoder().encodeToString(content) + "\"}";
		TransportResponse response = this.transport.send(request(RequestType.FILE_CREATE, "obj.py", body));
		assertThat(response.isOk()).isTrue();
		Recorded recorded = this.server.requests().get(0);
		assertThat(recorded.path()).isEqualTo("/file/create");
		String contentType = recorded.header("Content-Type");
		assertThat(contentType).startsWith("multipart/form-data; boundary=");
		List<MultipartParts.Part> parts = MultipartParts.parse(recorded.body(),
				contentType.substring(contentType.indexOf('=') + 1));
		assertThat(parts).extracting(MultipartParts.Part::name).containsExactly("project_id", "file");
		assertThat(parts.get(0).filename()).isNull();
		assertThat(parts.get(0).content()).isEqualTo("e/p".getBytes(StandardCharsets.UTF_8));
		assertThat(parts.get(1).filename()).isEqualTo("obj.py");
		assertThat(parts.get(1).content()).isEqualTo(content);
	}

	@Test
	void malformedFileCreateIsRejectedWithoutSending() throws Exception {
		TransportResponse response = this.transport
			.send(request(RequestType.FILE_CREATE, "f", "{\"project_id\":\"e/p\",\"name\":\"f\",\"content\":\"%%\"}"));
		assertThat(response.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(response.message()).contains("base64");
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void classifiesResponses() throws Exception {
		this.server.thenReply(Reply.ok(), Reply.callsCompleteModeRequired(),
				Reply.status(400, "{\"detail\":\"bad request\"}"), Reply.status(422, "{\"detail\":[]}"),
				Reply.status(413, ""), Reply.status(404, "not here"), Reply.status(500, "boom"),
				Reply.status(503, ""), Reply.retryAfter(429, "3"));
		List<Outcome> outcomes = new java.util.ArrayList<>();
		for (int i = 0; i < 9; i++) {
			outcomes.add(sendObject().outcome());
		}
		assertThat(outcomes).containsExactly(Outcome.OK, Outcome.CALLS_COMPLETE_MODE_REQUIRED, Outcome.REJECTED,
				Outcome.REJECTED, Outcome.TOO_LARGE, Outcome.BLOCKED, Outcome.RETRYABLE, Outcome.RETRYABLE,
				Outcome.RETRYABLE);
	}

	@Test
	void answersThatBlameTheConfigurationBlock() throws Exception {
		this.server.thenReply(Reply.status(401, "{}"), Reply.status(403, "{}"), Reply.status(404, "{}"),
				Reply.status(407, "{}"), new Reply(302, java.util.Map.of("Location", "https://other.example/x"), "",
						false),
				Reply.status(409, "{}"));
		List<TransportResponse> responses = new java.util.ArrayList<>();
		for (int i = 0; i < 6; i++) {
			responses.add(sendObject());
		}
		assertThat(responses).extracting(TransportResponse::outcome)
			.containsExactly(Outcome.BLOCKED, Outcome.BLOCKED, Outcome.BLOCKED, Outcome.BLOCKED, Outcome.BLOCKED,
					Outcome.REJECTED);
		assertThat(responses.get(0).message()).contains("check the API key");
		assertThat(responses.get(4).message()).contains("redirected to https://other.example/x");
	}

	@Test
	void aTlsFailureBlocksWithoutShowingTheKey() throws Exception {
		// an https client against a server that speaks plain HTTP at once: the handshake fails
		try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread answering = new Thread(() -> {
				try (java.net.Socket client = plain.accept()) {
					client.getOutputStream()
						.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				}
				catch (IOException ex) {
					// the test fails on its assertions
				}
			});
			answering.start();
			HttpTransport tls = new HttpTransport(
					TransportSettings.of("https://127.0.0.1:" + plain.getLocalPort(), API_KEY));
			TransportResponse response = tls.send(request(RequestType.OBJ_CREATE, "o", "{\"obj\":{}}"));
			assertThat(response.outcome()).isEqualTo(Outcome.BLOCKED);
			assertThat(response.message()).contains("/obj/create").contains("SSL").doesNotContain(API_KEY);
			answering.join();
		}
	}

	@Test
	void aHugeErrorBodyIsReadOnlyUpToItsBound() throws Exception {
		try (EndlessBodyServer endless = new EndlessBodyServer(500, 1L << 30)) {
			HttpTransport transport = new HttpTransport(TransportSettings.of(endless.baseUrl(), API_KEY));
			TransportResponse response = transport.send(request(RequestType.OBJ_CREATE, "o", "{\"obj\":{}}"));
			assertThat(response.outcome()).isEqualTo(Outcome.RETRYABLE);
			assertThat(response.message()).contains("HTTP 500").hasSizeLessThan(1200);
			// the client hung up after its bound: the server got nowhere near writing its gigabyte
			assertThat(endless.awaitWritten()).isLessThan(64L * 1024 * 1024);
		}
	}

	@Test
	void contentRejectionsAreToldApart() throws Exception {
		this.server.thenReply(Reply.status(400, "{}"), Reply.status(422, "{}"), Reply.status(403, "{}"));
		assertThat(sendObject().isContentRejection()).isTrue();
		assertThat(sendObject().isContentRejection()).isTrue();
		assertThat(sendObject().isContentRejection()).isFalse();
	}

	@Test
	void keepsTheServersMessageTruncated() throws Exception {
		this.server.thenReply(Reply.status(400, "{\"detail\":\"op_name is invalid\"}"),
				Reply.status(400, "x".repeat(5000)));
		assertThat(sendObject().message()).contains("400").contains("/obj/create").contains("op_name is invalid");
		assertThat(sendObject().message()).hasSizeLessThan(1200);
	}

	@Test
	void readsRetryAfter() throws Exception {
		this.server.thenReply(Reply.retryAfter(429, "3"), Reply.status(503, ""));
		assertThat(sendObject().retryAfter()).isEqualTo(Duration.ofSeconds(3));
		assertThat(sendObject().retryAfter()).isNull();
	}

	@Test
	void droppedConnectionIsRetryable() throws Exception {
		this.server.thenReply(Reply.drop());
		TransportResponse response = sendObject();
		assertThat(response.outcome()).isEqualTo(Outcome.RETRYABLE);
		assertThat(response.statusCode()).isZero();
	}

	@Test
	void refusedConnectionIsRetryable() throws Exception {
		HttpTransport unreachable = new HttpTransport(TransportSettings.of("http://127.0.0.1:" + freePort(), API_KEY));
		TransportResponse response = unreachable.send(request(RequestType.OBJ_CREATE, "o", "{\"obj\":{}}"));
		assertThat(response.outcome()).isEqualTo(Outcome.RETRYABLE);
		assertThat(response.message()).contains("/obj/create");
	}

	@Test
	void timeoutIsRetryable() throws Exception {
		CountDownLatch never = new CountDownLatch(1);
		this.server.thenReply((request) -> {
			never.await();
			return Reply.ok();
		});
		HttpTransport impatient = new HttpTransport(TransportSettings.of(this.server.baseUrl(), API_KEY)
			.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(200)));
		try {
			TransportResponse response = impatient.send(request(RequestType.OBJ_CREATE, "o", "{\"obj\":{}}"));
			assertThat(response.outcome()).isEqualTo(Outcome.RETRYABLE);
			assertThat(response.message()).contains("timed out");
		}
		finally {
			never.countDown();
		}
	}

	@Test
	void apiKeyNeverShowsInMessagesOrToString() throws Exception {
		this.server.thenReply((request) -> Reply.status(401,
				"{\"detail\":\"bad key " + API_KEY + " in " + request.header("Authorization") + "\"}"));
		TransportResponse response = sendObject();
		assertThat(response.outcome()).isEqualTo(Outcome.BLOCKED);
		assertThat(response.message()).contains("401").doesNotContain(API_KEY);
		String encoded = Base64.getEncoder().encodeToString(("api:" + API_KEY).getBytes(StandardCharsets.UTF_8));
		assertThat(response.message()).doesNotContain(encoded);
		assertThat(this.transport.toString()).doesNotContain(API_KEY);
		assertThat(TransportSettings.of(this.server.baseUrl(), API_KEY).toString()).doesNotContain(API_KEY)
			.contains(this.server.baseUrl());
	}

	@Test
	void baseUrlMayCarryAPathPrefix() throws Exception {
		HttpTransport prefixed = new HttpTransport(TransportSettings.of(this.server.baseUrl() + "/traces/", API_KEY));
		prefixed.send(request(RequestType.OBJ_CREATE, "o", "{\"obj\":{}}"));
		assertThat(this.server.requests().get(0).path()).isEqualTo("/traces/obj/create");
	}

	private TransportResponse sendObject() throws InterruptedException {
		return this.transport.send(request(RequestType.OBJ_CREATE, "o", "{\"obj\":{}}"));
	}

	private static WireRequest request(RequestType type, String key, String body) {
		return new WireRequest(type, key, body.getBytes(StandardCharsets.UTF_8));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
