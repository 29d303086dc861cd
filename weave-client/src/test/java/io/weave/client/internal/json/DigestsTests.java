package io.weave.client.internal.json;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expected values from python3 3.11.7, with
 * {@code d = lambda b: base64.urlsafe_b64encode(hashlib.sha256(b).digest()).decode().replace("-","X").replace("_","Y").rstrip("=")}.
 */
class DigestsTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	@Test
	void bytesDigest() {
		// d(b"hello"), d(b"")
		assertThat(Digests.bytesDigest("hello".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("LPJNulXwow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ");
		assertThat(Digests.bytesDigest(new byte[0])).isEqualTo("47DEQpj8HBSaXYTImWX5JCeuQeRkm5NMpJWZG3hSuFU");
		assertThat(Digests.fileDigest("hello".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(Digests.bytesDigest("hello".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void digestsUseOnlyTheWeaveAlphabet() {
		for (int i = 0; i < 200; i++) {
			assertThat(Digests.bytesDigest(("value " + i).getBytes(StandardCharsets.UTF_8)))
				.hasSize(43)
				.matches("[A-Za-z0-9]+");
		}
	}

	@Test
	void tableDigest() {
		List<JsonNode> rows = List.of(JSON.readTree("{\"id\": 1, \"q\": \"2+2?\"}"),
				JSON.readTree("{\"q\": \"caf\\u00e9\", \"id\": 2}"), JSON.readTree("{}"));
		// rd = [d(json.dumps(r, sort_keys=True).encode()) for r in rows]
		List<String> rowDigests = List.of("ByKrrtjO6EqoVekQxiYm1jQHAU9stYHVjDqjuOUXV3E",
				"tLRQ0eNhm0J4vKSInCOXIZq9ZYQJ5AfFXVDQfLmaXyE", "RBNvo1WzZ4oRRq0W9XhknpT7T8If536DEMBg9hyqY4o");
		assertThat(rows).map(Digests::objectDigest).isEqualTo(rowDigests);
		// hashlib.sha256("".join(rd).encode()).hexdigest()
		String expected = "57af7cc6118e6e073dea6c19ddb51b12e4b7ccf85dcacd8c19d090d535b133e9";
		assertThat(Digests.tableDigest(rows)).isEqualTo(expected);
		assertThat(Digests.tableDigestOfRows(rowDigests)).isEqualTo(expected);
	}

	@Test
	void objectDigestIgnoresKeyOrder() {
		assertThat(Digests.objectDigest(JSON.readTree("{\"a\": 1, \"b\": [2, 3]}")))
			.isEqualTo(Digests.objectDigest(JSON.readTree("{\"b\": [2, 3], \"a\": 1}")));
	}

}
