package io.weave.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

/**
 * A traced call in progress. Started by {@link WeaveClient#startCall}, it is the current call
 * of the starting thread until it ends, so calls started meanwhile become its children.
 * <p>
 * End it exactly once, with {@link #end(Object)} or {@link #fail(Throwable)}; later ends are
 * ignored. Ending never throws.
 */
public final class Call implements AutoCloseable {

	private final WeaveClient client;

	private final String id;

	private final String traceId;

	private final String parentId;

	private final String opName;

	private final long startedAtMillis;

	private static final VarHandle ENDED;

	static {
		try {
			ENDED = MethodHandles.lookup().findVarHandle(Call.class, "ended", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile boolean ended;

	private volatile Thread startThread;

	private volatile Call previous;

	Call(WeaveClient client, String id, String traceId, String parentId, String opName, long startedAtMillis) {
		this.client = client;
		this.id = id;
		this.traceId = traceId;
		this.parentId = parentId;
		this.opName = opName;
		this.startedAtMillis = startedAtMillis;
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
		return this.parentId;
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

	public boolean isEnded() {
		return this.ended;
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
		if (!ENDED.compareAndSet(this, false, true)) {
			return;
		}
		detach();
		if (this.client != null) {
			this.client.endCall(this, output, exception);
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
