package io.weave.client.internal;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.weave.client.LlmUsage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How summaries add up: leaf by leaf, as the Python SDK's {@code sum_dict_leaves}.
 */
class CallSummaryTests {

	@Test
	void numbersAtTheSamePathAreSummedObjectsMergedAndOtherValuesKept() {
		ObjectNode into = object("""
				{"n": 1, "x": 0.25, "big": 9223372036854775807, "label": "mine", "mixed": 3, "nested": {"a": 1}}""");
		CallSummary.addLeaves(into, json("""
				{"n": 2, "x": 0.5, "big": 1, "label": "theirs", "mixed": "three", "nested": {"a": 2, "b": [1]},
				 "new": {"c": 1}}"""));
		assertThat(reparsed(into)).isEqualTo(json("""
				{"n": 3, "x": 0.75, "big": 9223372036854775808, "label": "mine", "mixed": 3,
				 "nested": {"a": 3, "b": [1]}, "new": {"c": 1}}"""));
	}

	@Test
	void ownEntriesAreReplacedWhileChildrenKeepAddingAndNothingIsAcceptedOnceClosed() {
		CallSummary summary = new CallSummary();
		assertThat(summary.put("documents", json("1"))).isTrue();
		assertThat(summary.addChild(json("{\"documents\": 4}"))).isTrue();
		assertThat(summary.put("documents", json("2"))).isTrue();
		assertThat(summary.addUsage("m", LlmUsage.of(3, 4))).isTrue();
		assertThat(summary.addChild(json("{\"usage\": {\"m\": {\"requests\": 1, \"prompt_tokens\": 10}}}"))).isTrue();
		assertThat(reparsed(summary.close())).isEqualTo(json("""
				{"documents": 6,
				 "usage": {"m": {"requests": 2, "prompt_tokens": 13, "completion_tokens": 4, "total_tokens": 7}}}"""));
		assertThat(summary.addChild(json("{\"documents\": 100}"))).isFalse();
		assertThat(summary.put("late", json("1"))).isFalse();
		assertThat(summary.addUsage("m", LlmUsage.of(1, 1))).isFalse();
	}

	@Test
	void anEmptySummaryClosesToNothing() {
		assertThat(new CallSummary().close()).isNull();
	}

	@Test
	void usageValuesAddCountByCountAndNeverGoNegative() {
		LlmUsage sum = LlmUsage.of(10, 2).plus(new LlmUsage(1, 5, 1, 6, 3, -7));
		assertThat(sum).isEqualTo(new LlmUsage(2, 15, 3, 18, 3, 0));
	}

	private static JsonNode json(String text) {
		return JsonMapper.shared().readTree(text);
	}

	/** Node types differ between built and parsed trees (a long, an int); their JSON does not. */
	private static JsonNode reparsed(JsonNode node) {
		return json(node.toString());
	}

	private static ObjectNode object(String text) {
		return (ObjectNode) json(text);
	}

}
