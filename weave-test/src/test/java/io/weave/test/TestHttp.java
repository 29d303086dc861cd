package io.weave.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the fake server built on the JDK {@link HttpClient}, as a real client
 * would use it.
 */
final class TestHttp {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client;

	private final String baseUrl;

	private final String authorization;

	TestHttp(FakeWeaveServer server) {
		this(server, HttpClient.Version.HTTP_2);
	}

	TestHttp(FakeWeaveServer server, HttpClient.Version version) {
		this(server.baseUrl(), server.apiKey(), version);
	}

	TestHttp(String baseUrl, String apiKey, HttpClient.Version version) {
		this.client = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
		this.baseUrl = baseUrl;
		this.authorization = basic("api", apiKey);
	}

	static String basic(String user, String password) {
		return "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	HttpResponse<String> post(String path, Object json) {
		return send(request(path).header("Authorization", this.authorization)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body(json)))
			.build());
	}

	HttpResponse<String> post(String path, byte[] body) {
		return send(request(path).header("Authorization", this.authorization)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build());
	}

	/**
	 * Post JSON, letting an {@link IOException} through.
	 */
	HttpResponse<String> postOrThrow(String path, Object json) throws IOException, InterruptedException {
		return this.client.send(request(path).header("Authorization", this.authorization)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body(json)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> post(HttpRequest.Builder request) {
		return send(request.build());
	}

	HttpResponse<String> get(String path) {
		return send(request(path).GET().build());
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(Duration.ofSeconds(30));
	}

	String authorization() {
		return this.authorization;
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private static String body(Object json) {
		return (json instanceof String text) ? text : JSON.writeValueAsString(json);
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
