package io.weave.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProjectIdTest {

	@Test
	void parsesEntityAndProject() {
		ProjectId id = ProjectId.parse(" my-team/support.bot_2 ");
		assertThat(id.entity()).isEqualTo("my-team");
		assertThat(id.project()).isEqualTo("support.bot_2");
		assertThat(id).hasToString("my-team/support.bot_2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "support-bot", "a/b/c", "/project", "entity/", "my team/bot", "ent/pro ject" })
	void rejectsMalformedProjectWithTheExpectedForm(String value) {
		assertThatExceptionOfType(WeaveConfigurationException.class).isThrownBy(() -> ProjectId.parse(value))
			.withMessageContaining("Expected 'entity/project'")
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("project"));
	}

	@Test
	void rejectsMissingProject() {
		assertThatExceptionOfType(WeaveConfigurationException.class).isThrownBy(() -> ProjectId.parse(null))
			.withMessageContaining("no Weave project is set")
			.withMessageContaining("Expected 'entity/project'");
	}

}
