package io.weave.client.internal.wire;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written JSON of call records, byte for byte what Jackson writes. */
class JsonBytesTests {

	private static final JsonMapper JACKSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	@Test
	void everyAsciiCharacterIsWrittenOrEscapedAsJacksonDoes() {
		StringBuilder all = new StringBuilder();
		for (char c = 0; c < 0x80; c++) {
			all.append(c);
			assertSameAsJackson(NODES.stringNode(String.valueOf(c)));
		}
		assertSameAsJackson(NODES.stringNode(all.toString()));
	}

	@Test
	void nonAsciiIsUtf8AndLoneSurrogatesAreEscaped() {
		assertSameAsJackson(NODES.stringNode("Où est ma commande ? \u2603 \uD83D\uDE00 \u0800\u07FF\uFFFF"));
		assertSameAsJackson(NODES.stringNode("lone \uD800 high, lone \uDC00 low, at the end \uD83D"));
		assertThat(string("\uD800x")).isEqualTo("\"\\uD800x\"");
	}

	@Test
	void charactersWhoseLowByteIsPlainAsciiAreStillEncoded() {
		// U+0141 and U+0122 end in the bytes of 'A' and '"': nothing may be copied by its low byte alone
		assertSameAsJackson(NODES.stringNode("\u0141\u0122\u015C\u2020 and then plain"));
	}

	@Test
	void repeatedStringsAreWrittenAsStringWritesThemWhateverComesInBetween() {
		String[] refs = { "weave:///team/project/op/answer:abc", "weave:///team/project/op/r\u00e9pondre:d\"ef",
				"weave:///team/project/op/a:1", "weave:///team/project/op/b:2", "weave:///team/project/op/c:3",
				new String("weave:///team/project/op/answer:abc") };
		SplittableRandom random = new SplittableRandom(3);
		for (int i = 0; i < 1_000; i++) {
			String ref = refs[random.nextInt(refs.length)];
			byte[] repeated = JsonBytes.local().raw('[').repeated(ref).raw(',').repeated(ref).raw(']').toByteArray();
			assertThat(new String(repeated, StandardCharsets.UTF_8)).isEqualTo("[" + string(ref) + "," + string(ref) + "]");
		}
	}

	@Test
	void plainStringsAreCopiedAsTheyAre() {
		String id = "019a5a5e-7f3c-7b8e-9c1d-2e3f4a5b6c7d";
		assertThat(JsonBytes.local().plainString(id).toByteArray()).isEqualTo(JsonBytes.local().string(id).toByteArray());
	}

	@Test
	void randomStringsAreWrittenAsJacksonWritesThem() {
		SplittableRandom random = new SplittableRandom(7);
		for (int i = 0; i < 20_000; i++) {
			char[] chars = new char[random.nextInt(40)];
			for (int j = 0; j < chars.length; j++) {
				int kind = random.nextInt(4);
				chars[j] = (char) switch (kind) {
					case 0 -> random.nextInt(0x80);
					case 1 -> random.nextInt(0x800);
					case 2 -> 0xD800 + random.nextInt(0x800);
					default -> random.nextInt(0x10000);
				};
			}
			assertSameAsJackson(NODES.stringNode(new String(chars)));
		}
	}

	@Test
	void treesOfEveryNodeTypeAreWrittenAsJacksonWritesThem() {
		ObjectNode tree = NODES.objectNode();
		tree.put("int", 42).put("negative", -7).put("long", Long.MIN_VALUE).put("max", Long.MAX_VALUE);
		tree.put("short", (short) 3).put("double", 0.7).put("tiny", 1e-7).put("huge", 2e23).put("float", 0.1f);
		tree.put("nan", Double.NaN).put("infinity", Double.POSITIVE_INFINITY).put("floatNaN", Float.NaN);
		tree.put("decimal", new BigDecimal("1E+3")).put("plain", new BigDecimal("12.50"));
		tree.put("big", new BigInteger("123456789012345678901234567890")).put("smallBig", BigInteger.TEN);
		tree.put("true", true).put("false", false).putNull("null");
		tree.put("bytes", new byte[] { 1, 2, 3 });
		tree.putObject("empty");
		tree.putArray("emptyArray");
		ArrayNode array = tree.putArray("array");
		array.add(1).add("two").add(3.5).addNull().addObject().put("nested \"key\"\n", "value\t");
		tree.set("pojo", NODES.pojoNode(java.util.List.of("a", 1)));
		assertSameAsJackson(tree);
	}

	@Test
	void numbersAreWrittenAsJacksonWritesThem() {
		SplittableRandom random = new SplittableRandom(11);
		for (int i = 0; i < 10_000; i++) {
			assertSameAsJackson(NODES.numberNode(random.nextLong()));
			assertSameAsJackson(NODES.numberNode(random.nextInt()));
			assertSameAsJackson(NODES.numberNode(Double.longBitsToDouble(random.nextLong())));
			assertSameAsJackson(NODES.numberNode(Float.intBitsToFloat(random.nextInt())));
		}
		for (long value : new long[] { 0, 9, 10, 99, 100, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
				Long.MAX_VALUE, -1, -10, Long.MIN_VALUE + 1 }) {
			assertSameAsJackson(NODES.numberNode(value));
		}
	}

	@Test
	void timestampsAreQuotedIsoInstants() {
		byte[] written = JsonBytes.local().timestamp(1_732_356_930_123L).toByteArray();
		assertThat(new String(written, StandardCharsets.US_ASCII)).isEqualTo("\"2024-11-23T10:15:30.123Z\"");
		assertThat(new String(JsonBytes.local().timestamp(-1).toByteArray(), StandardCharsets.US_ASCII))
			.isEqualTo("\"1969-12-31T23:59:59.999Z\"");
	}

	@Test
	void timestampsInTheSameSecondAndAcrossSecondsAreWrittenAsFormatted() {
		SplittableRandom random = new SplittableRandom(5);
		long at = 1_732_356_930_000L;
		for (int i = 0; i < 20_000; i++) {
			at += (random.nextInt(4) == 0) ? random.nextLong(0, 100_000_000_000L) : random.nextInt(0, 700);
			byte[] written = JsonBytes.local().timestamp(at).toByteArray();
			assertThat(new String(written, StandardCharsets.US_ASCII)).isEqualTo("\"" + Timestamps.format(at) + "\"");
		}
	}

	@Test
	void largeValuesGrowTheBufferAndItIsNotKeptAfterwards() {
		String large = "x\n".repeat(100_000);
		assertSameAsJackson(NODES.stringNode(large));
		assertThat(string("small")).isEqualTo("\"small\"");
	}

	private static String string(String value) {
		return new String(JsonBytes.local().string(value).toByteArray(), StandardCharsets.UTF_8);
	}

	private static void assertSameAsJackson(JsonNode node) {
		byte[] expected = JACKSON.writeValueAsBytes(node);
		byte[] written = JsonBytes.local().tree(node).toByteArray();
		assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
		assertThat(written).isEqualTo(expected);
	}

}
