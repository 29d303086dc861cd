package io.weave.client.internal.json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.std.StdSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/** Values that cannot be serialized as they are: cycles, failures, excess. */
class ValueSerializerSafetyTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final ValueSerializer serializer = new ValueSerializer();

	@Test
	void listContainingItself() {
		List<Object> list = new ArrayList<>();
		list.add("x");
		list.add(list);
		assertThat(json(list)).isEqualTo("[\"x\",\"<unserializable java.util.ArrayList: cyclic reference>\"]");
	}

	@Test
	void mapContainingItself() {
		Map<String, Object> map = new HashMap<>();
		map.put("self", map);
		assertThat(json(map)).isEqualTo("{\"self\":\"<unserializable java.util.HashMap: cyclic reference>\"}");
		assertThat(JSON.writeValueAsString(this.serializer.inputs(map)))
			.isEqualTo("{\"self\":\"<unserializable java.util.HashMap: cyclic reference>\"}");
	}

	@Test
	void beanCycleIsCutWhereItCloses() {
		Node a = new Node("a");
		Node b = new Node("b");
		a.next = b;
		b.next = a;
		String nodeType = Node.class.getName();
		assertThat(json(List.of(a))).isEqualTo("[{\"name\":\"a\",\"next\":{\"name\":\"b\",\"next\":\"<unserializable "
				+ nodeType + ": cyclic reference>\"}}]");
	}

	@Test
	void getterThatThrowsSpoilsOnlyItsProperty() {
		assertThat(json(new Fragile())).isEqualTo("{\"fine\":\"ok\",\"broken\":\"<unserializable " + Fragile.class.getName()
				+ ".broken: getter threw java.lang.IllegalStateException: not today>\"}");
	}

	@Test
	void objectWithoutPropertiesIsDescribed() {
		assertThat(json(new Opaque())).isEqualTo("\"<unserializable " + Opaque.class.getName() + ": no properties>\"");
		assertThat(json(new SelfDescribing())).isEqualTo("\"I describe myself\"");
		assertThat(json(new Object())).isEqualTo("\"<unserializable java.lang.Object: no properties>\"");
	}

	@Test
	void typeJacksonRejectsIsDescribed() {
		assertThat(json(List.of(new Conflicting()))).isEqualTo("[\"<unserializable " + Conflicting.class.getName()
				+ ": Jackson cannot introspect its type>\"]");
	}

	@Test
	void failingCustomSerializerIsDescribed() {
		assertThat(json(Map.of("v", new Exploding()))).isEqualTo("{\"v\":\"<unserializable " + Exploding.class.getName()
				+ ": java.lang.UnsupportedOperationException: kaboom>\"}");
	}

	@Test
	void endlessJsonValueChainStopsAtTheDepthLimit() {
		String json = json(new Endless(0));
		assertThat(json).contains("nested deeper than 32 levels").doesNotContain("cyclic");
	}

	@Test
	void streamsAndIteratorsAreNotConsumed() {
		List<String> list = new ArrayList<>(List.of("a"));
		assertThat(json(list.iterator())).startsWith("\"<unserializable java.util.ArrayList$Itr: not consumed>");
		assertThat(json(Stream.of(1, 2))).contains("not consumed");
	}

	@Test
	void deepNestingIsTruncatedWithAMarker() {
		List<Object> root = new ArrayList<>();
		List<Object> current = root;
		for (int i = 0; i < 100; i++) {
			List<Object> child = new ArrayList<>();
			current.add(child);
			current = child;
		}
		JsonNode node = this.serializer.value(root);
		int depth = 0;
		while (node.isArray()) {
			node = node.get(0);
			depth++;
		}
		assertThat(depth).isEqualTo(32);
		assertThat(node.stringValue()).isEqualTo("…[truncated java.util.ArrayList: nested deeper than 32 levels]");
	}

	@Test
	void hugeStringIsTruncated() {
		String huge = "a".repeat(70_000);
		String value = this.serializer.value(huge).stringValue();
		assertThat(value).hasSize(65_536 + "…[truncated 4464 chars]".length())
			.startsWith("aaaa")
			.endsWith("a…[truncated 4464 chars]");
	}

	@Test
	void truncationNeverSplitsASurrogatePair() {
		ValueSerializer small = new ValueSerializer(Limits.defaults().withMaxStringChars(3), Redactor.defaults());
		assertThat(small.value("ab\uD83D\uDE00cd").stringValue()).isEqualTo("ab…[truncated 4 chars]");
	}

	@Test
	void hugeCollectionsAreTruncated() {
		List<Integer> list = new ArrayList<>();
		Map<String, Integer> map = new HashMap<>();
		for (int i = 0; i < 1500; i++) {
			list.add(i);
			map.put("k" + i, i);
		}
		JsonNode listNode = this.serializer.value(list);
		assertThat(listNode).hasSize(1001);
		assertThat(listNode.get(999).intValue()).isEqualTo(999);
		assertThat(listNode.get(1000).stringValue()).isEqualTo("…[truncated 500 items]");
		JsonNode arrayNode = this.serializer.value(new int[5000]);
		assertThat(arrayNode.get(1000).stringValue()).isEqualTo("…[truncated 4000 items]");
		JsonNode mapNode = this.serializer.value(map);
		assertThat(mapNode).hasSize(1001);
		assertThat(mapNode.get("…").stringValue()).isEqualTo("[truncated 500 entries]");
	}

	@Test
	void sharedSubgraphsCannotMultiplyWithoutBound() {
		// 2^40 paths through 40 levels of lists holding the same child twice.
		Object value = "leaf";
		for (int i = 0; i < 40; i++) {
			value = List.of(value, value);
		}
		ValueSerializer serializer = new ValueSerializer(Limits.defaults().withMaxDepth(64), Redactor.defaults());
		String json = JSON.writeValueAsString(serializer.value(value));
		assertThat(json).contains("…[truncated 1 items]");
		assertThat(json.split("leaf", -1).length - 1).isLessThan(100_000);
	}

	@Test
	void oversizedOutputBecomesATruncationMarker() {
		ValueSerializer capped = new ValueSerializer(Limits.defaults().withMaxValueBytes(1000).withPreviewChars(20),
				Redactor.defaults());
		List<String> big = List.of("x".repeat(600), "y".repeat(600));
		JsonNode value = capped.value(big);
		assertThat(JSON.writeValueAsString(value))
			.isEqualTo("{\"_weave_truncated\":true,\"original_bytes\":1207,\"preview\":\"[\\\"xxxxxxxxxxxxxxxxxx\"}");
		assertThat(capped.value(List.of("small"))).hasSize(1);
	}

	@Test
	void oversizedInputsLoseTheirLargestArgumentsFirst() {
		ValueSerializer capped = new ValueSerializer(Limits.defaults().withMaxValueBytes(1000).withPreviewChars(10),
				Redactor.defaults());
		Map<String, Object> args = new java.util.LinkedHashMap<>();
		args.put("question", "small");
		args.put("document", "d".repeat(900));
		args.put("notes", "n".repeat(300));
		JsonNode inputs = capped.inputs(args);
		assertThat(inputs.get("question").stringValue()).isEqualTo("small");
		assertThat(inputs.get("notes").stringValue()).hasSize(300);
		assertThat(inputs.get("document").get("_weave_truncated").booleanValue()).isTrue();
		assertThat(inputs.get("document").get("original_bytes").intValue()).isEqualTo(902);
		assertThat(inputs.get("document").get("preview").stringValue()).isEqualTo("\"ddddddddd");
		assertThat(JSON.writeValueAsBytes(inputs).length).isLessThanOrEqualTo(1000);
	}

	@Test
	void inputsWithTooManyLargeArgumentsAreReplacedWhole() {
		ValueSerializer capped = new ValueSerializer(Limits.defaults().withMaxValueBytes(200).withPreviewChars(100),
				Redactor.defaults());
		Map<String, Object> args = new java.util.LinkedHashMap<>();
		for (int i = 0; i < 20; i++) {
			args.put("argument" + i, "v".repeat(20));
		}
		JsonNode inputs = capped.inputs(args);
		assertThat(inputs.get("_weave_truncated").booleanValue()).isTrue();
		assertThat(JSON.writeValueAsBytes(inputs).length).isLessThanOrEqualTo(200);
	}

	@Test
	void capLeavesSmallValuesAlone() {
		JsonNode small = JSON.readTree("{\"a\":[1,2,3]}");
		assertThat(this.serializer.capValue(small)).isSameAs(small);
		ValueSerializer capped = new ValueSerializer(Limits.defaults().withMaxValueBytes(128).withPreviewChars(500),
				Redactor.defaults());
		JsonNode marker = capped.capValue(JSON.readTree("[\"" + "z".repeat(200) + "\"]"));
		assertThat(marker.get("original_bytes").intValue()).isEqualTo(204);
		assertThat(marker.get("preview").stringValue()).startsWith("[\"zzz");
		assertThat(JSON.writeValueAsBytes(marker).length).isLessThanOrEqualTo(128);
	}

	@Test
	void previewNeverEndsInAHalfCharacter() {
		ValueSerializer capped = new ValueSerializer(Limits.defaults().withMaxValueBytes(128).withPreviewChars(4),
				Redactor.defaults());
		JsonNode marker = capped.capValue(JSON.readTree("\"" + "\u00e9".repeat(100) + "\""));
		assertThat(marker.get("preview").stringValue()).isEqualTo("\"\u00e9\u00e9\u00e9");
	}

	private String json(Object value) {
		return JSON.writeValueAsString(this.serializer.value(value));
	}

	static class Node {

		public final String name;

		public Node next;

		Node(String name) {
			this.name = name;
		}

	}

	static class Fragile {

		public String getFine() {
			return "ok";
		}

		public String getBroken() {
			throw new IllegalStateException("not today");
		}

	}

	static class Opaque {

		@SuppressWarnings("unused")
		private final int hidden = 1;

	}

	static class SelfDescribing {

		@Override
		public String toString() {
			return "I describe myself";
		}

	}

	static class Conflicting {

		@JsonProperty("same")
		public String getOne() {
			return "1";
		}

		@JsonProperty("same")
		public String getTwo() {
			return "2";
		}

	}

	@JsonSerialize(using = ExplodingSerializer.class)
	static class Exploding {

	}

	static class ExplodingSerializer extends StdSerializer<Exploding> {

		ExplodingSerializer() {
			super(Exploding.class);
		}

		@Override
		public void serialize(Exploding value, JsonGenerator generator, SerializationContext context) {
			throw new UnsupportedOperationException("kaboom");
		}

	}

	record Endless(int level) {

		@JsonValue
		Endless next() {
			return new Endless(this.level + 1);
		}

	}

}
