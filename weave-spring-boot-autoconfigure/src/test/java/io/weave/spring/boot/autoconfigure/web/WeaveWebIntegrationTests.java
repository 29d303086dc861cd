package io.weave.spring.boot.autoconfigure.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.weave.client.WeaveClient;
import io.weave.spring.boot.autoconfigure.WeaveTestSupport;
import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;
import io.weave.test.WeaveAssertions;
import io.weave.test.WeaveServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real HTTP requests into a traced web application, and its Actuator operations.
 */
@SpringBootTest(classes = SupportApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=weave,health,metrics",
				"management.endpoint.health.show-details=always" })
@ExtendWith(OutputCaptureExtension.class)
class WeaveWebIntegrationTests {

	private static final String API_KEY = "wk-integration-0123456789abcdef";

	@RegisterExtension
	static WeaveServerExtension weave = new WeaveServerExtension(FakeWeaveServer.builder().apiKey(API_KEY));

	@TempDir
	static Path walDirectory;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	WeaveClient client;

	@DynamicPropertySource
	static void weaveProperties(DynamicPropertyRegistry registry) {
		for (String property : WeaveTestSupport.properties(weave.server(), walDirectory)) {
			int equals = property.indexOf('=');
			registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
		}
	}

	// Nothing of one test may reach the server after the next one has reset it.
	@AfterEach
	void flush() {
		assertThat(this.client.flush(Duration.ofSeconds(10)).completed()).isTrue();
	}

	@Test
	void aRequestProducesTheCallTree() throws Exception {
		HttpResponse<String> response = get("/tickets/42/answer?question=refund%20please");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).get("text").asString()).isEqualTo("See billing-faq, billing-policy");
		FakeWeaveServer server = weave.server();
		server.awaitCompleteCalls(3, Duration.ofSeconds(10));
		WeaveAssertions.assertThat(server).allRequestsValid().hasNoDuplicates().hasCompleteCalls(3);
		WeaveAssertions.assertThat(server).callNamed("SupportService.answer").isRoot().hasChildren(2);
		WeaveAssertions.assertThat(server).callNamed("SupportService.answer").childNamed("Classifier.classify")
			.hasNoException();
		WeaveAssertions.assertThat(server).callNamed("SupportService.answer").childNamed("knowledge-search")
			.isComplete();
		ReceivedCall answer = server.callsNamed("SupportService.answer").get(0);
		assertThat(answer.inputs().get("ticket").asString()).isEqualTo("42");
		assertThat(answer.inputs().get("question").asString()).isEqualTo("refund please");
		assertThat(answer.output().get("category").asString()).isEqualTo("billing");
	}

	@Test
	void weaveEndpointShowsTheBacklog() throws Exception {
		get("/tickets/7/answer?question=hello");
		weave.server().awaitCompleteCalls(3, Duration.ofSeconds(10));
		HttpResponse<String> response = get("/actuator/weave");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.get("project").asString()).isEqualTo(WeaveTestSupport.PROJECT);
		assertThat(body.get("mode").asString()).isEqualTo("wal");
		assertThat(body.get("senderState").asString()).isEqualTo("running");
		assertThat(body.get("backlog").propertyNames()).contains("segments", "bytes", "maxBytes", "usedFraction",
				"pendingRecords", "deadLettered", "deadLettersRefused", "corrupt", "torn", "dropped", "expired");
		assertThat(body.get("stats").propertyNames()).contains("callsStarted", "callsEnded", "requestsEnqueued",
				"requestsSent", "requestsRetried", "requestsDropped", "requestsDeadLettered", "bytesSent",
				"requestsPending");
		assertThat(body.get("stats").get("callsStarted").asLong()).isGreaterThanOrEqualTo(3);
		assertThat(response.body()).doesNotContain(API_KEY);
	}

	@Test
	void weaveEndpointFlushes() throws Exception {
		weave.server().faults().delay(Duration.ofMillis(200));
		get("/tickets/8/answer?question=hello");
		HttpResponse<String> response = post("/actuator/weave/flush/10s");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.get("completed").asBoolean()).isTrue();
		assertThat(body.get("pending").asLong()).isZero();
		assertThat(body.get("failed").asLong()).isZero();
		assertThat(body.has("sent")).isTrue();
		assertThat(body.has("elapsedMillis")).isTrue();
		assertThat(weave.server().completeCalls()).hasSize(3);
	}

	@Test
	void weaveEndpointFlushesWithTheDefaultTimeout() throws Exception {
		get("/tickets/11/answer?question=hello");
		HttpResponse<String> response = post("/actuator/weave/flush");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).get("completed").asBoolean()).isTrue();
		assertThat(weave.server().completeCalls()).hasSize(3);
	}

	@Test
	void weaveEndpointRejectsUnknownOperationsAndTimeouts() throws Exception {
		assertThat(post("/actuator/weave/drain").statusCode()).isEqualTo(400);
		assertThat(post("/actuator/weave/flush/soon").statusCode()).isEqualTo(400);
		assertThat(post("/actuator/weave/flush/1h").statusCode()).isEqualTo(400);
		assertThat(post("/actuator/weave/drain/30s").statusCode()).isEqualTo(400);
		assertThat(post("/actuator/weave/deadletters/drop").statusCode()).isEqualTo(400);
	}

	@Test
	void weaveEndpointReplaysDeadLettersOnceTheServerAcceptsThem() throws Exception {
		FakeWeaveServer server = weave.server();
		server.faults().rejectBodiesContaining("order-17", 422, "unknown order field");
		assertThat(get("/tickets/12/answer?question=where%20is%20order-17").statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(post("/actuator/weave/flush/10s").body()).get("completed").asBoolean()).isTrue();
		long rejected = this.json.readTree(get("/actuator/weave").body()).get("backlog").get("deadLettered").asLong();
		assertThat(rejected).isPositive();
		assertThat(server.completeCalls()).hasSizeLessThan(3);
		server.faults().clear();
		HttpResponse<String> replay = post("/actuator/weave/deadletters/replay");
		assertThat(replay.statusCode()).isEqualTo(200);
		JsonNode replayed = this.json.readTree(replay.body());
		assertThat(replayed.get("requeued").asLong()).isEqualTo(rejected);
		assertThat(replayed.get("skipped").asLong()).isZero();
		assertThat(replayed.has("error")).isFalse();
		assertThat(this.json.readTree(post("/actuator/weave/flush/10s").body()).get("completed").asBoolean()).isTrue();
		assertThat(server.completeCalls()).hasSize(3);
		WeaveAssertions.assertThat(server).allRequestsValid().hasNoDuplicates();
		JsonNode backlog = this.json.readTree(get("/actuator/weave").body()).get("backlog");
		assertThat(backlog.get("deadLettersRefused").asLong()).isZero();
		assertThat(backlog.get("pendingRecords").asLong()).isZero();
		assertThat(walDirectory.resolve(WeaveTestSupport.PROJECT).resolve("deadletter.jsonl")).doesNotExist();
	}

	@Test
	void healthAndMetrics() throws Exception {
		get("/tickets/9/answer?question=hello");
		weave.server().awaitCompleteCalls(3, Duration.ofSeconds(10));
		HttpResponse<String> health = get("/actuator/health/weave");
		assertThat(health.statusCode()).isEqualTo(200);
		JsonNode weaveHealth = this.json.readTree(health.body());
		assertThat(weaveHealth.get("status").asString()).isEqualTo("UP");
		assertThat(weaveHealth.get("details").get("mode").asString()).isEqualTo("wal");
		HttpResponse<String> metric = get("/actuator/metrics/weave.calls.started");
		assertThat(metric.statusCode()).isEqualTo(200);
		JsonNode measurement = this.json.readTree(metric.body()).get("measurements").get(0);
		assertThat(measurement.get("value").asDouble()).isGreaterThanOrEqualTo(3);
		assertThat(health.body() + metric.body()).doesNotContain(API_KEY);
	}

	@Test
	void theApiKeyIsNeverLogged(CapturedOutput output) throws Exception {
		get("/tickets/10/answer?question=hello");
		post("/actuator/weave/flush");
		assertThat(output).doesNotContain(API_KEY);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A POST without a body or content type, as {@code curl -X POST} sends it. */
	private HttpResponse<String> post(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
