package io.weave.test;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * An embedded, Weave-compatible trace server for tests: real HTTP on {@code 127.0.0.1}, an
 * in-memory store, request validation against the official schemas, and fault injection.
 * <p>
 * It answers {@code GET /health}, {@code GET /server_info}, {@code POST /call/start},
 * {@code /call/end}, {@code /call/upsert_batch}, {@code /obj/create}, {@code /table/create},
 * {@code /file/create} and {@code /v2/{entity}/{project}/calls/complete}. All {@code POST}
 * endpoints require HTTP Basic authentication with user {@code api} and the API key as
 * password. JSON bodies are validated against {@code trace-server-schemas.json} (an extract of
 * the official OpenAPI specification, bundled with this module); invalid ones are answered with
 * 422 and FastAPI's error body. In strict mode (the default) the server also rejects what the
 * real server tolerates but a good client should not send: undeclared keys in records,
 * {@code null} values, timestamps other than UTC with milliseconds, ids that are not UUID
 * version 7, missing {@code trace_id} or {@code attributes.weave.source}.
 * <pre class="code">
 * try (FakeWeaveServer server = FakeWeaveServer.builder().start()) {
 *     // point the client at server.baseUrl() with API key server.apiKey()
 *     server.awaitCompleteCalls(1, Duration.ofSeconds(5));
 *     WeaveAssertions.assertThat(server).allRequestsValid().hasNoDuplicates();
 * }
 * </pre>
 * Run it standalone with {@link #main(String[])}.
 */
public final class FakeWeaveServer implements AutoCloseable {

	/**
	 * The API key expected unless another is configured.
	 */
	public static final String DEFAULT_API_KEY = "test-api-key";

	private static final InetAddress LOOPBACK = loopback();

	/**
	 * The JDK's HTTP server writes a response's headers and body as two segments; without
	 * TCP_NODELAY, Nagle's algorithm holds the body back until the client acknowledges the
	 * headers, which it delays by about 40 ms: every request would take that long. The JDK reads
	 * this property once, when its first HTTP server starts, so an explicit setting wins.
	 */
	private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

	static {
		if (System.getProperty(NODELAY_PROPERTY) == null) {
			System.setProperty(NODELAY_PROPERTY, "true");
		}
	}

	private final String apiKey;

	private final int requestedPort;

	private final boolean strict;

	private final boolean callsCompleteModeByDefault;

	private final int threads;

	private final Consumer<RecordedRequest> requestListener;

	private final TraceStore store = new TraceStore();

	private final Faults faults = new Faults();

	private final AtomicBoolean callsCompleteMode;

	private final CountDownLatch closed = new CountDownLatch(1);

	private HttpServer httpServer;

	private ExecutorService executor;

	/**
	 * Create a server with the default settings; see {@link #builder()}.
	 */
	public FakeWeaveServer() {
		this(builder());
	}

	private FakeWeaveServer(Builder builder) {
		this.apiKey = builder.apiKey;
		this.requestedPort = builder.port;
		this.strict = builder.strict;
		this.callsCompleteModeByDefault = builder.callsCompleteMode;
		this.threads = builder.threads;
		this.requestListener = builder.requestListener;
		this.callsCompleteMode = new AtomicBoolean(builder.callsCompleteMode);
	}

	/**
	 * Return a builder for a server.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Start listening on {@code 127.0.0.1}.
	 * @return this server
	 * @throws IllegalStateException if the server was started before
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	public synchronized FakeWeaveServer start() {
		if (this.httpServer != null || this.closed.getCount() == 0) {
			throw new IllegalStateException("The server can be started only once");
		}
		JsonMapper mapper = mapper();
		TraceServerHandler handler = new TraceServerHandler(mapper, this.apiKey, this.strict, this.store, this.faults,
				this.callsCompleteMode::get, this.requestListener);
		try {
			this.httpServer = HttpServer.create(new InetSocketAddress(LOOPBACK, this.requestedPort), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot listen on " + LOOPBACK.getHostAddress() + ":" + this.requestedPort,
					ex);
		}
		AtomicInteger threadCount = new AtomicInteger();
		this.executor = Executors.newFixedThreadPool(this.threads, (task) -> {
			Thread thread = new Thread(task, "fake-weave-server-" + threadCount.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.httpServer.createContext("/", handler);
		this.httpServer.setExecutor(this.executor);
		this.httpServer.start();
		return this;
	}

	/**
	 * Stop the server; pending requests are not answered. Does nothing if it is not running.
	 */
	@Override
	public synchronized void close() {
		if (this.httpServer != null && this.closed.getCount() > 0) {
			this.httpServer.stop(0);
			this.executor.shutdownNow();
		}
		this.closed.countDown();
	}

	/**
	 * Whether the server was started and not closed.
	 * @return whether the server is running
	 */
	public synchronized boolean isRunning() {
		return this.httpServer != null && this.closed.getCount() > 0;
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 * @throws IllegalStateException if the server is not started
	 */
	public synchronized int port() {
		if (this.httpServer == null) {
			throw new IllegalStateException("The server is not started");
		}
		return this.httpServer.getAddress().getPort();
	}

	/**
	 * Return the base URL for a client, e.g. {@code http://127.0.0.1:54321}, without a
	 * trailing slash.
	 * @return the base URL
	 */
	public String baseUrl() {
		return "http://" + LOOPBACK.getHostAddress() + ":" + port();
	}

	/**
	 * Return the API key the server expects.
	 * @return the API key
	 */
	public String apiKey() {
		return this.apiKey;
	}

	/**
	 * Return the value of an {@code Authorization} header the server accepts.
	 * @return {@code Basic} credentials for user {@code api} and the API key
	 */
	public String authorizationHeader() {
		return "Basic " + Base64.getEncoder().encodeToString(("api:" + this.apiKey).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Whether the server validates in strict mode.
	 * @return whether strict mode is on
	 */
	public boolean isStrict() {
		return this.strict;
	}

	/**
	 * Make the legacy call endpoints ({@code /call/start}, {@code /call/end},
	 * {@code /call/upsert_batch}) answer 400 with {@code error_code}
	 * {@code CALLS_COMPLETE_MODE_REQUIRED}, as the trace server does for a project pinned to
	 * calls complete mode, or accept them again. {@link #reset()} restores the configured mode.
	 * @param required whether calls complete mode is required
	 * @return this server
	 */
	public FakeWeaveServer requireCallsCompleteMode(boolean required) {
		this.callsCompleteMode.set(required);
		return this;
	}

	/**
	 * Whether the server requires calls complete mode.
	 * @return whether the legacy call endpoints are refused
	 */
	public boolean isCallsCompleteModeRequired() {
		return this.callsCompleteMode.get();
	}

	/**
	 * Return the faults to inject into answers.
	 * @return the faults
	 */
	public Faults faults() {
		return this.faults;
	}

	/**
	 * Return all calls received, in the order their first part arrived.
	 * @return the calls
	 */
	public List<ReceivedCall> calls() {
		return this.store.calls();
	}

	/**
	 * Return a call by id.
	 * @param id the call id
	 * @return the call, or empty if no part of it arrived
	 */
	public Optional<ReceivedCall> call(String id) {
		return this.store.call(id);
	}

	/**
	 * Return the calls of an op, matched by op name or its short name.
	 * @param name the op name, e.g. {@code "my_op"} or a full op ref
	 * @return the calls of the op
	 * @see ReceivedCall#isNamed(String)
	 */
	public List<ReceivedCall> callsNamed(String name) {
		return calls().stream().filter((call) -> call.isNamed(name)).toList();
	}

	/**
	 * Return the calls whose start and end both arrived.
	 * @return the complete calls
	 */
	public List<ReceivedCall> completeCalls() {
		return calls().stream().filter(ReceivedCall::isComplete).toList();
	}

	/**
	 * Return the root calls: started calls without a parent.
	 * @return the root calls
	 */
	public List<ReceivedCall> roots() {
		return calls().stream().filter(ReceivedCall::isRoot).toList();
	}

	/**
	 * Return the children of a call.
	 * @param parentId the parent call's id
	 * @return the calls whose start names that parent
	 */
	public List<ReceivedCall> children(String parentId) {
		return calls().stream().filter((call) -> parentId.equals(call.parentId())).toList();
	}

	/**
	 * Return how many start, end or complete records arrived for call parts the server already
	 * held.
	 * @return the number of duplicates
	 */
	public int duplicateCount() {
		return this.store.duplicateCount();
	}

	/**
	 * Return all objects received, in order.
	 * @return the objects
	 */
	public List<ReceivedObject> objects() {
		return this.store.objects();
	}

	/**
	 * Return all files received, in order.
	 * @return the files
	 */
	public List<ReceivedFile> files() {
		return this.store.files();
	}

	/**
	 * Return all tables received, in order.
	 * @return the tables
	 */
	public List<ReceivedTable> tables() {
		return this.store.tables();
	}

	/**
	 * Return every HTTP request received, in order.
	 * @return the requests
	 */
	public List<RecordedRequest> requests() {
		return this.store.requests();
	}

	/**
	 * Return the requests whose body failed validation.
	 * @return the invalid requests
	 */
	public List<RecordedRequest> invalidRequests() {
		return requests().stream().filter((request) -> !request.isValid()).toList();
	}

	/**
	 * Forget everything received, remove all faults and restore the configured calls complete
	 * mode.
	 */
	public void reset() {
		this.faults.clear();
		this.callsCompleteMode.set(this.callsCompleteModeByDefault);
		this.store.clear();
	}

	/**
	 * Wait until at least {@code count} calls (complete or not) arrived.
	 * @param count the number of calls to wait for
	 * @param timeout how long to wait at most
	 * @return all calls received
	 * @throws AssertionError if they do not arrive in time
	 */
	public List<ReceivedCall> awaitCalls(int count, Duration timeout) {
		return this.store.await(this.store::calls, (calls) -> calls.size() >= count, timeout,
				(calls) -> "expected at least " + count + " calls but received " + calls.size() + "; " + summary());
	}

	/**
	 * Wait until at least {@code count} calls have both their start and end.
	 * @param count the number of complete calls to wait for
	 * @param timeout how long to wait at most
	 * @return the complete calls
	 * @throws AssertionError if they do not arrive in time
	 */
	public List<ReceivedCall> awaitCompleteCalls(int count, Duration timeout) {
		return this.store.await(this::completeCalls, (calls) -> calls.size() >= count, timeout,
				(calls) -> "expected at least " + count + " complete calls but received " + calls.size() + "; "
						+ summary());
	}

	/**
	 * Wait until at least {@code count} HTTP requests arrived (and were answered or dropped).
	 * @param count the number of requests to wait for
	 * @param timeout how long to wait at most
	 * @return all requests received
	 * @throws AssertionError if they do not arrive in time
	 */
	public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
		return this.store.await(this.store::requests, (requests) -> requests.size() >= count, timeout,
				(requests) -> "expected at least " + count + " requests but received " + requests.size() + ": "
						+ requests);
	}

	/**
	 * Return a one-line summary of what the server received.
	 * @return the summary
	 */
	public String summary() {
		List<ReceivedCall> calls = calls();
		List<RecordedRequest> requests = requests();
		return "calls=" + calls.size() + " complete=" + calls.stream().filter(ReceivedCall::isComplete).count()
				+ " duplicates=" + duplicateCount() + " objects=" + objects().size() + " files=" + files().size()
				+ " tables=" + tables().size() + " requests=" + requests.size() + " invalid="
				+ requests.stream().filter((request) -> !request.isValid()).count() + " faulted="
				+ this.faults.faultedCount();
	}

	@Override
	public String toString() {
		return "FakeWeaveServer[" + (isRunning() ? baseUrl() : "not running") + ", strict=" + this.strict + "]";
	}

	/**
	 * Run the server until the process is killed, logging each request to standard output.
	 * Options: {@code --port=N} (default 8765), {@code --api-key=KEY},
	 * {@code --calls-complete-mode}, {@code --lenient}, {@code --help}.
	 * @param args the command line
	 * @throws InterruptedException if interrupted while running
	 */
	public static void main(String[] args) throws InterruptedException {
		FakeWeaveServer server;
		try {
			server = startStandalone(System.out, args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(StandaloneOptions.USAGE);
			System.exit(2);
			return;
		}
		if (server == null) {
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fake-weave-server-shutdown"));
		server.awaitClose();
	}

	/**
	 * Start a server as {@link #main(String[])} does, logging to {@code out}.
	 * @param out where to log
	 * @param args the command line
	 * @return the running server, or {@code null} if only the usage was asked for
	 */
	static FakeWeaveServer startStandalone(PrintStream out, String... args) {
		StandaloneOptions options = StandaloneOptions.parse(args);
		if (options.help()) {
			out.println(StandaloneOptions.USAGE);
			return null;
		}
		AtomicReference<FakeWeaveServer> started = new AtomicReference<>();
		FakeWeaveServer server = builder().port(options.port())
			.apiKey(options.apiKey())
			.strict(options.strict())
			.callsCompleteMode(options.callsCompleteMode())
			.requestListener((request) -> out.println(logLine(request, started.get())))
			.build();
		started.set(server);
		server.start();
		out.println("Fake Weave trace server listening on " + server.baseUrl());
		out.println("  api key: " + (options.apiKey().equals(DEFAULT_API_KEY) ? DEFAULT_API_KEY : "as given by --api-key")
				+ ", strict mode: " + (options.strict() ? "on" : "off") + ", calls complete mode: "
				+ (options.callsCompleteMode() ? "required" : "off"));
		out.println("  e.g. WF_TRACE_SERVER_URL=" + server.baseUrl() + " WANDB_API_KEY="
				+ (options.apiKey().equals(DEFAULT_API_KEY) ? DEFAULT_API_KEY : "<the api key>"));
		out.flush();
		return server;
	}

	private static String logLine(RecordedRequest request, FakeWeaveServer server) {
		StringBuilder line = new StringBuilder().append(LocalTime.now().truncatedTo(ChronoUnit.MILLIS))
			.append(' ')
			.append(request.method())
			.append(' ')
			.append(request.path())
			.append(" -> ")
			.append((request.status() != RecordedRequest.NO_RESPONSE) ? request.status() : "dropped")
			.append(" (")
			.append(request.bodySize())
			.append(" bytes")
			.append(request.isFaulted() ? ", fault: " + request.fault() : "")
			.append(") | ")
			.append(server.summary());
		request.validationErrors().forEach((error) -> line.append(System.lineSeparator()).append("    ! ").append(error));
		return line.toString();
	}

	/**
	 * Block until the server is closed.
	 * @throws InterruptedException if interrupted while waiting
	 */
	void awaitClose() throws InterruptedException {
		this.closed.await();
	}

	private static InetAddress loopback() {
		try {
			return InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JsonMapper mapper() {
		// Bodies of tens of MiB may carry a single large string
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxStringLength(Integer.MAX_VALUE)
			.maxDocumentLength(-1)
			.build();
		return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build()).build();
	}

	/**
	 * Configures a {@link FakeWeaveServer}.
	 */
	public static final class Builder {

		private String apiKey = DEFAULT_API_KEY;

		private int port;

		private boolean strict = true;

		private boolean callsCompleteMode;

		private int threads = 8;

		private Consumer<RecordedRequest> requestListener;

		private Builder() {
		}

		/**
		 * Set the API key to expect.
		 * @param apiKey the API key, {@value FakeWeaveServer#DEFAULT_API_KEY} by default
		 * @return this builder
		 */
		public Builder apiKey(String apiKey) {
			this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
			return this;
		}

		/**
		 * Set the port to listen on.
		 * @param port the port, 0 (the default) for any free port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Set whether to validate in strict mode (the default) or only as strictly as the
		 * real trace server.
		 * @param strict whether strict mode is on
		 * @return this builder
		 */
		public Builder strict(boolean strict) {
			this.strict = strict;
			return this;
		}

		/**
		 * Set whether the server starts requiring calls complete mode.
		 * @param callsCompleteMode whether the legacy call endpoints are refused
		 * @return this builder
		 * @see FakeWeaveServer#requireCallsCompleteMode(boolean)
		 */
		public Builder callsCompleteMode(boolean callsCompleteMode) {
			this.callsCompleteMode = callsCompleteMode;
			return this;
		}

		/**
		 * Set how many requests the server handles at once.
		 * @param threads the number of threads, 8 by default
		 * @return this builder
		 */
		public Builder threads(int threads) {
			if (threads < 1) {
				throw new IllegalArgumentException("threads must be positive");
			}
			this.threads = threads;
			return this;
		}

		/**
		 * Set a listener told of every request, on the server's thread, before the answer is
		 * sent.
		 * @param requestListener the listener
		 * @return this builder
		 */
		public Builder requestListener(Consumer<RecordedRequest> requestListener) {
			this.requestListener = requestListener;
			return this;
		}

		/**
		 * Build a server without starting it.
		 * @return the server
		 */
		public FakeWeaveServer build() {
			return new FakeWeaveServer(this);
		}

		/**
		 * Build and start a server.
		 * @return the running server
		 */
		public FakeWeaveServer start() {
			return build().start();
		}

	}

}
