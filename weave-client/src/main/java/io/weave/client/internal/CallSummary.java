package io.weave.client.internal;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.weave.client.LlmUsage;

/**
 * The summary a call sends when it ends: the entries and model usage recorded on it, plus the
 * summaries of its children that ended before it, added leaf by leaf as the Python SDK does
 * (numbers at the same path are summed, objects are merged, other values keep the first one).
 * <p>
 * Only calls that record something or have such a child get one. Once closed, when its call
 * ends, it refuses further additions: its call's summary is on its way, so a child that ends
 * later adds to the nearest ancestor still open instead.
 */
public final class CallSummary {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final String USAGE = "usage";

	private final ObjectNode own = NODES.objectNode();

	private final ObjectNode children = NODES.objectNode();

	private boolean closed;

	/**
	 * Adds usage of {@code model} to the call's own {@code summary.usage}.
	 * @return whether it was added: {@code false} once closed
	 */
	public synchronized boolean addUsage(String model, LlmUsage usage) {
		if (this.closed) {
			return false;
		}
		ObjectNode counts = NODES.objectNode();
		counts.put("requests", usage.requests());
		counts.put("prompt_tokens", usage.promptTokens());
		counts.put("completion_tokens", usage.completionTokens());
		counts.put("total_tokens", usage.totalTokens());
		if (usage.cacheReadInputTokens() != 0) {
			counts.put("cache_read_input_tokens", usage.cacheReadInputTokens());
		}
		if (usage.cacheCreationInputTokens() != 0) {
			counts.put("cache_creation_input_tokens", usage.cacheCreationInputTokens());
		}
		ObjectNode byModel = NODES.objectNode();
		byModel.set(model, counts);
		ObjectNode entry = NODES.objectNode();
		entry.set(USAGE, byModel);
		addLeaves(this.own, entry);
		return true;
	}

	/**
	 * Sets one of the call's own entries, replacing an earlier value of the same key.
	 * @return whether it was set: {@code false} once closed
	 */
	public synchronized boolean put(String key, JsonNode value) {
		if (this.closed) {
			return false;
		}
		this.own.set(key, value);
		return true;
	}

	/**
	 * Adds an ended child's summary.
	 * @return whether it was added: {@code false} once closed
	 */
	public synchronized boolean addChild(JsonNode summary) {
		if (this.closed) {
			return false;
		}
		addLeaves(this.children, summary);
		return true;
	}

	/**
	 * Closes the summary.
	 * @return the call's own entries with its children's added, or {@code null} if there are none
	 */
	public synchronized ObjectNode close() {
		this.closed = true;
		if (this.own.isEmpty() && this.children.isEmpty()) {
			return null;
		}
		ObjectNode summary = this.own.deepCopy();
		addLeaves(summary, this.children);
		return summary;
	}

	/**
	 * Adds {@code from} into {@code into} leaf by leaf: numbers at the same path are summed,
	 * objects merged; a value {@code into} lacks is copied; any other value {@code into} has is kept.
	 */
	static void addLeaves(ObjectNode into, JsonNode from) {
		for (Map.Entry<String, JsonNode> property : from.properties()) {
			String key = property.getKey();
			JsonNode value = property.getValue();
			JsonNode existing = into.get(key);
			if (existing == null || existing.isNull()) {
				into.set(key, value.deepCopy());
			}
			else if (existing.isObject() && value.isObject()) {
				addLeaves((ObjectNode) existing, value);
			}
			else if (existing.isNumber() && value.isNumber()) {
				into.set(key, sum(existing, value));
			}
		}
	}

	private static JsonNode sum(JsonNode a, JsonNode b) {
		if (a.isIntegralNumber() && b.isIntegralNumber()) {
			if (a.canConvertToLong() && b.canConvertToLong()) {
				long x = a.longValue();
				long y = b.longValue();
				long total = x + y;
				// overflow only when both have the sign the total lacks
				if (((x ^ total) & (y ^ total)) >= 0) {
					return NODES.numberNode(total);
				}
			}
			return NODES.numberNode(a.bigIntegerValue().add(b.bigIntegerValue()));
		}
		if (a.isBigDecimal() || b.isBigDecimal()) {
			return NODES.numberNode(a.decimalValue().add(b.decimalValue()));
		}
		return NODES.numberNode(a.doubleValue() + b.doubleValue());
	}

}
