package io.weave.client.internal.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trace server stand-in on 127.0.0.1 for transport and sender tests: records every request
 * and answers as scripted, including with dropped connections.
 */
public final class ScriptedTraceServer implements AutoCloseable {

	static {
		// Without it, delayed ACKs add ~40 ms to each exchange with the JDK server.
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private final Deque<Responder> script = new ArrayDeque<>();

	private volatile Responder fallback = (request) -> Reply.ok();

	public ScriptedTraceServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Answers the next requests with these replies, in order, before the fallback. */
	public ScriptedTraceServer thenReply(Responder... responders) {
		synchronized (this.script) {
			this.script.addAll(List.of(responders));
		}
		return this;
	}

	/** Answers every request not covered by {@link #thenReply} with this. */
	public ScriptedTraceServer otherwiseReply(Responder responder) {
		this.fallback = responder;
		return this;
	}

	public List<Recorded> requests() {
		return List.copyOf(this.requests);
	}

	public List<Recorded> requests(String path) {
		return this.requests.stream().filter((request) -> request.path().equals(path)).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
					Map.copyOf(exchange.getRequestHeaders()), body, System.nanoTime());
			this.requests.add(request);
			Reply reply = next().reply(request);
			if (reply.dropConnection()) {
				throw new IOException("Dropping the connection as scripted");
			}
			reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			byte[] response = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(reply.status(), (response.length > 0) ? response.length : -1);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(response);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private Responder next() {
		synchronized (this.script) {
			Responder scripted = this.script.pollFirst();
			return (scripted != null) ? scripted : this.fallback;
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/** Decides the reply to a request; may block, e.g. to hold the sender in flight. */
	@FunctionalInterface
	public interface Responder {

		Reply reply(Recorded request) throws InterruptedException;

	}

	/**
	 * A scripted reply.
	 *
	 * @param status the HTTP status
	 * @param headers response headers
	 * @param body the response body
	 * @param dropConnection whether to close the connection without answering
	 */
	public record Reply(int status, Map<String, String> headers, String body, boolean dropConnection)
			implements Responder {

		public static Reply ok() {
			return status(200, "{}");
		}

		public static Reply status(int status, String body) {
			return new Reply(status, Map.of(), body, false);
		}

		public static Reply retryAfter(int status, String retryAfter) {
			return new Reply(status, Map.of("Retry-After", retryAfter), "{\"detail\":\"slow down\"}", false);
		}

		public static Reply callsCompleteModeRequired() {
			return status(400, "{\"error_code\":\"CALLS_COMPLETE_MODE_REQUIRED\",\"message\":\"use calls/complete\"}");
		}

		public static Reply drop() {
			return new Reply(0, Map.of(), "", true);
		}

		@Override
		public Reply reply(Recorded request) {
			return this;
		}

	}

	/**
	 * A request as the server received it.
	 *
	 * @param method the HTTP method
	 * @param path the raw request path
	 * @param headers the request headers
	 * @param body the request body
	 * @param receivedAt when it arrived, in {@link System#nanoTime()} terms
	 */
	public record Recorded(String method, String path, Map<String, List<String>> headers, byte[] body,
			long receivedAt) {

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		public String bodyAsString() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		public JsonNode json() {
			return JsonMapper.shared().readTree(this.body);
		}

		/** The items of a {@code {"batch":[…]}} body. */
		public List<JsonNode> batch() {
			List<JsonNode> items = new ArrayList<>();
			json().path("batch").forEach(items::add);
			return items;
		}

	}

}
