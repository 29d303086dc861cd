package io.weave.client.internal.json;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

class PythonJsonTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	/**
	 * Each case: a JSON text, then what Python makes of it and its object digest, from
	 * {@code python3 -c 'import json,hashlib,base64,sys; s=json.dumps(json.loads(sys.argv[1]), sort_keys=True);
	 * print(s, base64.urlsafe_b64encode(hashlib.sha256(s.encode()).digest()).decode().replace("-","X").replace("_","Y").rstrip("="))' TEXT}
	 * (Python 3.11.7). Non-ASCII characters are written as JSON escapes, so that both sides
	 * read the same text.
	 */
	static Stream<Arguments> pythonCases() {
		return Stream.of(
			pythonCase("{\"b\": 1, \"a\": {\"d\": [1, 2, {\"z\": null, \"y\": true}], \"c\": false}, \"A\": \"upper\"}",
					"{\"A\": \"upper\", \"a\": {\"c\": false, \"d\": [1, 2, {\"y\": true, \"z\": null}]}, \"b\": 1}",
					"UcMUqg1cXL5ClsabLhkpOuET1327HmHTmPpu95pzuP0"),
			pythonCase("{\"name\": \"caf\\u00e9\", \"\\u4e2d\\u6587\": \"\\u6c49\\u5b57\", \"emoji\": \"\\ud83d\\ude00 smile\", \"\\u00e9\": 1, \"z\": \"plain\"}",
					"{\"emoji\": \"\\ud83d\\ude00 smile\", \"name\": \"caf\\u00e9\", \"z\": \"plain\", \"\\u00e9\": 1, \"\\u4e2d\\u6587\": \"\\u6c49\\u5b57\"}",
					"sDIY9MbBfTajUql7FzPJf8KYlL15qV186Tl5UzWgq14"),
			// Code point order puts U+FB01 and U+FFFF before astral characters; UTF-16 order would not.
			pythonCase("{\"\\ufb01\": \"ligature (U+FB01)\", \"\\ud83d\\ude00\": \"emoji (U+1F600)\", \"\\uffff\": \"last BMP\", \"\\ud800\\udc00\": \"first astral\"}",
					"{\"\\ufb01\": \"ligature (U+FB01)\", \"\\uffff\": \"last BMP\", \"\\ud800\\udc00\": \"first astral\", \"\\ud83d\\ude00\": \"emoji (U+1F600)\"}",
					"QLLqjRAeNEfk7NedoaMXfa7Z6wzprdJbv8CiolI0a84"),
			pythonCase("[1.0, 0.1, 1e-05, 0.0001, 1e16, 1e15, 1.5e300, -0.0, 123456789.123, 2e23, 5e-324, 1e22, 0.30000000000000004, 100.0, 12345678901234567.0, -2.5e-7, 3.141592653589793]",
					"[1.0, 0.1, 1e-05, 0.0001, 1e+16, 1000000000000000.0, 1.5e+300, -0.0, 123456789.123, 2e+23, 5e-324, 1e+22, 0.30000000000000004, 100.0, 1.2345678901234568e+16, -2.5e-07, 3.141592653589793]",
					"gYs7YqnZm3WI2dUGVihIhbxenkUU2ToQQ4Bo0oTpuYQ"),
			pythonCase("[12345678901234567890123456789, -9223372036854775809, 9223372036854775807, 0, -1]",
					"[12345678901234567890123456789, -9223372036854775809, 9223372036854775807, 0, -1]",
					"lrtI8geZMjYK7RoRKJKDucGxo77JpippSajNzm0XIFI"),
			pythonCase("{\"s\": \"quote\\\" backslash\\\\ slash/ nl\\n cr\\r tab\\t bs\\b ff\\f nul\\u0000 us\\u001f del\\u007f tilde~ space \"}",
					"{\"s\": \"quote\\\" backslash\\\\ slash/ nl\\n cr\\r tab\\t bs\\b ff\\f nul\\u0000 us\\u001f del\\u007f tilde~ space \"}",
					"wGqeSk2dDkNfVyQQaWBcY2I6hisRjoe1KQpFiSdgw8E"),
			pythonCase("{\"a\": {}, \"b\": [], \"c\": \"\", \"d\": [[]], \"e\": [{}]}",
					"{\"a\": {}, \"b\": [], \"c\": \"\", \"d\": [[]], \"e\": [{}]}",
					"2r3Om3SRfx8iridjXILMUmF6FzW0rsiBO8tdwZTdM4M"),
			pythonCase("\"top-level string\"", "\"top-level string\"", "l4VbEN4KMxG6eg1Ftf4HLYLXWh398qH82QgHlyBdcD8"),
			pythonCase("null", "null", "dCNOmKYnSYX12vHzasLXiswzlGT5UHA7jAGYkvmCuQs"),
			pythonCase("42", "42", "c0dctApWjo2ooEXO0RATfhWfiQrE2og7axfcZRs6gEk"),
			pythonCase("{\"_type\": \"CustomWeaveType\", \"weave_type\": {\"type\": \"Op\"}, \"files\": {\"obj.py\": \"abc\"}, \"load_op\": \"NO_LOAD_OP\"}",
					"{\"_type\": \"CustomWeaveType\", \"files\": {\"obj.py\": \"abc\"}, \"load_op\": \"NO_LOAD_OP\", \"weave_type\": {\"type\": \"Op\"}}",
					"fGL9xGXmfrXUSH57Z86NmzKAmSKd2EdCKR15Dyykq6A"));
	}

	private static Arguments pythonCase(String json, String pythonDumps, String pythonDigest) {
		return Arguments.of(json, pythonDumps, pythonDigest);
	}

	@ParameterizedTest
	@MethodSource("pythonCases")
	void dumpsAndDigestsAsPython(String json, String pythonDumps, String pythonDigest) {
		JsonNode value = JSON.readTree(json);
		assertThat(PythonJson.dumps(value)).isEqualTo(pythonDumps);
		assertThat(Digests.objectDigest(value)).isEqualTo(pythonDigest);
	}

	@Test
	void nonFiniteFloatsAsPython() {
		ArrayNode value = JsonNodeFactory.instance.arrayNode()
			.add(Double.NaN)
			.add(Double.POSITIVE_INFINITY)
			.add(Double.NEGATIVE_INFINITY);
		// json.dumps([float("nan"), float("inf"), float("-inf")], sort_keys=True)
		assertThat(PythonJson.dumps(value)).isEqualTo("[NaN, Infinity, -Infinity]");
		assertThat(Digests.objectDigest(value)).isEqualTo("LEODHbAsJXuLVcQXFmLO6JFKJFYOeQ7FEszDqYZpzWU");
	}

	@Test
	void floatAndDecimalNodesDigestAsTheTextJacksonWritesForThem() {
		ArrayNode value = JsonNodeFactory.instance.arrayNode()
			.add(0.1f)
			.add(new BigDecimal("1E+3"))
			.add(new BigDecimal("10"))
			.add(new BigDecimal("1.50"));
		assertThat(JSON.writeValueAsString(value)).isEqualTo("[0.1,1E+3,10,1.50]");
		// json.dumps(json.loads('[0.1, 1E+3, 10, 1.50]'), sort_keys=True)
		assertThat(PythonJson.dumps(value)).isEqualTo("[0.1, 1000.0, 10, 1.5]");
		assertThat(Digests.objectDigest(value)).isEqualTo("MnWXzWB5NO5clIMVYYh0N1V5scD2Yaiw3MMQTULTg7I");
	}

	@Test
	void floatsAsPythonRepr() throws Exception {
		List<String[]> cases = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(
				getClass().getResourceAsStream("python-float-repr.txt"), StandardCharsets.US_ASCII))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isBlank() && !line.startsWith("#")) {
					cases.add(line.split(" "));
				}
			}
		}
		assertThat(cases).hasSizeGreaterThan(3000);
		for (String[] pythonCase : cases) {
			double value = Double.longBitsToDouble(Long.parseLong(pythonCase[0]));
			assertThat(PythonFloat.repr(value)).as("repr of %s", value).isEqualTo(pythonCase[1]);
		}
	}

	@Test
	void floatReprLayout() {
		assertThat(PythonFloat.repr(1.0)).isEqualTo("1.0");
		assertThat(PythonFloat.repr(0.1)).isEqualTo("0.1");
		assertThat(PythonFloat.repr(1e-5)).isEqualTo("1e-05");
		assertThat(PythonFloat.repr(1e16)).isEqualTo("1e+16");
		assertThat(PythonFloat.repr(1.5e300)).isEqualTo("1.5e+300");
		assertThat(PythonFloat.repr(-0.0)).isEqualTo("-0.0");
		assertThat(PythonFloat.repr(2e23)).isEqualTo("2e+23");
		assertThat(PythonFloat.repr(Double.MIN_VALUE)).isEqualTo("5e-324");
		assertThat(PythonFloat.repr(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
	}

	@Test
	void keysInCodePointOrder() {
		List<String> keys = new ArrayList<>(List.of("\uD83D\uDE00", "\uFB01", "b", "\u00E9", "B", "\uFFFF", "\uD800\uDC00"));
		keys.sort(PythonJson.CODE_POINT_ORDER);
		// sorted(["\U0001F600", "\ufb01", "b", "\u00e9", "B", "\uffff", "\U00010000"])
		assertThat(keys).containsExactly("B", "b", "\u00E9", "\uFB01", "\uFFFF", "\uD800\uDC00", "\uD83D\uDE00");
	}

}
