package io.weave.test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the faults {@link FakeWeaveServer} injects.
 */
class FaultInjectionTests {

	@AutoClose
	private final FakeWeaveServer server = FakeWeaveServer.builder().start();

	private final TestHttp http = new TestHttp(this.server);

	@Test
	void failNextAnswersTheStatusThenRecovers() {
		this.server.faults().failNext(2, 503);
		assertThat(postCall().statusCode()).isEqualTo(503);
		assertThat(postCall().statusCode()).isEqualTo(503);
		assertThat(postCall().statusCode()).isEqualTo(200);
		assertThat(this.server.calls()).hasSize(1);
		assertThat(this.server.faults().faultedCount()).isEqualTo(2);
		assertThat(this.server.requests()).filteredOn(RecordedRequest::isFaulted).hasSize(2);
	}

	@Test
	void faultsApplyToPostRequestsOnly() {
		this.server.faults().failNext(1, 500);
		assertThat(this.http.get("/health").statusCode()).isEqualTo(200);
		assertThat(postCall().statusCode()).isEqualTo(500);
	}

	@Test
	void faultedRequestsAreStillValidated() {
		this.server.faults().failNext(1, 500);
		assertThat(this.http.post("/call/end", "{\"end\": {}}").statusCode()).isEqualTo(500);
		assertThat(this.server.invalidRequests()).hasSize(1);
	}

	@Test
	void failForFailsEveryRequestUntilTheWindowEnds() {
		this.server.faults().failFor(Duration.ofMillis(300), 503);
		assertThat(postCall().statusCode()).isEqualTo(503);
		assertThat(postCall().statusCode()).isEqualTo(503);
		await().atMost(Duration.ofSeconds(10)).until(() -> postCall().statusCode() == 200);
		assertThat(this.server.calls()).hasSize(1);
	}

	@Test
	void rateLimitNextAnswers429WithRetryAfter() {
		this.server.faults().rateLimitNext(1, Duration.ofMillis(1500));
		HttpResponse<String> response = postCall();
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(postCall().statusCode()).isEqualTo(200);
	}

	@Test
	void limitBodySizeAnswers413ForLargerBodies() {
		this.server.faults().limitBodySize(2_000);
		ObjectNode large = Records.start(Records.id(), Records.id(), null, "my_op");
		((ObjectNode) large.get("inputs")).put("text", "x".repeat(5_000));
		assertThat(this.http.post("/call/start", Records.startReq(large)).statusCode()).isEqualTo(413);
		assertThat(postCall().statusCode()).isEqualTo(200);
		assertThat(this.server.calls()).hasSize(1);
	}

	@ParameterizedTest
	@EnumSource(HttpClient.Version.class)
	void dropNextClosesTheConnectionSoTheClientSeesAnIOException(HttpClient.Version version) throws Exception {
		TestHttp client = new TestHttp(this.server, version);
		this.server.faults().dropNext(1);
		ObjectNode body = callBody();
		assertThatIOException().isThrownBy(() -> client.postOrThrow(Records.completePath(), body));
		assertThat(this.server.calls()).isEmpty();
		RecordedRequest dropped = this.server.requests().get(0);
		assertThat(dropped.status()).isEqualTo(RecordedRequest.NO_RESPONSE);
		assertThat(dropped.fault()).isEqualTo("connection dropped");
		assertThat(client.postOrThrow(Records.completePath(), body).statusCode()).isEqualTo(200);
		assertThat(this.server.calls()).hasSize(1);
	}

	@Test
	void dropNextResponsesStoresTheDataButTheClientSeesAnIOException() throws Exception {
		this.server.faults().dropNextResponses(1);
		ObjectNode body = callBody();
		assertThatIOException().isThrownBy(() -> this.http.postOrThrow(Records.completePath(), body));
		assertThat(this.server.completeCalls()).hasSize(1);
		assertThat(this.http.postOrThrow(Records.completePath(), body).statusCode()).isEqualTo(200);
		assertThat(this.server.duplicateCount()).isEqualTo(1);
	}

	@Test
	void dropNextResponsesDoesNotApplyToRejectedRequests() throws Exception {
		this.server.faults().dropNextResponses(1);
		assertThat(this.http.postOrThrow("/call/end", "{\"end\": {}}").statusCode()).isEqualTo(422);
		assertThatIOException().isThrownBy(() -> this.http.postOrThrow(Records.completePath(), callBody()));
	}

	@Test
	void delayHoldsBackEveryAnswer() {
		this.server.faults().delay(Duration.ofMillis(200));
		long started = System.nanoTime();
		assertThat(this.http.get("/health").statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(this.server.faults().faultedCount()).isZero();
	}

	@Test
	void rejectBodiesContainingAnswersTheStatusForPoisonRecords() {
		this.server.faults().rejectBodiesContaining("POISON", 400, "unacceptable record");
		ObjectNode poison = Records.complete(Records.id(), Records.id(), null, "my_op");
		((ObjectNode) poison.get("inputs")).put("payload", "POISON");
		HttpResponse<String> rejected = this.http.post(Records.completePath(), Records.batch(poison));
		assertThat(rejected.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(rejected).path("detail").stringValue()).isEqualTo("unacceptable record");
		assertThat(postCall().statusCode()).isEqualTo(200);
		assertThat(this.http.post(Records.completePath(), Records.batch(poison)).statusCode()).isEqualTo(400);
		assertThat(this.server.calls()).hasSize(1);
	}

	@Test
	void onPathRestrictsFaultsToAPathPrefix() {
		this.server.faults().onPath("/call/").failNext(1, 500);
		assertThat(postCall().statusCode()).isEqualTo(200);
		assertThat(this.http.post("/call/end", Records.endReq(Records.end(Records.id()))).statusCode())
			.isEqualTo(500);
		assertThat(this.http.post("/call/end", Records.endReq(Records.end(Records.id()))).statusCode())
			.isEqualTo(200);
	}

	@Test
	void rulesApplyInTheOrderAdded() {
		this.server.faults().failNext(1, 500).rateLimitNext(1, Duration.ofSeconds(1));
		assertThat(postCall().statusCode()).isEqualTo(500);
		assertThat(postCall().statusCode()).isEqualTo(429);
		assertThat(postCall().statusCode()).isEqualTo(200);
		assertThat(this.server.faults().faultedCount()).isEqualTo(2);
	}

	@Test
	void countsMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.server.faults().failNext(0, 500));
		assertThatIllegalArgumentException().isThrownBy(() -> this.server.faults().dropNext(-1));
	}

	@Test
	void clearRemovesAllRules() {
		this.server.faults().failNext(5, 500).limitBodySize(1);
		this.server.faults().clear();
		assertThat(postCall().statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> postCall() {
		return this.http.post(Records.completePath(), callBody());
	}

	private static ObjectNode callBody() {
		return Records.batch(Records.complete(Records.id(), Records.id(), null, "my_op"));
	}

}
