package io.weave.test;

import java.util.List;
import java.util.stream.Collectors;

import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on what a {@link FakeWeaveServer} received; see
 * {@link WeaveAssertions#assertThat(FakeWeaveServer)}. Each assertion reads the server's state
 * when it runs; to wait for calls first, use
 * {@link FakeWeaveServer#awaitCompleteCalls(int, java.time.Duration)}.
 */
public class FakeWeaveServerAssert extends AbstractAssert<FakeWeaveServerAssert, FakeWeaveServer> {

	FakeWeaveServerAssert(FakeWeaveServer server) {
		super(server, FakeWeaveServerAssert.class);
	}

	/**
	 * Verify that every request body received passed schema validation (in strict mode, the
	 * strict checks too); the failure message lists the violations.
	 * @return this
	 */
	public FakeWeaveServerAssert allRequestsValid() {
		isNotNull();
		List<RecordedRequest> invalid = this.actual.invalidRequests();
		if (!invalid.isEmpty()) {
			fail("Expected all requests to be valid but " + invalid.size() + " were not:" + invalid.stream()
				.map((request) -> "\n  " + request.method() + " " + request.path() + " -> " + statusOf(request)
						+ request.validationErrors().stream().map((error) -> "\n    " + error).collect(Collectors.joining()))
				.collect(Collectors.joining()));
		}
		return this;
	}

	/**
	 * Verify that no call part (start, end or complete record) arrived twice.
	 * @return this
	 */
	public FakeWeaveServerAssert hasNoDuplicates() {
		isNotNull();
		int duplicates = this.actual.duplicateCount();
		if (duplicates > 0) {
			fail("Expected no duplicate call records but received " + duplicates + ", for calls:"
					+ this.actual.calls()
						.stream()
						.filter((call) -> call.duplicates() > 0)
						.map((call) -> "\n  " + describe(call) + " x" + call.duplicates())
						.collect(Collectors.joining()));
		}
		return this;
	}

	/**
	 * Verify how many calls (complete or not) the server holds.
	 * @param count the expected number of calls
	 * @return this
	 */
	public FakeWeaveServerAssert hasCalls(int count) {
		isNotNull();
		List<ReceivedCall> calls = this.actual.calls();
		if (calls.size() != count) {
			fail("Expected " + count + " calls but the server holds " + calls.size() + ":" + describe(calls));
		}
		return this;
	}

	/**
	 * Verify how many calls with both start and end the server holds.
	 * @param count the expected number of complete calls
	 * @return this
	 */
	public FakeWeaveServerAssert hasCompleteCalls(int count) {
		isNotNull();
		List<ReceivedCall> complete = this.actual.completeCalls();
		if (complete.size() != count) {
			fail("Expected " + count + " complete calls but the server holds " + complete.size() + ":"
					+ describe(this.actual.calls()));
		}
		return this;
	}

	/**
	 * Verify that every call the server holds has both start and end.
	 * @return this
	 */
	public FakeWeaveServerAssert allCallsComplete() {
		isNotNull();
		List<ReceivedCall> incomplete = this.actual.calls().stream().filter((call) -> !call.isComplete()).toList();
		if (!incomplete.isEmpty()) {
			fail("Expected all calls to be complete but " + incomplete.size() + " are not:" + describe(incomplete));
		}
		return this;
	}

	/**
	 * Verify that the server holds at least one call of an op.
	 * @param name the op name or its short name
	 * @return this
	 * @see ReceivedCall#isNamed(String)
	 */
	public FakeWeaveServerAssert hasCallNamed(String name) {
		isNotNull();
		if (this.actual.callsNamed(name).isEmpty()) {
			fail("Expected a call named '" + name + "' but the server holds:" + describe(this.actual.calls()));
		}
		return this;
	}

	/**
	 * Verify that the server received an object.
	 * @param objectId the object's name
	 * @return this
	 */
	public FakeWeaveServerAssert hasObject(String objectId) {
		isNotNull();
		List<ReceivedObject> objects = this.actual.objects();
		if (objects.stream().noneMatch((object) -> object.objectId().equals(objectId))) {
			fail("Expected an object '" + objectId + "' but the server received: "
					+ objects.stream().map(ReceivedObject::objectId).toList());
		}
		return this;
	}

	/**
	 * Verify that every {@code expected_digest} the client sent with an object, table or file
	 * equals the digest the server computed.
	 * @return this
	 */
	public FakeWeaveServerAssert hasNoDigestMismatches() {
		isNotNull();
		StringBuilder mismatches = new StringBuilder();
		this.actual.objects()
			.stream()
			.filter(ReceivedObject::hasDigestMismatch)
			.forEach((object) -> mismatches.append(mismatch("object " + object.objectId(), object.expectedDigest(),
					object.digest())));
		this.actual.tables()
			.stream()
			.filter(ReceivedTable::hasDigestMismatch)
			.forEach((table) -> mismatches.append(mismatch("table", table.expectedDigest(), table.digest())));
		this.actual.files()
			.stream()
			.filter(ReceivedFile::hasDigestMismatch)
			.forEach((file) -> mismatches.append(mismatch("file " + file.name(), file.expectedDigest(), file.digest())));
		if (mismatches.length() > 0) {
			fail("Expected the client's digests to match the server's:" + mismatches);
		}
		return this;
	}

	/**
	 * Return assertions on the only call of an op.
	 * @param name the op name or its short name
	 * @return assertions on the call
	 */
	public ReceivedCallAssert callNamed(String name) {
		isNotNull();
		List<ReceivedCall> calls = this.actual.callsNamed(name);
		if (calls.size() != 1) {
			fail("Expected exactly one call named '" + name + "' but found " + calls.size() + "; the server holds:"
					+ describe(this.actual.calls()));
		}
		return new ReceivedCallAssert(calls.get(0), this.actual);
	}

	static String describe(List<ReceivedCall> calls) {
		return calls.isEmpty() ? " none"
				: calls.stream().map((call) -> "\n  " + describe(call)).collect(Collectors.joining());
	}

	static String describe(ReceivedCall call) {
		return call.opShortName() + " (id=" + call.id() + ", parent=" + call.parentId() + ", start="
				+ call.hasStart() + ", end=" + call.hasEnd() + ")";
	}

	private static String statusOf(RecordedRequest request) {
		return (request.status() != RecordedRequest.NO_RESPONSE) ? String.valueOf(request.status()) : "dropped";
	}

	private static String mismatch(String what, String expected, String actual) {
		return "\n  " + what + ": client sent " + expected + ", server computed " + actual;
	}

	private void fail(String message) {
		failWithMessage("%s", message);
	}

}
