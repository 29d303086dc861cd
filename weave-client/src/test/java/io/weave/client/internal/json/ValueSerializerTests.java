package io.weave.client.internal.json;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class ValueSerializerTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final ValueSerializer serializer = new ValueSerializer();

	@Test
	void scalars() {
		assertThat(json(null)).isEqualTo("null");
		assertThat(json("text")).isEqualTo("\"text\"");
		assertThat(json(new StringBuilder("built"))).isEqualTo("\"built\"");
		assertThat(json('c')).isEqualTo("\"c\"");
		assertThat(json(true)).isEqualTo("true");
		assertThat(json(42)).isEqualTo("42");
		assertThat(json((short) 7)).isEqualTo("7");
		assertThat(json(1L << 40)).isEqualTo("1099511627776");
		assertThat(json(0.25)).isEqualTo("0.25");
		assertThat(json(1.5f)).isEqualTo("1.5");
		assertThat(json(new BigDecimal("12345678901234567890.123"))).isEqualTo("12345678901234567890.123");
		assertThat(json(new BigInteger("123456789012345678901234567890"))).isEqualTo("123456789012345678901234567890");
		assertThat(json(new AtomicLong(5))).isEqualTo("5");
	}

	@Test
	void recordsKeepComponentOrder() {
		assertThat(json(new Person("Ada", 36, List.of("math", "engines"))))
			.isEqualTo("{\"name\":\"Ada\",\"age\":36,\"tags\":[\"math\",\"engines\"]}");
	}

	@Test
	void beansAsJacksonSeesThem() {
		Account account = new Account();
		assertThat(json(account)).isEqualTo("{\"id\":7,\"owner\":{\"name\":\"Bob\",\"age\":40,\"tags\":[]},\"display_name\":\"Ada\"}");
	}

	@Test
	void beanWithJsonValue() {
		assertThat(json(List.of(new Money("EUR", 5)))).isEqualTo("[\"5 EUR\"]");
	}

	@Test
	void collectionsAndMaps() {
		Map<Object, Object> map = new LinkedHashMap<>();
		map.put(1, List.of(Arrays.asList("a", null), new LinkedHashSet<>(List.of(2, 3))));
		map.put(Color.RED, new TreeMap<>(Map.of("z", 1, "a", 2)));
		map.put(null, "null key");
		map.put(true, 2.5);
		assertThat(json(map)).isEqualTo(
				"{\"1\":[[\"a\",null],[2,3]],\"RED\":{\"a\":2,\"z\":1},\"null\":\"null key\",\"true\":2.5}");
	}

	@Test
	void arrays() {
		assertThat(json(new int[] { 1, 2 })).isEqualTo("[1,2]");
		assertThat(json(new long[] { 3L })).isEqualTo("[3]");
		assertThat(json(new double[] { 0.5 })).isEqualTo("[0.5]");
		assertThat(json(new boolean[] { true, false })).isEqualTo("[true,false]");
		assertThat(json(new char[] { 'h', 'i' })).isEqualTo("\"hi\"");
		assertThat(json(new Object[] { "x", 1, null })).isEqualTo("[\"x\",1,null]");
		assertThat(json(new String[][] { { "a" }, { "b", "c" } })).isEqualTo("[[\"a\"],[\"b\",\"c\"]]");
	}

	@Test
	void optionals() {
		assertThat(json(Optional.empty())).isEqualTo("null");
		assertThat(json(Optional.of(List.of(1)))).isEqualTo("[1]");
		assertThat(json(OptionalInt.of(3))).isEqualTo("3");
		assertThat(json(OptionalInt.empty())).isEqualTo("null");
	}

	@Test
	void bytes() {
		assertThat(json(new byte[] { 1, 2, 3 })).isEqualTo("{\"_type\":\"bytes\",\"size\":3,\"base64\":\"AQID\"}");
		ValueSerializer small = new ValueSerializer(Limits.defaults().withMaxStringChars(8), Redactor.defaults());
		JsonNode truncated = small.value(new byte[100]);
		assertThat(truncated.get("size").intValue()).isEqualTo(100);
		assertThat(truncated.get("base64").stringValue()).isEqualTo("AAAAAAAA");
		assertThat(truncated.get("truncated").booleanValue()).isTrue();
	}

	@Test
	void timeAsIso8601() {
		assertThat(json(Instant.parse("2026-11-23T10:15:30.123Z"))).isEqualTo("\"2026-11-23T10:15:30.123Z\"");
		assertThat(json(LocalDate.of(2026, 1, 2))).isEqualTo("\"2026-01-02\"");
		assertThat(json(LocalDateTime.of(2026, 1, 2, 3, 4, 5))).isEqualTo("\"2026-01-02T03:04:05\"");
		assertThat(json(OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2))))
			.isEqualTo("\"2026-01-02T03:04:05+02:00\"");
		assertThat(json(ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneId.of("Europe/Paris"))))
			.isEqualTo("\"2026-01-02T03:04:05+01:00\"");
		assertThat(json(Duration.ofMinutes(90))).isEqualTo("\"PT1H30M\"");
		assertThat(json(new java.util.Date(0))).isEqualTo("\"1970-01-01T00:00:00.000Z\"");
	}

	@Test
	void identifiersAndEnums() {
		UUID uuid = UUID.fromString("0191e3a4-7b1c-7def-8abc-0123456789ab");
		assertThat(json(uuid)).isEqualTo("\"0191e3a4-7b1c-7def-8abc-0123456789ab\"");
		assertThat(json(URI.create("https://example.com/a?b=c"))).isEqualTo("\"https://example.com/a?b=c\"");
		assertThat(json(Path.of("/tmp/x.txt"))).isEqualTo("\"/tmp/x.txt\"");
		assertThat(json(new File("/tmp/y.txt"))).isEqualTo("\"/tmp/y.txt\"");
		assertThat(json(Color.GREEN)).isEqualTo("\"GREEN\"");
		assertThat(json(Operation.PLUS)).isEqualTo("\"PLUS\"");
		assertThat(json(String.class)).isEqualTo("\"java.lang.String\"");
	}

	@Test
	void throwables() {
		assertThat(json(new IllegalStateException("boom")))
			.isEqualTo("{\"type\":\"java.lang.IllegalStateException\",\"message\":\"boom\"}");
		assertThat(json(new RuntimeException())).isEqualTo("{\"type\":\"java.lang.RuntimeException\"}");
	}

	@Test
	void jsonTreesPassThrough() {
		JsonNode tree = JSON.readTree("{\"a\":[1,{\"b\":null}],\"c\":\"d\"}");
		assertThat(json(tree)).isEqualTo("{\"a\":[1,{\"b\":null}],\"c\":\"d\"}");
	}

	@Test
	void inputsKeepArgumentOrder() {
		Map<String, Object> args = new LinkedHashMap<>();
		args.put("question", "2+2?");
		args.put("temperature", 0.5);
		args.put("person", new Person("Ada", 36, List.of()));
		ObjectNode inputs = this.serializer.inputs(args);
		assertThat(JSON.writeValueAsString(inputs))
			.isEqualTo("{\"question\":\"2+2?\",\"temperature\":0.5,\"person\":{\"name\":\"Ada\",\"age\":36,\"tags\":[]}}");
		assertThat(this.serializer.inputs(null)).isEmpty();
		assertThat(this.serializer.inputs(Map.of())).isEmpty();
	}

	@Test
	void sharedReferencesThatAreNotCyclesAreWrittenEachTime() {
		List<String> shared = List.of("s");
		assertThat(json(List.of(shared, shared, Map.of("k", shared)))).isEqualTo("[[\"s\"],[\"s\"],{\"k\":[\"s\"]}]");
	}

	private String json(Object value) {
		return JSON.writeValueAsString(this.serializer.value(value));
	}

	record Person(String name, int age, List<String> tags) {
	}

	enum Color {

		RED, GREEN

	}

	enum Operation {

		PLUS {
			@Override
			int apply(int a, int b) {
				return a + b;
			}
		};

		abstract int apply(int a, int b);

	}

	static class Account {

		public int id = 7;

		@JsonIgnore
		public String secret = "hidden";

		@JsonProperty("display_name")
		public String getName() {
			return "Ada";
		}

		@JsonInclude(JsonInclude.Include.NON_NULL)
		public String getNickname() {
			return null;
		}

		public Person getOwner() {
			return new Person("Bob", 40, new ArrayList<>());
		}

	}

	record Money(String currency, int amount) {

		@JsonValue
		String text() {
			return this.amount + " " + this.currency;
		}

	}

}
