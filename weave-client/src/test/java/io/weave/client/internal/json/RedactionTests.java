package io.weave.client.internal.json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	@Test
	void defaultKeysAtAnyDepthIgnoringCase() {
		Map<String, Object> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Bearer sk-123");
		headers.put("Accept", "application/json");
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("headers", headers);
		request.put("list", List.of(Map.of("auth_headers", List.of("sk-789"))));
		Map<String, Object> args = new LinkedHashMap<>();
		args.put("API_KEY", "sk-456");
		args.put("request", request);
		assertThat(JSON.writeValueAsString(new ValueSerializer().inputs(args))).isEqualTo("{\"API_KEY\":\"REDACTED\","
				+ "\"request\":{\"headers\":{\"Authorization\":\"REDACTED\",\"Accept\":\"application/json\"},"
				+ "\"list\":[{\"auth_headers\":\"REDACTED\"}]}}");
	}

	@Test
	void recordComponentsAndBeanPropertiesAreRedactedWithoutBeingRead() {
		Credentials credentials = new Credentials("alice", "hunter2");
		String json = JSON.writeValueAsString(
				new ValueSerializer(Limits.defaults(), Redactor.withDefaultsAnd(Set.of("Password"))).value(credentials));
		assertThat(json).isEqualTo("{\"user\":\"alice\",\"password\":\"REDACTED\"}");
		assertThat(JSON.writeValueAsString(new ValueSerializer().value(new Client())))
			.isEqualTo("{\"name\":\"client\",\"apiKey\":\"secret\",\"api_key\":\"REDACTED\"}");
	}

	@Test
	void jsonTreesAreRedactedToo() {
		String json = JSON.writeValueAsString(
				new ValueSerializer().value(JSON.readTree("{\"outer\":{\"AUTHORIZATION\":\"Basic abc\"}}")));
		assertThat(json).isEqualTo("{\"outer\":{\"AUTHORIZATION\":\"REDACTED\"}}");
	}

	@Test
	void customKeysReplaceTheDefaults() {
		Redactor redactor = Redactor.of(List.of(" Token ", "", "SSN"));
		assertThat(redactor.keys()).containsExactly("token", "ssn");
		String json = JSON.writeValueAsString(new ValueSerializer(Limits.defaults(), redactor)
			.value(Map.of("nested", Map.of("token", "t", "ssn", "123", "api_key", "kept"))));
		assertThat(json).contains("\"token\":\"REDACTED\"", "\"ssn\":\"REDACTED\"", "\"api_key\":\"kept\"");
	}

	@Test
	void matching() {
		Redactor redactor = Redactor.defaults();
		assertThat(redactor.keys()).containsExactly("api_key", "auth_headers", "authorization");
		assertThat(redactor.isRedacted("Api_Key")).isTrue();
		assertThat(redactor.isRedacted("api_keys")).isFalse();
		assertThat(redactor.isRedacted("apikey")).isFalse();
		assertThat(redactor.isRedacted("")).isFalse();
	}

	record Credentials(String user, String password) {
	}

	static class Client {

		public String getName() {
			return "client";
		}

		/** Not a redacted key: only exact names (ignoring case) are. */
		public String getApiKey() {
			return "secret";
		}

		@com.fasterxml.jackson.annotation.JsonProperty("api_key")
		public String getKey() {
			throw new AssertionError("a redacted property must not be read");
		}

	}

}
