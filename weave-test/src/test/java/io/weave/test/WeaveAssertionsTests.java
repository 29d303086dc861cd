package io.weave.test;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link WeaveAssertions}.
 */
class WeaveAssertionsTests {

	@AutoClose
	private final FakeWeaveServer server = FakeWeaveServer.builder().start();

	private final TestHttp http = new TestHttp(this.server);

	private final String traceId = Records.id();

	private final String rootId = Records.id();

	private final String childId = Records.id();

	@Test
	void passingAssertionsOnATrace() {
		sendTrace();
		WeaveAssertions.assertThat(this.server)
			.allRequestsValid()
			.hasNoDuplicates()
			.hasCalls(2)
			.hasCompleteCalls(2)
			.allCallsComplete()
			.hasCallNamed("root")
			.hasCallNamed(Records.opRef("child"));
		WeaveAssertions.assertThat(this.server)
			.callNamed("root")
			.isRoot()
			.isComplete()
			.hasNoException()
			.hasChildren(1)
			.childNamed("child")
			.hasOpName("child")
			.isChildOf(this.server.call(this.rootId).orElseThrow())
			.hasException()
			.hasChildren(0);
	}

	@Test
	void allRequestsValidListsTheViolations() {
		ObjectNode start = Records.start(Records.id(), Records.id(), null, "op");
		start.remove("inputs");
		this.http.post("/call/start", Records.startReq(start));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WeaveAssertions.assertThat(this.server).allRequestsValid())
			.withMessageContaining("1 were not")
			.withMessageContaining("POST /call/start -> 422")
			.withMessageContaining("body.start.inputs: Field required [missing]");
	}

	@Test
	void hasNoDuplicatesNamesTheDuplicatedCalls() {
		sendTrace();
		this.http.post(Records.completePath(), Records.batch(Records.complete(this.rootId, this.traceId, null, "root")));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WeaveAssertions.assertThat(this.server).hasNoDuplicates())
			.withMessageContaining("received 1")
			.withMessageContaining("root (id=" + this.rootId);
	}

	@Test
	void countAssertionsDescribeTheCallsHeld() {
		this.http.post("/call/end", Records.endReq(Records.end(this.rootId)));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WeaveAssertions.assertThat(this.server).hasCompleteCalls(1))
			.withMessageContaining("Expected 1 complete calls but the server holds 0")
			.withMessageContaining("start=false, end=true");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WeaveAssertions.assertThat(this.server).allCallsComplete());
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WeaveAssertions.assertThat(this.server).hasCalls(2));
	}

	@Test
	void callAssertionsFailOnTheWrongShape() {
		sendTrace();
		ReceivedCall root = this.server.call(this.rootId).orElseThrow();
		ReceivedCall child = this.server.call(this.childId).orElseThrow();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WeaveAssertions.assertThat(child).isRoot());
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WeaveAssertions.assertThat(root).isChildOf(child))
			.withMessageContaining("to be a child of child");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WeaveAssertions.assertThat(this.server).hasCallNamed("missing"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WeaveAssertions.assertThat(this.server).callNamed("root").childNamed("other"));
		assertThatIllegalStateException().isThrownBy(() -> WeaveAssertions.assertThat(root).hasChildren(1));
	}

	@Test
	void isChildOfChecksTheTrace() {
		String otherTrace = Records.id();
		String orphanId = Records.id();
		sendTrace();
		this.http.post(Records.completePath(),
				Records.batch(Records.complete(orphanId, otherTrace, this.rootId, "orphan")));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WeaveAssertions.assertThat(this.server.call(orphanId).orElseThrow())
				.isChildOf(this.server.call(this.rootId).orElseThrow()))
			.withMessageContaining("to share the trace");
	}

	@Test
	void digestMismatchesAreReported() {
		ObjectNode body = TestHttp.JSON.createObjectNode();
		body.putObject("obj")
			.put("project_id", Records.PROJECT)
			.put("object_id", "my_obj")
			.put("val", 1)
			.put("expected_digest", "wrong");
		this.http.post("/obj/create", body);
		WeaveAssertions.assertThat(this.server).hasObject("my_obj");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WeaveAssertions.assertThat(this.server).hasNoDigestMismatches())
			.withMessageContaining("object my_obj: client sent wrong, server computed "
					+ WeaveDigests.objectDigest(TestHttp.JSON.readTree("1")));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WeaveAssertions.assertThat(this.server).hasObject("other"));
	}

	private void sendTrace() {
		ObjectNode child = Records.complete(this.childId, this.traceId, this.rootId, "child");
		child.put("exception", "{\"type\": \"ValueError\"}");
		this.http.post(Records.completePath(),
				Records.batch(Records.complete(this.rootId, this.traceId, null, "root"), child));
	}

}
