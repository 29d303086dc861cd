package io.weave.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A call about to start: its op, inputs, attributes, display name and parent. Obtained from
 * {@link WeaveClient#newCall(String)}.
 */
public final class CallBuilder {

	private final WeaveClient client;

	private final String opName;

	private String signature;

	private String displayName;

	private Map<String, ?> inputs = Map.of();

	private Map<String, Object> attributes = Map.of();

	private Call parent;

	private boolean parentSet;

	CallBuilder(WeaveClient client, String opName) {
		this.client = client;
		this.opName = opName;
	}

	/** The inputs, by parameter name. */
	public CallBuilder inputs(Map<String, ?> inputs) {
		this.inputs = (inputs != null) ? inputs : Map.of();
		return this;
	}

	/** Adds one input. */
	public CallBuilder input(String name, Object value) {
		Map<String, Object> copy = new LinkedHashMap<>(this.inputs);
		copy.put(name, value);
		this.inputs = copy;
		return this;
	}

	/**
	 * What identifies the op's code, e.g. a method's signature; it is part of the published op
	 * and so of the op's digest. Defaults to the op name.
	 */
	public CallBuilder signature(String signature) {
		this.signature = signature;
		return this;
	}

	/**
	 * Adds an attribute to the call's {@code attributes}, beside those of the enclosing
	 * {@linkplain CallContext#attributes(Map) scopes}, over which it wins. The {@code weave}
	 * key is the client's own: an attribute of that name is left out.
	 * @param name the attribute's name
	 * @param value its value, serialized and redacted like an input
	 * @return this builder
	 */
	public CallBuilder attribute(String name, Object value) {
		if (name != null) {
			Map<String, Object> copy = new LinkedHashMap<>(this.attributes);
			copy.put(name, value);
			this.attributes = copy;
		}
		return this;
	}

	/** Adds attributes; see {@link #attribute(String, Object)}. */
	public CallBuilder attributes(Map<String, ?> attributes) {
		if (attributes != null && !attributes.isEmpty()) {
			Map<String, Object> copy = new LinkedHashMap<>(this.attributes);
			attributes.forEach((name, value) -> {
				if (name != null) {
					copy.put(name, value);
				}
			});
			this.attributes = copy;
		}
		return this;
	}

	/** The name shown for this call in the UI instead of the op name. */
	public CallBuilder displayName(String displayName) {
		this.displayName = displayName;
		return this;
	}

	/** An explicit parent instead of the current call; {@code null} starts a new trace. */
	public CallBuilder parent(Call parent) {
		this.parent = parent;
		this.parentSet = true;
		return this;
	}

	/** Starts the call and makes it current on this thread until it ends. */
	public Call start() {
		return this.client.start(this);
	}

	/** Runs {@code body} as this call; an exception is recorded and rethrown unchanged. */
	public <T, E extends Throwable> T call(WeaveClient.OpFunction<T, E> body) throws E {
		Call call = start();
		T result;
		try {
			result = body.apply();
		}
		catch (Throwable ex) {
			call.fail(ex);
			throw ex;
		}
		call.end(result);
		return result;
	}

	/** Runs {@code body} as this call with no output; an exception is recorded and rethrown unchanged. */
	public <E extends Throwable> void run(WeaveClient.OpRunnable<E> body) throws E {
		call(() -> {
			body.run();
			return null;
		});
	}

	String opName() {
		return this.opName;
	}

	String signature() {
		return (this.signature != null) ? this.signature : this.opName;
	}

	String displayName() {
		return this.displayName;
	}

	Map<String, Object> attributes() {
		return this.attributes;
	}

	Map<String, ?> inputs() {
		return this.inputs;
	}

	Call parent() {
		return this.parentSet ? this.parent : CallContext.current();
	}

}
