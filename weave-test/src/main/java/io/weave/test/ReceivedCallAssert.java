package io.weave.test;

import java.util.List;
import java.util.Objects;

import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link ReceivedCall}; see
 * {@link WeaveAssertions#assertThat(ReceivedCall)} and
 * {@link FakeWeaveServerAssert#callNamed(String)}. The assertions on children need the server
 * and so are available only on assertions obtained from {@code callNamed}.
 */
public class ReceivedCallAssert extends AbstractAssert<ReceivedCallAssert, ReceivedCall> {

	private final FakeWeaveServer server;

	ReceivedCallAssert(ReceivedCall call, FakeWeaveServer server) {
		super(call, ReceivedCallAssert.class);
		this.server = server;
	}

	/**
	 * Verify that both start and end of the call arrived.
	 * @return this
	 */
	public ReceivedCallAssert isComplete() {
		isNotNull();
		if (!this.actual.isComplete()) {
			fail("Expected call to be complete but it is not: " + describe());
		}
		return this;
	}

	/**
	 * Verify that the call is a root call: started, without a parent.
	 * @return this
	 */
	public ReceivedCallAssert isRoot() {
		isNotNull();
		if (!this.actual.isRoot()) {
			fail("Expected a root call but got " + describe());
		}
		return this;
	}

	/**
	 * Verify that the call is a child of another: its parent id is the other's id and both
	 * belong to the same trace.
	 * @param parent the expected parent
	 * @return this
	 */
	public ReceivedCallAssert isChildOf(ReceivedCall parent) {
		isNotNull();
		if (!parent.id().equals(this.actual.parentId())) {
			fail("Expected " + describe() + " to be a child of " + FakeWeaveServerAssert.describe(parent));
		}
		if (!Objects.equals(parent.traceId(), this.actual.traceId())) {
			fail("Expected " + describe() + " to share the trace " + parent.traceId() + " of its parent but it has "
					+ this.actual.traceId());
		}
		return this;
	}

	/**
	 * Verify the call's op name.
	 * @param name the op name or its short name
	 * @return this
	 * @see ReceivedCall#isNamed(String)
	 */
	public ReceivedCallAssert hasOpName(String name) {
		isNotNull();
		if (!this.actual.isNamed(name)) {
			fail("Expected a call named '" + name + "' but got " + this.actual.opName());
		}
		return this;
	}

	/**
	 * Verify that the call ended with an exception.
	 * @return this
	 */
	public ReceivedCallAssert hasException() {
		isNotNull();
		if (this.actual.exception() == null) {
			fail("Expected " + describe() + " to have an exception");
		}
		return this;
	}

	/**
	 * Verify that the call did not end with an exception.
	 * @return this
	 */
	public ReceivedCallAssert hasNoException() {
		isNotNull();
		if (this.actual.exception() != null) {
			fail("Expected " + describe() + " to have no exception but got " + this.actual.exception());
		}
		return this;
	}

	/**
	 * Verify how many children the call has.
	 * @param count the expected number of children
	 * @return this
	 */
	public ReceivedCallAssert hasChildren(int count) {
		List<ReceivedCall> children = children();
		if (children.size() != count) {
			fail("Expected " + describe() + " to have " + count + " children but it has " + children.size() + ":"
					+ FakeWeaveServerAssert.describe(children));
		}
		return this;
	}

	/**
	 * Verify that the call has exactly one child of an op, and return assertions on it.
	 * @param name the child's op name or its short name
	 * @return assertions on the child
	 */
	public ReceivedCallAssert childNamed(String name) {
		List<ReceivedCall> children = children().stream().filter((child) -> child.isNamed(name)).toList();
		if (children.size() != 1) {
			fail("Expected " + describe() + " to have exactly one child named '" + name + "' but found "
					+ children.size() + "; its children:" + FakeWeaveServerAssert.describe(children()));
		}
		return new ReceivedCallAssert(children.get(0), this.server);
	}

	private List<ReceivedCall> children() {
		isNotNull();
		if (this.server == null) {
			throw new IllegalStateException("Assertions on children need the server: "
					+ "use WeaveAssertions.assertThat(server).callNamed(name)");
		}
		return this.server.children(this.actual.id());
	}

	private String describe() {
		return FakeWeaveServerAssert.describe(this.actual);
	}

	private void fail(String message) {
		failWithMessage("%s", message);
	}

}
