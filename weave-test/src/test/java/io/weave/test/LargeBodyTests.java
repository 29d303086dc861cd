package io.weave.test;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link FakeWeaveServer} accepts bodies of tens of MiB.
 */
class LargeBodyTests {

	private static final int SIZE = 40 * 1024 * 1024;

	@AutoClose
	private final FakeWeaveServer server = FakeWeaveServer.builder().start();

	private final TestHttp http = new TestHttp(this.server);

	@Test
	void acceptsABodyOfFortyMebibytesWithOneLargeString() {
		String id = Records.id();
		ObjectNode complete = Records.complete(id, Records.id(), null, "my_op");
		((ObjectNode) complete.get("inputs")).put("document", "a".repeat(SIZE));
		byte[] body = TestHttp.JSON.writeValueAsString(Records.batch(complete)).getBytes(StandardCharsets.UTF_8);
		assertThat(this.http.post(Records.completePath(), body).statusCode()).isEqualTo(200);
		assertThat(this.server.call(id).orElseThrow().inputs().path("document").stringValue()).hasSize(SIZE);
		assertThat(this.server.requests().get(0).bodySize()).isEqualTo(body.length);
	}

}
