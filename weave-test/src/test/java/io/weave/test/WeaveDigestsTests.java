package io.weave.test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeaveDigests}. Expected values were computed with Python 3:
 * {@code json.dumps(value, sort_keys=True)} and the digest algorithm of the Weave client.
 */
class WeaveDigestsTests {

	@Test
	void bytesDigestReplacesUrlSafeCharactersAndStripsPadding() {
		assertThat(WeaveDigests.bytesDigest("print('hello 8')\n".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("35X54HS1I4YB8kca2z9IDag7dKgj7eeTfxk3GVA75bk");
		assertThat(WeaveDigests.bytesDigest(new byte[0])).isEqualTo("47DEQpj8HBSaXYTImWX5JCeuQeRkm5NMpJWZG3hSuFU");
	}

	@Test
	void canonicalJsonOfAnOp() {
		JsonNode val = json("{\"_type\":\"CustomWeaveType\",\"weave_type\":{\"type\":\"Op\"},"
				+ "\"files\":{\"obj.py\":\"abc\"},\"load_op\":\"NO_LOAD_OP\"}");
		assertThat(WeaveDigests.canonicalJson(val)).isEqualTo("{\"_type\": \"CustomWeaveType\", "
				+ "\"files\": {\"obj.py\": \"abc\"}, \"load_op\": \"NO_LOAD_OP\", \"weave_type\": {\"type\": \"Op\"}}");
		assertThat(WeaveDigests.objectDigest(val)).isEqualTo("fGL9xGXmfrXUSH57Z86NmzKAmSKd2EdCKR15Dyykq6A");
	}

	@Test
	void canonicalJsonEscapesLikePython() {
		JsonNode val = json("{\"b\":1,\"a\":[1,2.5,null,true,false],"
				+ "\"c\":\"h\\u00e9llo \\u2603 \\ud83d\\ude00 \\\"q\\\" \\\\ \\n\\t\\u0001\\u007f\"}");
		assertThat(WeaveDigests.canonicalJson(val)).isEqualTo("{\"a\": [1, 2.5, null, true, false], \"b\": 1, "
				+ "\"c\": \"h\\u00e9llo \\u2603 \\ud83d\\ude00 \\\"q\\\" \\\\ \\n\\t\\u0001\\u007f\"}");
		assertThat(WeaveDigests.objectDigest(val)).isEqualTo("vJYQ73OSeRraFEBQCtjxkHoJ7ePKcQa9sRprtSGBLls");
	}

	@Test
	void canonicalJsonFormatsNumbersLikePython() {
		JsonNode val = json("[1e-05, 0.0001, 1e16, 1e15, 123.456, 1.5e300, -0.0, 0.1, 100.0, 1180591620717411303424.0,"
				+ " 12345678901234567890, 0.30000000000000004, 5e-324, 1.7976931348623157e308]");
		assertThat(WeaveDigests.canonicalJson(val)).isEqualTo("[1e-05, 0.0001, 1e+16, 1000000000000000.0, 123.456, "
				+ "1.5e+300, -0.0, 0.1, 100.0, 1.1805916207174113e+21, 12345678901234567890, 0.30000000000000004, "
				+ "5e-324, 1.7976931348623157e+308]");
		assertThat(WeaveDigests.objectDigest(val)).isEqualTo("HRRWz2TGXpP8QyocFowdPmZFEDYRTuCB8wfQBiBM4N0");
	}

	@Test
	void canonicalJsonSortsKeysByCodePoint() {
		JsonNode val = json("{\"\\uffff\":1,\"\\ud83d\\ude00\":2,\"a\":3}");
		assertThat(WeaveDigests.canonicalJson(val)).isEqualTo("{\"a\": 3, \"\\uffff\": 1, \"\\ud83d\\ude00\": 2}");
		assertThat(WeaveDigests.objectDigest(val)).isEqualTo("W2fJXEmNUzjldPeCrX06tGAFUXUNjVttWf6Ro0LQU8U");
	}

	@Test
	void emptyContainers() {
		assertThat(WeaveDigests.objectDigest(json("{}"))).isEqualTo("RBNvo1WzZ4oRRq0W9XhknpT7T8If536DEMBg9hyqY4o");
		assertThat(WeaveDigests.objectDigest(json("[]"))).isEqualTo("T1PNoYwrqgwDVLtfmj7L5e0Sq02OEbqHPC8RFhICuUU");
	}

	@Test
	void tableDigestIsHexOverConcatenatedRowDigests() {
		List<JsonNode> rows = List.of(json("{\"a\":1}"), json("{\"b\":\"x\"}"));
		assertThat(WeaveDigests.rowDigests(rows)).containsExactly("XdhgKMbg1k4iUYb5astpM4ssWXZN95FiEH9cS7NNExA",
				"jDFuHUzsWAYivygASXYdbBc3aHzz6QwNWUg4Ibj1vOo");
		assertThat(WeaveDigests.tableDigest(rows))
			.isEqualTo("b1c780ee69b212ebbdacfd03b608aafb0a7af266ee6dd81cd100c22c1ae99cab");
	}

	private static JsonNode json(String json) {
		return TestHttp.JSON.readTree(json);
	}

}
