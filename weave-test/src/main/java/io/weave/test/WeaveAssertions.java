package io.weave.test;

/**
 * Entry point of the AssertJ assertions on what a {@link FakeWeaveServer} received.
 * <pre class="code">
 * WeaveAssertions.assertThat(server).allRequestsValid().hasNoDuplicates().hasCompleteCalls(2);
 * WeaveAssertions.assertThat(server).callNamed("child").isComplete().isChildOf(server.callsNamed("parent").get(0));
 * </pre>
 */
public final class WeaveAssertions {

	private WeaveAssertions() {
	}

	/**
	 * Create assertions on what a server received.
	 * @param server the server
	 * @return the assertions
	 */
	public static FakeWeaveServerAssert assertThat(FakeWeaveServer server) {
		return new FakeWeaveServerAssert(server);
	}

	/**
	 * Create assertions on a received call.
	 * @param call the call
	 * @return the assertions
	 */
	public static ReceivedCallAssert assertThat(ReceivedCall call) {
		return new ReceivedCallAssert(call, null);
	}

}
