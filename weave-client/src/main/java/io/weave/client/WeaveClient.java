package io.weave.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.weave.client.internal.CallRecords;
import io.weave.client.internal.StatsRecorder;
import io.weave.client.internal.json.Redactor;
import io.weave.client.internal.json.ValueSerializer;
import io.weave.client.internal.op.OpRegistry;
import io.weave.client.internal.Outbox;
import io.weave.client.internal.wire.Ids;
import io.weave.client.internal.wire.RequestType;
import io.weave.client.internal.wire.WireRequest;

/**
 * The Weave tracing client: records calls and uploads them to the Weave trace server in the
 * background.
 * <p>
 * Build one per process with {@link #builder()} or {@link #fromEnvironment()} and close it
 * when done (try-with-resources works); closing flushes what is still pending. Tracing never
 * throws into the traced code and never waits on the network: requests are queued and sent
 * by a background sender.
 *
 * <pre>{@code
 * try (WeaveClient weave = WeaveClient.builder().project("my-team/support-bot").apiKey(key).build()) {
 *     String answer = weave.call("answer", Map.of("question", q), () -> assistant.answer(q));
 * }
 * }</pre>
 */
public final class WeaveClient implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(WeaveClient.class);

	private final ProjectId project;

	private final WeaveClientSettings settings;

	private final StatsRecorder stats;

	private final ValueSerializer serializer;

	private final OpRegistry ops;

	private final CallRecords records;

	private final Outbox outbox;

	private final AtomicBoolean closed = new AtomicBoolean();

	WeaveClient(WeaveClientSettings settings, Outbox outbox, StatsRecorder stats) {
		this.project = settings.project();
		this.settings = settings;
		this.stats = stats;
		this.serializer = new ValueSerializer(settings.limits(), settings.redactor());
		this.ops = new OpRegistry(this.project.toString());
		this.records = new CallRecords(this.project, settings.redactor());
		this.outbox = outbox;
	}

	/** A builder for a client; see {@link WeaveClientBuilder}. */
	public static WeaveClientBuilder builder() {
		return new WeaveClientBuilder();
	}

	/**
	 * A client configured from Weave's environment variables: {@code WEAVE_PROJECT},
	 * {@code WANDB_API_KEY}, {@code WF_TRACE_SERVER_URL} or {@code WANDB_BASE_URL}.
	 */
	public static WeaveClient fromEnvironment() {
		return builder().environment(WeaveEnvironment.system()).build();
	}

	public ProjectId project() {
		return this.project;
	}

	/**
	 * Starts a call of the op {@code opName} as a child of the current call (or a new trace) and
	 * makes it current on this thread until it ends.
	 * @param opName the op's name
	 * @param inputs the call's named inputs
	 * @return the call, to be ended with {@link Call#end(Object)} or {@link Call#fail(Throwable)}
	 */
	public Call startCall(String opName, Map<String, ?> inputs) {
		return newCall(opName).inputs(inputs).start();
	}

	/**
	 * Runs {@code body} as a call of the op {@code opName}: its result is the call's output, an
	 * exception it throws is recorded and rethrown unchanged.
	 */
	public <T, E extends Throwable> T call(String opName, Map<String, ?> inputs, OpFunction<T, E> body) throws E {
		return newCall(opName).inputs(inputs).call(body);
	}

	/** Runs {@code body} as a call of the op {@code opName}, with no output. */
	public <E extends Throwable> void run(String opName, Map<String, ?> inputs, OpRunnable<E> body) throws E {
		newCall(opName).inputs(inputs).run(body);
	}

	/** A call to configure further (signature, display name, explicit parent) before starting it. */
	public CallBuilder newCall(String opName) {
		return new CallBuilder(this, opName);
	}

	Call start(CallBuilder spec) {
		if (this.closed.get()) {
			return detached(spec);
		}
		try {
			Call parent = sameProject(spec.parent());
			long now = System.currentTimeMillis();
			String id = Ids.uuidV7String(now);
			String traceId = (parent != null) ? parent.traceId() : Ids.uuidV7String(now);
			OpRegistry.Resolution op = this.ops.resolve(spec.opName(), spec.signature());
			publish(op, spec);
			ContextValues scoped = CallContext.values();
			Turn turn = (scoped != null) ? Turn.of(scoped.threadId(), parent, id) : null;
			Call call = new Call(this, id, traceId, parent, op.ref(), now, turn);
			ObjectNode attributes = attributes(scoped, spec.attributes());
			ObjectNode inputs = this.serializer.inputs(spec.inputs());
			this.outbox.offer(RequestType.CALL_START, id, now,
					this.records.writeStart(call, spec.displayName(), attributes, inputs));
			this.stats.callStarted();
			call.attach();
			return call;
		}
		catch (RuntimeException ex) {
			logger.warn("Weave: could not start a call of '{}'; it is not traced", spec.opName(), ex);
			return detached(spec);
		}
	}

	/** The scoped attributes and the call's own, serialized; {@code null} if there are none. */
	private ObjectNode attributes(ContextValues scoped, Map<String, Object> own) {
		if (scoped == null && own.isEmpty()) {
			return null;
		}
		Map<String, Object> merged = new LinkedHashMap<>(ContextValues.orNone(scoped).attributes());
		merged.putAll(own);
		return merged.isEmpty() ? null : this.serializer.inputs(merged);
	}

	/** @param summary the call's closed summary, or {@code null} if it has none */
	void endCall(Call call, Object output, Throwable exception, ObjectNode summary) {
		try {
			JsonNode value = (exception != null) ? null : this.serializer.value(output);
			if (summary != null) {
				call.rollUp(summary);
			}
			long now = System.currentTimeMillis();
			this.outbox.offer(RequestType.CALL_END, call.id(), now,
					this.records.writeEnd(call, value, exception, now, summary));
			this.stats.callEnded();
		}
		catch (RuntimeException ex) {
			logger.warn("Weave: could not end call {}; its end is not traced", call.id(), ex);
		}
	}

	/** The value of a call's summary entry {@code key}, serialized and redacted like an input of that name. */
	JsonNode summaryValue(String key, Object value) {
		if (this.serializer.redactor().isRedacted(key)) {
			return JsonNodeFactory.instance.stringNode(Redactor.REDACTED);
		}
		return this.serializer.value(value);
	}

	private Call sameProject(Call parent) {
		if (parent == null || parent.client() == null) {
			return null;
		}
		return parent.client().project.equals(this.project) ? parent : null;
	}

	private Call detached(CallBuilder spec) {
		long now = System.currentTimeMillis();
		return new Call(null, Ids.uuidV7String(now), Ids.uuidV7String(now), null, spec.opName(), now);
	}

	/** Enqueues an op's publishing requests; if the outbox drops one, the op's next call publishes it again. */
	private void publish(OpRegistry.Resolution op, CallBuilder spec) {
		for (WireRequest request : op.publish()) {
			if (!this.outbox.offer(request)) {
				this.ops.publishFailed(spec.opName(), spec.signature());
				return;
			}
		}
	}

	/**
	 * Waits until every request enqueued before this call is acknowledged by the server, or the
	 * timeout passes. Never throws.
	 * @param timeout how long to wait at most
	 * @return what was sent, what is still pending and what failed
	 */
	public FlushResult flush(Duration timeout) {
		return this.outbox.flush(timeout, null, null);
	}

	/**
	 * Flushes like {@link #flush(Duration)}, reporting progress to {@code listener}, then shuts
	 * the client down: calls started afterwards are not traced.
	 * @param timeout how long to wait for pending requests at most
	 * @param listener hears progress and the outcome
	 * @return the outcome of the final flush
	 */
	public FlushResult finish(Duration timeout, FlushListener listener) {
		if (!this.closed.compareAndSet(false, true)) {
			return new FlushResult(true, 0, 0, 0, Duration.ZERO);
		}
		FlushResult result = this.outbox.flush(timeout, this.settings.progressInterval(),
				(progress) -> notify(() -> listener.onProgress(progress.sent(), progress.pending(), progress.elapsed())));
		this.outbox.close();
		notify(() -> listener.onComplete(result));
		return result;
	}

	private static void notify(Runnable notification) {
		try {
			notification.run();
		}
		catch (RuntimeException ex) {
			logger.debug("Weave: flush listener failed", ex);
		}
	}

	/** {@link #finish(Duration, FlushListener)} with the configured timeout and a logging listener. */
	public FlushResult finish() {
		return finish(this.settings.closeTimeout(), FlushListener.logging());
	}

	/** Finishes with the configured timeout; see {@link #finish()}. */
	@Override
	public void close() {
		finish();
	}

	public boolean isClosed() {
		return this.closed.get();
	}

	/** The client's counters, readable at any time from any thread. */
	public WeaveStats stats() {
		return this.stats.snapshot();
	}

	/**
	 * What is waiting to reach the server and what failed on the way, for operators (the
	 * Spring Boot starter shows it at {@code /actuator/weave}).
	 */
	public WeaveBacklog backlog() {
		return this.outbox.backlog();
	}

	/**
	 * Sends the dead letters again: the requests the server rejected, once the cause is fixed
	 * (the Spring Boot starter offers it as {@code POST /actuator/weave/deadletters/replay}).
	 * They are queued again as they were — appended to the write-ahead log, or put in the
	 * upload queue without it — and removed from the dead letters only once safely queued; a
	 * crash midway at worst sends some twice, and the server keeps one copy. A letter the server
	 * rejects again becomes a dead letter again. Never throws.
	 * @return how many letters were queued again and how many stay
	 */
	public DeadLetterReplay replayDeadLetters() {
		DeadLetterReplay replay = this.outbox.replayDeadLetters();
		logger.info("Weave: replayed dead letters: {}", replay);
		return replay;
	}

	/** A body run as an op, returning a value. */
	@FunctionalInterface
	public interface OpFunction<T, E extends Throwable> {

		T apply() throws E;

	}

	/** A body run as an op, returning nothing. */
	@FunctionalInterface
	public interface OpRunnable<E extends Throwable> {

		void run() throws E;

	}

}
