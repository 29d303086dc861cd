package io.weave.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import io.weave.client.internal.CallSummary;

/**
 * A traced call in progress. Started by {@link WeaveClient#startCall}, it is the current call
 * of the starting thread until it ends, so calls started meanwhile become its children.
 * <p>
 * End it exactly once, with {@link #end(Object)} or {@link #fail(Throwable)}; later ends are
 * ignored. Ending never throws.
 * <p>
 * Until it ends, a call collects its {@code summary}: the {@linkplain #usage(String, LlmUsage)
 * model usage} and {@linkplain #summary(String, Object) entries} recorded on it, plus the
 * summaries of its children that end before it, added leaf by leaf (numbers at the same path
 * are summed), so that a trace's root carries the trace's totals. A child that ends after its
 * parent is sent with its own summary as usual, but its parent's summary has already been sent
 * without it: it is added to the nearest ancestor that is still running instead, if any.
 * Recording on a call that has ended is ignored. The attributes and display name are part of
 * the call's start: give them to the {@link CallBuilder}.
 */
public final class Call implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Call.class);

	/** The summary of an ended call: refuses every addition. */
	private static final CallSummary CLOSED = closed();

	private final WeaveClient client;

	private final String id;

	private final String traceId;

	private final Call parent;

	private final String opName;

	private final long startedAtMillis;

	private final Turn turn;

	private static final VarHandle SUMMARY;

	static {
		try {
			SUMMARY = MethodHandles.lookup().findVarHandle(Call.class, "summary", CallSummary.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile Thread startThread;

	private volatile Call previous;

	/**
	 * Created when the call first records something or a child adds to it; {@link #CLOSED} once
	 * the call has ended, which is how the call knows it has (one field, no more bytes per call).
	 */
	private volatile CallSummary summary;

	/** A call with a parent known only by its id, or none; for calls that are not sent. */
	Call(WeaveClient client, String id, String traceId, String parentId, String opName, long startedAtMillis) {
		this(client, id, traceId, (parentId != null) ? new Call(null, parentId, traceId, null, null, startedAtMillis, null)
				: null, opName, startedAtMillis, null);
	}

	Call(WeaveClient client, String id, String traceId, Call parent, String opName, long startedAtMillis, Turn turn) {
		this.client = client;
		this.id = id;
		this.traceId = traceId;
		this.parent = parent;
		this.opName = opName;
		this.startedAtMillis = startedAtMillis;
		this.turn = turn;
	}

	/** The call's id (a UUIDv7 string). */
	public String id() {
		return this.id;
	}

	/** The id of the trace, shared by the root call and all its descendants. */
	public String traceId() {
		return this.traceId;
	}

	/** The parent call's id, or {@code null} for a root call. */
	public String parentId() {
		return (this.parent != null) ? this.parent.id : null;
	}

	/** The op's ref, {@code weave:///entity/project/op/name:digest}. */
	public String opName() {
		return this.opName;
	}

	/** When the call started, to the millisecond (the precision the trace server keeps). */
	public Instant startedAt() {
		return Instant.ofEpochMilli(this.startedAtMillis);
	}

	/** When the call started, epoch milliseconds. */
	public long startedAtMillis() {
		return this.startedAtMillis;
	}

	/**
	 * The conversation this call belongs to ({@code thread_id}), or {@code null}; see
	 * {@link CallContext#thread(String)}.
	 */
	public String threadId() {
		return (this.turn != null) ? this.turn.threadId() : null;
	}

	/** The id of the turn of its thread this call belongs to ({@code turn_id}), or {@code null} outside a thread. */
	public String turnId() {
		return (this.turn != null) ? this.turn.id() : null;
	}

	Turn turn() {
		return this.turn;
	}

	public boolean isEnded() {
		return this.summary == CLOSED;
	}

	/**
	 * Records usage of a language model: added to this call's {@code summary.usage} entry for
	 * {@code model}, so that recording twice for one model sums the counts. The trace server
	 * prices the entry by the model's name.
	 * @param model the model's name as its provider reports it, e.g. {@code gpt-4o-mini}
	 * @param usage what was used
	 * @return this call
	 */
	public Call usage(String model, LlmUsage usage) {
		if (model == null || usage == null) {
			logger.debug("Weave: usage without a model or counts on {} is ignored", this);
		}
		else if (!summaryToRecord().addUsage(model, usage)) {
			logger.debug("Weave: usage recorded on {} after it ended is ignored", this);
		}
		return this;
	}

	/**
	 * Sets an entry of this call's {@code summary}, such as a score or a count; a number is
	 * added into the summaries of the call's ancestors like usage. Setting a key again replaces
	 * the value. {@code usage} is recorded with {@link #usage(String, LlmUsage)}, and
	 * {@code weave} is the trace server's own: both keys are refused.
	 * @param key the entry's key
	 * @param value the value, serialized and redacted like an input
	 * @return this call
	 */
	public Call summary(String key, Object value) {
		if (key == null || key.equals("usage") || key.equals("weave")) {
			logger.warn("Weave: summary key '{}' is refused: 'usage' is recorded with usage(model, usage), "
					+ "'weave' belongs to the trace server", key);
			return this;
		}
		if (this.client != null && !summaryToRecord().put(key, this.client.summaryValue(key, value))) {
			logger.debug("Weave: summary entry recorded on {} after it ended is ignored", this);
		}
		return this;
	}

	private CallSummary summaryToRecord() {
		CallSummary current = this.summary;
		if (current != null) {
			return current;
		}
		CallSummary created = new CallSummary();
		CallSummary witness = (CallSummary) SUMMARY.compareAndExchange(this, null, created);
		return (witness != null) ? witness : created;
	}

	/** Adds an ended call's summary to its parent's, or the nearest ancestor's still running. */
	void rollUp(ObjectNode summary) {
		for (Call ancestor = this.parent; ancestor != null; ancestor = ancestor.parent) {
			CallSummary open = ancestor.summaryToRecord();
			if (open != CLOSED && open.addChild(summary)) {
				return;
			}
		}
	}

	private static CallSummary closed() {
		CallSummary closed = new CallSummary();
		closed.close();
		return closed;
	}

	WeaveClient client() {
		return this.client;
	}

	/** Makes this call current on the calling thread until it ends. */
	void attach() {
		this.startThread = Thread.currentThread();
		this.previous = CallContext.current();
		CallContext.set(this);
	}

	/** What was current on the starting thread when this call started. */
	Call previous() {
		return this.previous;
	}

	/** Ends the call successfully with the given output ({@code null} for none). */
	public void end(Object output) {
		finish(output, null);
	}

	/** Ends the call with the exception it raised; the exception is recorded, not thrown. */
	public void fail(Throwable exception) {
		finish(null, exception);
	}

	/** Ends the call with no output unless it has already ended. */
	@Override
	public void close() {
		finish(null, null);
	}

	private void finish(Object output, Throwable exception) {
		CallSummary last = (CallSummary) SUMMARY.getAndSet(this, CLOSED);
		if (last == CLOSED) {
			return;
		}
		detach();
		if (this.client != null) {
			this.client.endCall(this, output, exception, (last != null) ? last.close() : null);
		}
	}

	private void detach() {
		// An ended call stops being current by itself (see CallContext.current()); on the
		// starting thread, unwind now rather than at the next lookup.
		if (Thread.currentThread() == this.startThread) {
			CallContext.current();
		}
	}

	@Override
	public String toString() {
		return "Call[" + this.opName + ", id=" + this.id + "]";
	}

}
