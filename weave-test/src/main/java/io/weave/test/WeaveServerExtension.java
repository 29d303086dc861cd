package io.weave.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit Jupiter extension that runs a {@link FakeWeaveServer} for a test class.
 * <p>
 * Registered on a static field, the server starts once for the class, is
 * {@link FakeWeaveServer#reset() reset} before each test and closes after the class:
 * <pre class="code">
 * &#064;RegisterExtension
 * static WeaveServerExtension weave = new WeaveServerExtension();
 *
 * &#064;Test
 * void tracesCalls() {
 *     Client client = createClient(weave.baseUrl(), weave.server().apiKey());
 *     ...
 *     WeaveAssertions.assertThat(weave.server()).hasCompleteCalls(1).allRequestsValid();
 * }
 * </pre>
 * Registered with {@code @ExtendWith(WeaveServerExtension.class)}, it injects the server
 * into test constructors and methods that declare a {@link FakeWeaveServer} parameter.
 * Configure the server by passing a builder:
 * {@code new WeaveServerExtension(FakeWeaveServer.builder().strict(false))}. Registered on an
 * instance field or a single method, the server lives as long as that test.
 */
public final class WeaveServerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(WeaveServerExtension.class);

	private final FakeWeaveServer.Builder builder;

	private volatile FakeWeaveServer server;

	/**
	 * Create an extension for a server with the default settings.
	 */
	public WeaveServerExtension() {
		this(FakeWeaveServer.builder());
	}

	/**
	 * Create an extension for a server configured by a builder.
	 * @param builder the builder of the server
	 */
	public WeaveServerExtension(FakeWeaveServer.Builder builder) {
		this.builder = builder;
	}

	/**
	 * Return the running server.
	 * @return the server
	 * @throws IllegalStateException if no test of the extension is running
	 */
	public FakeWeaveServer server() {
		FakeWeaveServer current = this.server;
		if (current == null || !current.isRunning()) {
			throw new IllegalStateException("The server runs only while the tests of the extension run");
		}
		return current;
	}

	/**
	 * Return the base URL of the running server.
	 * @return the base URL
	 * @see FakeWeaveServer#baseUrl()
	 */
	public String baseUrl() {
		return server().baseUrl();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		serverFor(context);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		FakeWeaveServer current = this.server;
		if (current != null && current.isRunning()) {
			current.reset();
		}
		else {
			serverFor(context);
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == FakeWeaveServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return serverFor(extensionContext);
	}

	/**
	 * Return the running server, starting one if needed; a started server belongs to the
	 * context's store, which closes it when the context ends.
	 */
	private synchronized FakeWeaveServer serverFor(ExtensionContext context) {
		FakeWeaveServer current = this.server;
		if (current != null && current.isRunning()) {
			return current;
		}
		FakeWeaveServer started = this.builder.start();
		context.getStore(NAMESPACE).put(this, started);
		this.server = started;
		return started;
	}

}
