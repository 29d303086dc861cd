package io.weave.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the scopes opened with {@link CallContext#attributes(Map)} and
 * {@link CallContext#thread(String)} apply to the calls started inside them. Immutable: a
 * nested scope makes a new one, and closing it puts the enclosing one back.
 */
final class ContextValues {

	private static final ContextValues NONE = new ContextValues(Map.of(), null);

	private final Map<String, Object> attributes;

	private final String threadId;

	private ContextValues(Map<String, Object> attributes, String threadId) {
		this.attributes = attributes;
		this.threadId = threadId;
	}

	static ContextValues orNone(ContextValues values) {
		return (values != null) ? values : NONE;
	}

	/** These values with {@code more} attributes, which win over those of the same key. */
	ContextValues withAttributes(Map<String, ?> more) {
		if (more == null || more.isEmpty()) {
			return this;
		}
		Map<String, Object> merged = new LinkedHashMap<>(this.attributes);
		more.forEach((key, value) -> {
			if (key != null) {
				merged.put(key, value);
			}
		});
		return new ContextValues(Collections.unmodifiableMap(merged), this.threadId);
	}

	ContextValues withThread(String threadId) {
		return new ContextValues(this.attributes, threadId);
	}

	/** {@code null} for values that change nothing, so that threads outside any scope hold none. */
	ContextValues orNull() {
		return (this.attributes.isEmpty() && this.threadId == null) ? null : this;
	}

	Map<String, Object> attributes() {
		return this.attributes;
	}

	String threadId() {
		return this.threadId;
	}

}
