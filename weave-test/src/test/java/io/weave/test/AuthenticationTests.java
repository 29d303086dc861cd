package io.weave.test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for authentication by {@link FakeWeaveServer}.
 */
class AuthenticationTests {

	@AutoClose
	private final FakeWeaveServer server = FakeWeaveServer.builder().apiKey("secret-key").start();

	private final TestHttp http = new TestHttp(this.server);

	@Test
	void postWithoutCredentialsIsUnauthorized() {
		HttpResponse<String> response = this.http.post(this.http.request("/call/start")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(validStart())));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(TestHttp.json(response).path("detail").stringValue()).contains("HTTP Basic");
		assertThat(this.server.calls()).isEmpty();
	}

	@Test
	void postWithWrongKeyIsUnauthorized() {
		assertThat(postWithAuthorization(TestHttp.basic("api", "wrong-key")).statusCode()).isEqualTo(401);
	}

	@Test
	void postWithWrongUserIsUnauthorized() {
		assertThat(postWithAuthorization(TestHttp.basic("user", "secret-key")).statusCode()).isEqualTo(401);
	}

	@Test
	void postWithBearerTokenIsUnauthorized() {
		assertThat(postWithAuthorization("Bearer secret-key").statusCode()).isEqualTo(401);
	}

	@Test
	void postWithMalformedBasicCredentialsIsUnauthorized() {
		assertThat(postWithAuthorization("Basic !!!not-base64").statusCode()).isEqualTo(401);
	}

	@Test
	void postWithApiKeyIsAccepted() {
		HttpResponse<String> response = postWithAuthorization(this.server.authorizationHeader());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.server.calls()).hasSize(1);
	}

	@Test
	void healthAndServerInfoNeedNoCredentials() {
		assertThat(this.http.get("/health").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/server_info").statusCode()).isEqualTo(200);
	}

	@Test
	void requestLogRedactsTheAuthorizationHeader() {
		postWithAuthorization(this.server.authorizationHeader());
		RecordedRequest request = this.server.requests().get(0);
		assertThat(request.header("Authorization")).isEqualTo(RecordedRequest.REDACTED);
		assertThat(request.headers()).containsKey("content-type");
		assertThat(request.toString()).doesNotContain("secret-key");
	}

	private HttpResponse<String> postWithAuthorization(String authorization) {
		return this.http.post(this.http.request("/call/start")
			.header("Authorization", authorization)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(validStart())));
	}

	private static String validStart() {
		return Records.startReq(Records.start(Records.id(), Records.id(), null, "my_op")).toString();
	}

}
