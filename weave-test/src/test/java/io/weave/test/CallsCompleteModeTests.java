package io.weave.test;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for calls complete mode of {@link FakeWeaveServer}.
 */
class CallsCompleteModeTests {

	@AutoClose
	private final FakeWeaveServer server = FakeWeaveServer.builder().start();

	private final TestHttp http = new TestHttp(this.server);

	@Test
	void legacyCallEndpointsAnswerCallsCompleteModeRequired() {
		this.server.requireCallsCompleteMode(true);
		String id = Records.id();
		assertRequiresCallsCompleteMode(
				this.http.post("/call/start", Records.startReq(Records.start(id, Records.id(), null, "my_op"))));
		assertRequiresCallsCompleteMode(this.http.post("/call/end", Records.endReq(Records.end(id))));
		assertRequiresCallsCompleteMode(
				this.http.post("/call/upsert_batch", Records.batch(Records.endItem(Records.end(id)))));
		assertThat(this.server.calls()).isEmpty();
		WeaveAssertions.assertThat(this.server).allRequestsValid();
	}

	@Test
	void callsCompleteWorksInCallsCompleteMode() {
		this.server.requireCallsCompleteMode(true);
		HttpResponse<String> response = this.http.post(Records.completePath(),
				Records.batch(Records.complete(Records.id(), Records.id(), null, "my_op")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.server.completeCalls()).hasSize(1);
	}

	@Test
	void modeCanBeSwitchedAtRuntimeAndResetRestoresTheDefault() {
		assertThat(this.server.isCallsCompleteModeRequired()).isFalse();
		this.server.requireCallsCompleteMode(true);
		assertThat(this.http.post("/call/end", Records.endReq(Records.end(Records.id()))).statusCode()).isEqualTo(400);
		this.server.requireCallsCompleteMode(false);
		assertThat(this.http.post("/call/end", Records.endReq(Records.end(Records.id()))).statusCode()).isEqualTo(200);
		this.server.requireCallsCompleteMode(true);
		this.server.reset();
		assertThat(this.server.isCallsCompleteModeRequired()).isFalse();
	}

	@Test
	void modeCanBeConfiguredByTheBuilder() {
		try (FakeWeaveServer pinned = FakeWeaveServer.builder().callsCompleteMode(true).start()) {
			TestHttp pinnedHttp = new TestHttp(pinned);
			assertRequiresCallsCompleteMode(pinnedHttp.post("/call/end", Records.endReq(Records.end(Records.id()))));
			pinned.requireCallsCompleteMode(false);
			pinned.reset();
			assertThat(pinned.isCallsCompleteModeRequired()).isTrue();
		}
	}

	@Test
	void invalidBodyIsRejectedBeforeTheModeIsChecked() {
		this.server.requireCallsCompleteMode(true);
		assertThat(this.http.post("/call/end", "{\"end\": {}}").statusCode()).isEqualTo(422);
	}

	private static void assertRequiresCallsCompleteMode(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode body = TestHttp.json(response);
		assertThat(body.path("error_code").stringValue()).isEqualTo("CALLS_COMPLETE_MODE_REQUIRED");
		assertThat(body.path("message").stringValue()).contains("calls/complete");
	}

}
