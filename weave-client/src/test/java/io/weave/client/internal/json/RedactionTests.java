package io.weave.client.internal.json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
			.isEqualTo("{\"name\":\"client\",\"apiKey\":\"REDACTED\",\"api_key\":\"REDACTED\"}");
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
		assertThat(redactor.keys()).containsExactly("apikey", "authheaders", "authorization", "password", "passwd",
				"secret", "token", "cookie", "setcookie", "xapikey", "privatekey", "clientsecret");
		assertThat(redactor.isRedacted("Api_Key")).isTrue();
		assertThat(redactor.isRedacted("apikey")).isTrue();
		assertThat(redactor.isRedacted("api_keys")).isFalse();
		assertThat(redactor.isRedacted("max_tokens")).isFalse();
		assertThat(redactor.isRedacted("_")).isFalse();
		assertThat(redactor.isRedacted("")).isFalse();
	}

	@Test
	void credentialsUnderTheirUsualNamesInAnyCaseAndSeparatorStyleAtAnyDepth() {
		Map<String, Object> nested = new LinkedHashMap<>();
		for (String key : List.of("password", "Passwd", "SECRET", "token", "apiKey", "api-key", "Authorization",
				"Cookie", "Set-Cookie", "X-API-KEY", "x_api_key", "privateKey", "PRIVATE_KEY", "clientSecret",
				"client-secret", "auth_headers", "Api Key")) {
			nested.put(key, "leaked-" + key);
		}
		nested.put("max_tokens", 128);
		Map<String, Object> args = new LinkedHashMap<>();
		args.put("request", Map.of("headers", List.of(nested)));
		args.put("password", "hunter2");
		args.put("credentials", new Credentials("alice", "hunter2"));
		String json = JSON.writeValueAsString(new ValueSerializer().inputs(args));
		assertThat(json).doesNotContain("leaked-", "hunter2").contains("\"max_tokens\":128", "\"user\":\"alice\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "tr", "az", "lt", "ar" })
	void userKeysAreNormalizedAlikeUnderEveryLocale(String languageTag) {
		Locale defaultLocale = Locale.getDefault();
		Locale.setDefault(Locale.forLanguageTag(languageTag));
		try {
			// in Turkish, "I".toLowerCase() is a dotless i
			Redactor redactor = Redactor.withDefaultsAnd(List.of("CLIENT_ID", "Iban"));
			for (String key : List.of("client_id", "ClientId", "CLIENT-ID", "IBAN", "iban", "AUTHORIZATION",
					"API_KEY", "PRIVATE_KEY", "X-API-KEY")) {
				assertThat(redactor.isRedacted(key)).as(key).isTrue();
			}
			assertThat(redactor.keys()).contains("clientid", "iban");
		}
		finally {
			Locale.setDefault(defaultLocale);
		}
	}

	record Credentials(String user, String password) {
	}

	static class Client {

		public String getName() {
			return "client";
		}

		/** {@code apiKey} is {@code api_key} without its separator. */
		public String getApiKey() {
			throw new AssertionError("a redacted property must not be read");
		}

		@com.fasterxml.jackson.annotation.JsonProperty("api_key")
		public String getKey() {
			throw new AssertionError("a redacted property must not be read");
		}

	}

}
