package io.weave.client.internal.wal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader's own check of record bodies never accepts what Jackson rejects. */
class JsonSyntaxTests {

	private static final JsonFactory JACKSON = JsonFactory.builder().build();

	private static final List<String> VALID = List.of("{}", "{\"a\":1}", "{ \"a\" : [ 1 , -0.5e+10 , true , null ] }",
			"{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\",\"e\":\"\"}", "{\"n\":-0,\"m\":0.0,\"x\":1E3}",
			"{\"nested\":{\"a\":[[],[{}],{\"b\":[false]}]}}", "{\"utf8\":\"é☃😀\"}", "{\"ws\":\t\n\r 1}");

	private static final List<String> INVALID = List.of("", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}",
			"{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":NaN}",
			"{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":\"x}",
			"{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"tab\there\"}", "{a:1}", "{'a':1}", "{\"a\":1}}",
			"{\"a\":1 x}", "{\"a\":[}", "{\"a\":1}/*c*/", "[1]", "{\"a\":1\"b\"}");

	@Test
	void validObjectsAreAccepted() {
		for (String json : VALID) {
			byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
			assertThat(JsonSyntax.objectEnd(bytes, 0, bytes.length)).as(json).isEqualTo(bytes.length);
			assertThat(jacksonAccepts(bytes)).as(json).isTrue();
		}
	}

	@Test
	void invalidObjectsAreRejected() {
		for (String json : INVALID) {
			byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
			assertThat(JsonSyntax.objectEnd(bytes, 0, bytes.length)).as(json).isNotEqualTo(bytes.length);
			assertThat(jacksonAccepts(bytes)).as(json).isFalse();
		}
		byte[] badUtf8 = { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, 'x', '"', '}' };
		assertThat(JsonSyntax.objectEnd(badUtf8, 0, badUtf8.length)).isNegative();
		assertThat(jacksonAccepts(badUtf8)).isFalse();
	}

	@Test
	void whatItAcceptsAfterRandomDamageJacksonAcceptsToo() {
		SplittableRandom random = new SplittableRandom(3);
		JsonMapper mapper = JsonMapper.builder().build();
		byte[] alphabet = "{}[]\":,.-+eE0123456789tfnrul \\/abu\t\n".getBytes(StandardCharsets.US_ASCII);
		int accepted = 0;
		for (int i = 0; i < 20_000; i++) {
			byte[] bytes = mapper.writeValueAsBytes(tree(random, 3));
			assertThat(JsonSyntax.objectEnd(bytes, 0, bytes.length)).isEqualTo(bytes.length);
			for (int damage = random.nextInt(1, 4); damage > 0; damage--) {
				int at = random.nextInt(bytes.length);
				int kind = random.nextInt(3);
				if (kind == 0) {
					bytes[at] = alphabet[random.nextInt(alphabet.length)];
				}
				else if (kind == 1) {
					bytes[at] = (byte) random.nextInt(256);
				}
				else {
					bytes = java.util.Arrays.copyOf(bytes, random.nextInt(1, bytes.length + 1));
				}
			}
			if (JsonSyntax.objectEnd(bytes, 0, bytes.length) == bytes.length) {
				accepted++;
				assertThat(jacksonAccepts(bytes)).as(new String(bytes, StandardCharsets.ISO_8859_1)).isTrue();
			}
		}
		assertThat(accepted).as("some damage leaves valid JSON").isPositive();
	}

	@Test
	void deepNestingIsLeftToJackson() {
		String deep = "{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
		byte[] bytes = deep.getBytes(StandardCharsets.US_ASCII);
		assertThat(JsonSyntax.objectEnd(bytes, 0, bytes.length)).isEqualTo(-2);
	}

	private static ObjectNode tree(SplittableRandom random, int depth) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		for (int i = random.nextInt(4); i > 0; i--) {
			String name = "k" + random.nextInt(100) + ((random.nextInt(5) == 0) ? "\"é\\\n" : "");
			switch (random.nextInt(depth > 0 ? 7 : 5)) {
				case 0 -> node.put(name, random.nextInt());
				case 1 -> node.put(name, random.nextDouble() * 1e6 - 5e5);
				case 2 -> node.put(name, "v" + (char) random.nextInt(0x20, 0x3000) + "\t\"");
				case 3 -> node.put(name, random.nextBoolean());
				case 4 -> node.putNull(name);
				case 5 -> node.set(name, tree(random, depth - 1));
				default -> {
					ArrayNode array = node.putArray(name);
					array.add(random.nextLong()).add(tree(random, depth - 1)).add("x");
				}
			}
		}
		return node;
	}

	private static boolean jacksonAccepts(byte[] bytes) {
		try (JsonParser parser = JACKSON.createParser(ObjectReadContext.empty(), bytes)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return false;
			}
			parser.skipChildren();
			return parser.nextToken() == null;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

}
