package io.weave.client.internal;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.weave.client.internal.json.Redactor;

import static org.assertj.core.api.Assertions.assertThat;

class ExceptionInfoTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	@Test
	void valuesOfRedactedKeysInMessagesAreRedacted() {
		String message = "login failed for user=alice password=hunter2; headers {\"Authorization\": \"Bearer sk-1\","
				+ " 'X-Api-Key': 'sk-2'} via https://host/path?api_key=sk-3&page=2, apiKey: sk-4, token=\"sk-5\","
				+ " Authorization: Bearer sk-6";
		JsonNode info = describe(new IllegalStateException("wrapped", new IllegalArgumentException(message)),
				Redactor.defaults());
		String cause = info.get("cause").get("message").asString();
		assertThat(cause).doesNotContain("hunter2", "sk-1", "sk-2", "sk-3", "sk-4", "sk-5", "sk-6")
			.contains("user=alice", "password=REDACTED", "page=2", "https://host/path?api_key=REDACTED");
		assertThat(info.get("message").asString()).isEqualTo("wrapped");
	}

	@Test
	void userKeysAreRedactedInMessagesToo() {
		JsonNode info = describe(new IllegalStateException("ssn=123-45-6789, name=bob"),
				Redactor.withDefaultsAnd(List.of("SSN")));
		assertThat(info.get("message").asString()).isEqualTo("ssn=REDACTED, name=bob");
	}

	@Test
	void longMessagesAreCutWithAMarker() {
		String huge = "x".repeat(40 * 1024 * 1024);
		String json = ExceptionInfo.toJson(new IllegalStateException(huge), Redactor.defaults());
		assertThat(json.length()).isLessThan(64 * 1024);
		String message = JSON.readTree(json).get("message").asString();
		assertThat(message).startsWith("xxxx")
			.endsWith("… [" + (huge.length() - ExceptionInfo.MAX_MESSAGE_CHARS) + " more characters cut]");
	}

	private static JsonNode describe(Throwable exception, Redactor redactor) {
		return JSON.readTree(ExceptionInfo.toJson(exception, redactor));
	}

}
