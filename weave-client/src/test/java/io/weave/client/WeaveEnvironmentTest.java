package io.weave.client;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WeaveEnvironmentTest {

	@Test
	void defaultsToThePublicTraceServer() {
		assertThat(env(Map.of()).traceServerUrl()).isEqualTo("https://trace.wandb.ai");
	}

	@Test
	void explicitTraceServerUrlWins() {
		WeaveEnvironment env = env(Map.of("WF_TRACE_SERVER_URL", "http://127.0.0.1:9000/", "WANDB_BASE_URL",
				"https://acme.wandb.io"));
		assertThat(env.traceServerUrl()).isEqualTo("http://127.0.0.1:9000");
	}

	@Test
	void dedicatedWandbHostServesTracesUnderTraces() {
		assertThat(env(Map.of("WANDB_BASE_URL", "https://acme.wandb.io/")).traceServerUrl())
			.isEqualTo("https://acme.wandb.io/traces");
	}

	@Test
	void defaultWandbHostKeepsThePublicTraceServer() {
		assertThat(env(Map.of("WANDB_BASE_URL", "https://api.wandb.ai")).traceServerUrl())
			.isEqualTo("https://trace.wandb.ai");
	}

	@Test
	void blankValuesCountAsUnset() {
		WeaveEnvironment env = env(Map.of("WANDB_API_KEY", "  ", "WEAVE_PROJECT", "a/b"));
		assertThat(env.apiKey()).isNull();
		assertThat(env.project()).isEqualTo("a/b");
	}

	@Test
	void readsBooleanFlags() {
		WeaveEnvironment env = env(Map.of("A", "true", "B", "1", "C", "no", "D", "TRUE"));
		assertThat(env.isTrue("A")).isTrue();
		assertThat(env.isTrue("B")).isTrue();
		assertThat(env.isTrue("C")).isFalse();
		assertThat(env.isTrue("D")).isTrue();
		assertThat(env.isTrue("MISSING")).isFalse();
	}

	private static WeaveEnvironment env(Map<String, String> variables) {
		return WeaveEnvironment.of(variables::get);
	}

}
