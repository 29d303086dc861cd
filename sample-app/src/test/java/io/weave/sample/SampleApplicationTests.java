package io.weave.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.weave.client.WeaveClient;
import io.weave.test.FakeWeaveServer;
import io.weave.test.ReceivedCall;
import io.weave.test.WeaveAssertions;
import io.weave.test.WeaveServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app against the fake trace server, through its REST API.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@RegisterExtension
	static WeaveServerExtension weave = new WeaveServerExtension();

	@TempDir
	static Path walDirectory;

	@DynamicPropertySource
	static void weaveProperties(DynamicPropertyRegistry registry) {
		registry.add("weave.base-url", () -> weave.server().baseUrl());
		registry.add("weave.api-key", () -> weave.server().apiKey());
		registry.add("weave.wal.dir", () -> walDirectory);
		registry.add("weave.batch-interval", () -> "10ms");
	}

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	WeaveClient client;

	@AfterEach
	void flush() {
		assertThat(this.client.flush(Duration.ofSeconds(10)).completed()).isTrue();
	}

	@Test
	void demoTracesEveryStepOfTheAnswer() throws Exception {
		JsonNode answer = this.json.readTree(send(HttpRequest.newBuilder(uri("/api/demo"))));
		assertThat(answer.get("approved").asBoolean()).isTrue();
		assertThat(answer.get("orderStatus").asString()).isEqualTo("shipped");
		FakeWeaveServer server = weave.server();
		server.awaitCompleteCalls(6, Duration.ofSeconds(10));
		WeaveAssertions.assertThat(server).allRequestsValid().hasNoDuplicates().hasCompleteCalls(6);
		WeaveAssertions.assertThat(server).callNamed("SupportAssistant.answer").isRoot().hasNoException().hasChildren(5);
		ReceivedCall root = server.callsNamed("SupportAssistant.answer").get(0);
		assertThat(root.traceId()).isEqualTo(answer.get("traceId").asString());
		assertThat(server.children(root.id())).extracting(ReceivedCall::opShortName)
			.containsExactlyInAnyOrder("TicketClassifier.classify", "knowledge-base.search", "order-tool.lookup",
					"AnswerDrafter.draft", "AnswerReviewer.review");
		assertThat(root.inputs().get("ticket").get("question").asString()).startsWith("Where is my order?");
	}

	@Test
	void aFailingToolIsRecordedAndTheAnswerStillComes() throws Exception {
		JsonNode answer = this.json.readTree(send(HttpRequest.newBuilder(uri("/api/demo?fail=true"))));
		assertThat(answer.get("approved").asBoolean()).isFalse();
		assertThat(answer.get("orderStatus").isNull()).isTrue();
		FakeWeaveServer server = weave.server();
		server.awaitCompleteCalls(6, Duration.ofSeconds(10));
		WeaveAssertions.assertThat(server).callNamed("SupportAssistant.answer").hasNoException()
			.childNamed("order-tool.lookup").hasException();
		assertThat(server.callsNamed("order-tool.lookup").get(0).exception()).contains("Order system timed out");
	}

	@Test
	void answersAPostedTicket() throws Exception {
		String ticket = "{\"customer\":\"Grace\",\"question\":\"I want a refund for my order\",\"orderId\":\"O-9\"}";
		JsonNode answer = this.json.readTree(send(HttpRequest.newBuilder(uri("/api/tickets/T-7/answer"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(ticket))));
		assertThat(answer.get("ticketId").asString()).isEqualTo("T-7");
		assertThat(answer.get("category").asString()).isEqualTo("RETURNS");
		weave.server().awaitCompleteCalls(6, Duration.ofSeconds(10));
		assertThat(weave.server().callsNamed("TicketClassifier.classify")).singleElement()
			.satisfies((call) -> assertThat(call.output().asString()).isEqualTo("RETURNS"));
	}

	@Test
	void weaveAndHealthEndpointsAreExposed() throws Exception {
		send(HttpRequest.newBuilder(uri("/api/demo")));
		JsonNode flush = this.json.readTree(
				send(HttpRequest.newBuilder(uri("/actuator/weave/flush")).POST(HttpRequest.BodyPublishers.noBody())));
		assertThat(flush.get("completed").asBoolean()).isTrue();
		JsonNode backlog = this.json.readTree(send(HttpRequest.newBuilder(uri("/actuator/weave"))));
		assertThat(backlog.get("project").asString()).isEqualTo("demo/support-assistant");
		assertThat(backlog.get("mode").asString()).isEqualTo("wal");
		assertThat(backlog.get("backlog").get("pendingRecords").asLong()).isZero();
		JsonNode health = this.json.readTree(send(HttpRequest.newBuilder(uri("/actuator/health"))));
		assertThat(health.get("components").get("weave").get("status").asString()).isEqualTo("UP");
	}

	private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
